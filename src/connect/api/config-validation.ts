/** One key's validation result, as the REST API's `PUT /connector-plugins/{p}/config/validate` reports it. */
export interface ConfigKeyValidation {
  readonly name: string;
  /** The value as given, or the default as Kafka prints it; null when neither exists. */
  readonly value: string | null;
  readonly errors: string[];
  readonly recommendedValues: string[];
  visible: boolean;
}

/**
 * The result of validating a configuration (Kafka's `Config`): one entry per key of the definition, each with its
 * errors. `Connector.validate` returns it instead of throwing, and a connector overriding `validate` may add
 * errors of its own (for combinations of keys) with `addError`.
 */
export class ConfigValidation {
  readonly configs: ConfigKeyValidation[];

  constructor(configs: ConfigKeyValidation[] = []) {
    this.configs = configs;
  }

  get(name: string): ConfigKeyValidation | undefined {
    return this.configs.find((c) => c.name === name);
  }

  /** Records an error against `name`, adding an entry for it when the definition had none. */
  addError(name: string, message: string): this {
    let entry = this.get(name);
    if (entry === undefined) {
      entry = { name, value: null, errors: [], recommendedValues: [], visible: true };
      this.configs.push(entry);
    }
    entry.errors.push(message);
    return this;
  }

  /** The total number of errors over all keys (the REST API's `error_count`). */
  get errorCount(): number {
    return this.configs.reduce((n, c) => n + c.errors.length, 0);
  }

  /** `key: message` for every error, one per line. */
  describeErrors(): string {
    return this.configs.flatMap((c) => c.errors.map((e) => `${c.name}: ${e}`)).join('\n');
  }
}
