import { ConnectRecord } from './connect-record.js';
import type { ConnectRecordChanges, ConnectRecordInit } from './connect-record.js';
import { TimestampType } from './timestamp-type.js';

export interface SinkRecordInit extends ConnectRecordInit {
  kafkaPartition: number;
  kafkaOffset: number;
  /** @default TimestampType.NO_TIMESTAMP_TYPE */
  timestampType?: TimestampType;
  /** Where the record was consumed, before transformations changed topic or partition; defaults to the record's own. */
  originalTopic?: string;
  originalKafkaPartition?: number;
  originalKafkaOffset?: number;
}

/**
 * A record consumed from Kafka and handed to a {@link SinkTask}: the converted key and value plus the partition and
 * offset it was read at. `originalTopic`/`originalKafkaPartition`/`originalKafkaOffset` keep the consumed position
 * when a transformation rewrote topic or partition, which is what offsets must be committed against.
 */
export class SinkRecord extends ConnectRecord<SinkRecord> {
  declare readonly kafkaPartition: number;
  readonly kafkaOffset: number;
  readonly timestampType: TimestampType;
  readonly originalTopic: string;
  readonly originalKafkaPartition: number;
  readonly originalKafkaOffset: number;

  constructor(init: SinkRecordInit) {
    super(init);
    this.kafkaOffset = init.kafkaOffset;
    this.timestampType = init.timestampType ?? TimestampType.NO_TIMESTAMP_TYPE;
    this.originalTopic = init.originalTopic ?? init.topic;
    this.originalKafkaPartition = init.originalKafkaPartition ?? init.kafkaPartition;
    this.originalKafkaOffset = init.originalKafkaOffset ?? init.kafkaOffset;
  }

  newRecord(changes: ConnectRecordChanges): SinkRecord {
    const merged = this.merged(changes);
    return new SinkRecord({
      ...merged,
      kafkaPartition: merged.kafkaPartition ?? this.kafkaPartition,
      kafkaOffset: this.kafkaOffset,
      timestampType: this.timestampType,
      originalTopic: this.originalTopic,
      originalKafkaPartition: this.originalKafkaPartition,
      originalKafkaOffset: this.originalKafkaOffset,
    });
  }

  override toString(): string {
    return `SinkRecord{kafkaOffset=${this.kafkaOffset}, timestampType=${this.timestampType}} ${this.describeFields()}`;
  }
}
