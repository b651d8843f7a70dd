import type { ErrantRecordReporter } from './errant-record-reporter.js';
import type { TopicPartition, TopicPartitionOffsets } from './topic-partition.js';

/** What the runtime offers a running sink task (Kafka's `SinkTaskContext`). */
export interface SinkTaskContext {
  /** The task's configuration, as passed to `start`. */
  configs(): Readonly<Record<string, string>>;
  /**
   * Rewinds (or advances) consumption of a partition to `offset`, for a sink that keeps its own offsets in the
   * target system; takes effect before the next `put`.
   */
  offset(tp: TopicPartition, offset: number): void;
  /** `offset` for several partitions. */
  offsets(offsets: TopicPartitionOffsets): void;
  /**
   * After a `put` that threw a `RetriableException`, how long the runtime waits before calling `put` again with
   * the same records.
   */
  timeout(ms: number): void;
  /** The partitions currently assigned to this task. */
  assignment(): readonly TopicPartition[];
  /** Stops fetching from these partitions (back-pressure from the target system) until `resume`. */
  pause(...partitions: TopicPartition[]): void;
  resume(...partitions: TopicPartition[]): void;
  /** Asks for a flush and offset commit as soon as possible rather than at the next interval. */
  requestCommit(): void;
  /** The reporter for records the task cannot process; null when the runtime has none configured. */
  errantRecordReporter(): ErrantRecordReporter | null;
}
