/**
 * The exceptions a connector, converter or transformation throws, as Kafka Connect defines them. The runtime reacts
 * to the class, never to the message: a `RetriableException` from `poll`/`put` is retried, anything else fails the
 * task; a `DataException` from a converter or transformation goes through the connector's error tolerance.
 */

/** Stable codes, so logs and the REST API can name the failure kind without relying on class names. */
export const ConnectErrorCode = {
  CONNECT: 'CONNECT',
  DATA: 'DATA',
  SCHEMA_BUILDER: 'SCHEMA_BUILDER',
  RETRIABLE: 'RETRIABLE',
  CONFIG: 'CONFIG',
} as const;

export type ConnectErrorCode = (typeof ConnectErrorCode)[keyof typeof ConnectErrorCode];

/** Kafka's `ConnectException`: the base of every Connect failure. */
export class ConnectException extends Error {
  readonly code: ConnectErrorCode = ConnectErrorCode.CONNECT;
  /** True when repeating the same call may succeed; the runtime retries only then. */
  readonly retriable: boolean = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A value does not match its schema, or bytes cannot be converted: the record is bad, not the task. */
export class DataException extends ConnectException {
  override readonly code: ConnectErrorCode = ConnectErrorCode.DATA;
}

/** An invalid `SchemaBuilder` call (a field on a non-struct, a name set twice, a default of the wrong type). */
export class SchemaBuilderException extends DataException {
  override readonly code: ConnectErrorCode = ConnectErrorCode.SCHEMA_BUILDER;
}

/**
 * A transient failure (a remote system unavailable, a timeout): thrown from `SourceTask.poll` or `SinkTask.put`,
 * the runtime calls again with the same records instead of failing the task.
 */
export class RetriableException extends ConnectException {
  override readonly code: ConnectErrorCode = ConnectErrorCode.RETRIABLE;
  override readonly retriable: boolean = true;
}

/** One invalid or missing configuration key. */
export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
}

/**
 * Invalid configuration. `key` names the first offending key (null when the problem is not one key's); `problems`
 * lists every offending key, so one error can report them all at once.
 */
export class ConfigException extends ConnectException {
  override readonly code: ConnectErrorCode = ConnectErrorCode.CONFIG;
  readonly key: string | null;
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[] | string, options?: { cause?: unknown }) {
    const list = typeof problems === 'string' ? [] : problems;
    super(typeof problems === 'string' ? problems : list.map((p) => `${p.key}: ${p.message}`).join('\n'), options);
    this.problems = list;
    this.key = list[0]?.key ?? null;
  }

  /** One key's problem: `new ConfigException([{ key, message }])` spelled shorter. */
  static forKey(key: string, message: string): ConfigException {
    return new ConfigException([{ key, message }]);
  }
}
