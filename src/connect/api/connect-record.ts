import { ConnectHeaders } from './headers.js';
import type { Header } from './headers.js';
import type { Schema } from './schema/schema.js';

/** The fields every record has; all but `topic` are optional when constructing one. */
export interface ConnectRecordInit {
  topic: string;
  /** Null lets the producer's partitioner choose (source records); always set on sink records. */
  kafkaPartition?: number | null;
  keySchema?: Schema | null;
  key?: unknown;
  valueSchema?: Schema | null;
  value?: unknown;
  /** Milliseconds since the epoch; null for none (the producer then stamps the send time). */
  timestamp?: number | null;
  headers?: ConnectHeaders | Iterable<Header>;
}

/** The fields a transformation may change when deriving a record with `newRecord`. */
export type ConnectRecordChanges = Partial<ConnectRecordInit>;

/**
 * What source and sink records share (Kafka's `ConnectRecord`): topic, partition, key and value each with its
 * schema, timestamp and headers. Records are immutable except for their headers; a transformation derives a changed
 * copy with `newRecord`.
 */
export abstract class ConnectRecord<R extends ConnectRecord<R>> {
  readonly topic: string;
  readonly kafkaPartition: number | null;
  readonly keySchema: Schema | null;
  readonly key: unknown;
  readonly valueSchema: Schema | null;
  readonly value: unknown;
  readonly timestamp: number | null;
  // Created on first use: most records never carry headers, and the hot path makes one record per line.
  #headers: ConnectHeaders | null;

  constructor(init: ConnectRecordInit) {
    this.topic = init.topic;
    this.kafkaPartition = init.kafkaPartition ?? null;
    this.keySchema = init.keySchema ?? null;
    this.key = init.key ?? null;
    this.valueSchema = init.valueSchema ?? null;
    this.value = init.value ?? null;
    this.timestamp = init.timestamp ?? null;
    const headers = init.headers;
    this.#headers = headers === undefined ? null : headers instanceof ConnectHeaders ? headers : new ConnectHeaders(headers);
  }

  get headers(): ConnectHeaders {
    return (this.#headers ??= new ConnectHeaders());
  }

  /** True when the record has at least one header, without allocating an empty header list. */
  hasHeaders(): boolean {
    return this.#headers !== null && this.#headers.size > 0;
  }

  /**
   * A copy with some fields changed; the copy's headers are a duplicate of this record's unless `headers` is given.
   */
  abstract newRecord(changes: ConnectRecordChanges): R;

  /** This record's fields merged with `changes`, for `newRecord` implementations. */
  protected merged(changes: ConnectRecordChanges): ConnectRecordInit {
    const init: ConnectRecordInit = {
      topic: changes.topic ?? this.topic,
      kafkaPartition: 'kafkaPartition' in changes ? changes.kafkaPartition : this.kafkaPartition,
      keySchema: 'keySchema' in changes ? changes.keySchema : this.keySchema,
      key: 'key' in changes ? changes.key : this.key,
      valueSchema: 'valueSchema' in changes ? changes.valueSchema : this.valueSchema,
      value: 'value' in changes ? changes.value : this.value,
      timestamp: 'timestamp' in changes ? changes.timestamp : this.timestamp,
    };
    if (changes.headers !== undefined) init.headers = changes.headers;
    else if (this.#headers !== null) init.headers = this.#headers.duplicate();
    return init;
  }

  /** The fields Kafka's `ConnectRecord.toString` prints, for subclasses' `toString`. */
  protected describeFields(): string {
    return (
      `ConnectRecord{topic='${this.topic}', kafkaPartition=${String(this.kafkaPartition)}, ` +
      `key=${String(this.key)}, keySchema=${String(this.keySchema)}, value=${String(this.value)}, ` +
      `valueSchema=${String(this.valueSchema)}, timestamp=${String(this.timestamp)}}`
    );
  }
}
