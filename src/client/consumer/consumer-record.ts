import type { RecordHeader } from '../../protocol/record-batch-builder.js';

/** Kafka's `TimestampType` names, as the Java client prints them. */
export const TimestampType = {
  CREATE_TIME: 'CreateTime',
  LOG_APPEND_TIME: 'LogAppendTime',
} as const;

export type TimestampTypeName = (typeof TimestampType)[keyof typeof TimestampType];

/**
 * One record returned by `Consumer.poll`, Kafka's `ConsumerRecord`. `key`, `value` and header values are slices of
 * the fetched (or decompressed) batch, not copies: keep a `Buffer.from(...)` copy to retain one for long while
 * dropping the rest of the batch.
 */
export interface ConsumerRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: TimestampTypeName;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly RecordHeader[];
  /** The leader epoch stamped on the record's batch; null when the broker did not stamp one. */
  readonly leaderEpoch: number | null;
}
