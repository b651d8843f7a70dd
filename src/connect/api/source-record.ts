import { ConnectRecord } from './connect-record.js';
import type { ConnectRecordChanges, ConnectRecordInit } from './connect-record.js';

/** A JSON value: what source partitions and offsets are made of, so any offset store can persist them. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Identifies where records come from within the source system, e.g. `{ filename: '/var/log/app.log' }`. */
export type SourcePartition = Readonly<Record<string, JsonValue>>;

/** A position within a source partition, e.g. `{ position: 1024 }`; the task resumes from the last committed one. */
export type SourceOffset = Readonly<Record<string, JsonValue>>;

export interface SourceRecordInit extends ConnectRecordInit {
  /** Null for a source without offsets (stdin). */
  sourcePartition: SourcePartition | null;
  sourceOffset: SourceOffset | null;
}

/**
 * A record produced by a {@link SourceTask}: the Kafka record to write plus the source partition and offset it
 * came from. The runtime commits `sourceOffset` for `sourcePartition` once the broker has acknowledged the record
 * (and every record before it from the same task).
 */
export class SourceRecord extends ConnectRecord<SourceRecord> {
  readonly sourcePartition: SourcePartition | null;
  readonly sourceOffset: SourceOffset | null;

  constructor(init: SourceRecordInit) {
    super(init);
    this.sourcePartition = init.sourcePartition;
    this.sourceOffset = init.sourceOffset;
  }

  newRecord(changes: ConnectRecordChanges): SourceRecord {
    return new SourceRecord({
      ...this.merged(changes),
      sourcePartition: this.sourcePartition,
      sourceOffset: this.sourceOffset,
    });
  }

  override toString(): string {
    return (
      `SourceRecord{sourcePartition=${JSON.stringify(this.sourcePartition)}, ` +
      `sourceOffset=${JSON.stringify(this.sourceOffset)}} ${this.describeFields()}`
    );
  }
}
