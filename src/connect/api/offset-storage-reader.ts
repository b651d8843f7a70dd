import type { SourceOffset, SourcePartition } from './source-record.js';

/**
 * Reads the offsets the runtime committed for a connector's source partitions, so a task resumes where it stopped
 * (Kafka's `OffsetStorageReader`). Partitions are compared by value: `{ filename: 'a' }` finds what was committed
 * for an equal object.
 */
export interface OffsetStorageReader {
  /** The last committed offset of one partition; null when none was committed. */
  offset(partition: SourcePartition): Promise<SourceOffset | null>;
  /** Several partitions at once; partitions without a committed offset are absent from the result. */
  offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset>>;
}
