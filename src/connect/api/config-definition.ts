import {
  ConfigDefinition as CompiledDefinition,
  ConfigError,
  Password,
} from '../../common/config/config-def.js';
import type {
  ConfigDefault,
  ConfigImportance,
  ConfigKey,
  ConfigKeySpec,
  ConfigType,
  ConfigValidatorSpec,
  ConfigValue,
  ConfigValues,
} from '../../common/config/config-def.js';
import { ConfigException } from './errors.js';
import { ConfigValidation } from './config-validation.js';
import type { ConfigKeyValidation } from './config-validation.js';

export { Password };
export type {
  ConfigDefault,
  ConfigImportance,
  ConfigKey,
  ConfigKeySpec,
  ConfigType,
  ConfigValidatorSpec,
  ConfigValue,
  ConfigValues,
};

/**
 * A declarative configuration definition (Kafka's `ConfigDef`): each key's name, type, default, importance,
 * documentation, validator and group, compiled once into an ajv validator. Values are parsed as Kafka parses them;
 * every problem is reported with its key.
 *
 * @example
 * const CONFIG = defineConfig([
 *   { name: 'topic', type: 'string', importance: 'high', documentation: 'The topic to write to.' },
 *   { name: 'batch.size', type: 'int', default: 2000, validator: { range: { min: 1 } }, importance: 'low',
 *     documentation: 'The maximum number of records returned by one poll.' },
 * ]);
 * const { topic } = CONFIG.parse(props); // typed: { topic: string; 'batch.size': number }
 */
export class ConfigDefinition<V = Record<string, ConfigValue | null>> {
  /** The specs this definition was made from, so a runtime can extend it with keys of its own. */
  readonly specs: readonly ConfigKeySpec[];
  readonly #compiled: CompiledDefinition<V>;

  /** @throws ConfigException when a default does not satisfy its key's type or validator, or a name repeats */
  constructor(specs: readonly ConfigKeySpec[]) {
    this.specs = Object.freeze([...specs]);
    try {
      this.#compiled = new CompiledDefinition<V>(specs);
    } catch (err) {
      throw toConfigException(err);
    }
  }

  get keys(): readonly ConfigKey[] {
    return this.#compiled.keys;
  }

  key(name: string): ConfigKey | undefined {
    return this.#compiled.key(name);
  }

  /**
   * Parses connector or task properties into typed values. Keys the definition does not know are ignored: the
   * runtime passes its own keys (`name`, `connector.class`, …) along with the connector's.
   * @throws ConfigException listing every invalid or missing key
   */
  parse(props: Readonly<Record<string, string>>): V {
    try {
      return this.#compiled.parse(props).values;
    } catch (err) {
      throw toConfigException(err);
    }
  }

  /** Checks properties without throwing: one entry per defined key, with that key's errors. */
  validate(props: Readonly<Record<string, string>>): ConfigValidation {
    const errorsByKey = new Map<string, string[]>();
    try {
      this.#compiled.parse(props);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const entry of err.errors) {
        const name = this.#compiled.key(entry.key)?.name ?? entry.key;
        const list = errorsByKey.get(name) ?? [];
        list.push(entry.message);
        errorsByKey.set(name, list);
      }
    }
    const configs: ConfigKeyValidation[] = this.keys.map((key) => ({
      name: key.name,
      value: rawValue(props, key) ?? this.#compiled.formatDefault(key.name),
      errors: errorsByKey.get(key.name) ?? [],
      recommendedValues: key.validator?.oneOf === undefined ? [] : [...key.validator.oneOf],
      visible: true,
    }));
    return new ConfigValidation(configs);
  }

  /** The defined key closest to `name` (for "did you mean" warnings), when one is close. */
  suggest(name: string): string | undefined {
    return this.#compiled.suggest(name);
  }

  /** A new definition with these keys added after this one's. */
  withKeys<W = V>(specs: readonly ConfigKeySpec[]): ConfigDefinition<W> {
    return new ConfigDefinition<W>([...this.specs, ...specs]);
  }
}

/** Compiles a definition whose parsed values are typed from the literal specs. */
export function defineConfig<const K extends readonly ConfigKeySpec[]>(specs: K): ConfigDefinition<ConfigValues<K>> {
  return new ConfigDefinition<ConfigValues<K>>(specs);
}

function rawValue(props: Readonly<Record<string, string>>, key: ConfigKey): string | null {
  for (const name of [key.name, ...(key.aliases ?? [])]) {
    const value = props[name];
    if (value !== undefined) return key.type === 'password' ? Password.HIDDEN : value;
  }
  return null;
}

function toConfigException(err: unknown): unknown {
  if (!(err instanceof ConfigError)) return err;
  return new ConfigException(
    err.errors.map((e) => ({ key: e.key, message: e.message })),
    { cause: err },
  );
}
