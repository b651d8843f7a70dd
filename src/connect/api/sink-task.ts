import type { SinkRecord } from './sink-record.js';
import type { SinkTaskContext } from './sink-task-context.js';
import type { Task } from './task.js';
import { ConnectException } from './errors.js';
import type { TopicPartition, TopicPartitionOffsets } from './topic-partition.js';

/**
 * Writes records consumed from Kafka to a target system (Kafka's `SinkTask`). A task's life:
 *
 * 1. **Initialization**: the runtime constructs the task, calls `initialize(context)`, then `start(props)` with one
 *    of the configurations its connector's `taskConfigs` returned.
 * 2. **Partition assignment**: the consumer group assigns partitions and the runtime calls `open(partitions)`; the
 *    task owns them exclusively until they are passed to `close`.
 * 3. **Record processing**: the runtime calls `put(records)` with each batch consumed. `put` may write
 *    asynchronously; periodically the runtime calls `preCommit(offsets)` (by default `flush(offsets)`), and commits
 *    to Kafka the offsets it returns only after it resolves — so everything before them must be durable by then.
 * 4. **Partition rebalancing**: when the assignment changes, the runtime flushes and commits, calls
 *    `close(revoked)`, then `open(assigned)`.
 * 5. **Shutdown**: the runtime flushes and commits a last time, calls `close` with every assigned partition, then
 *    `stop()`. A `RetriableException` from `put` makes the runtime call `put` again with the same records after
 *    `context.timeout`; any other error fails the task.
 */
export abstract class SinkTask implements Task {
  /** The task key listing the topics to consume (comma-separated), as Kafka names it. */
  static readonly TOPICS_CONFIG = 'topics';
  /** The task key holding a regular expression of topics to consume. */
  static readonly TOPICS_REGEX_CONFIG = 'topics.regex';

  /** Tells tasks apart from source tasks without `instanceof`, which fails across copies of this package. */
  readonly taskType = 'sink' as const;
  #context: SinkTaskContext | null = null;

  /** Called by the runtime once, before `start`. */
  initialize(context: SinkTaskContext): void {
    this.#context = context;
  }

  /** @throws ConnectException when read before `initialize` */
  get context(): SinkTaskContext {
    if (this.#context === null) throw new ConnectException('SinkTask.context read before initialize()');
    return this.#context;
  }

  abstract version(): string;

  abstract start(props: Readonly<Record<string, string>>): void | Promise<void>;

  /** Writes (or buffers) a batch of records, in offset order per partition. */
  abstract put(records: SinkRecord[]): Promise<void>;

  /** Makes everything `put` so far durable. The default does nothing, for sinks whose `put` is synchronous. */
  flush(_currentOffsets: TopicPartitionOffsets): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Before an offset commit: returns the offsets that are safe to commit (the next offset to consume per
   * partition). The default flushes and returns `currentOffsets`; a sink writing asynchronously may return less.
   */
  async preCommit(currentOffsets: TopicPartitionOffsets): Promise<TopicPartitionOffsets> {
    await this.flush(currentOffsets);
    return currentOffsets;
  }

  /** Partitions newly assigned; the default does nothing. */
  open(_partitions: readonly TopicPartition[]): void | Promise<void> {}

  /** Partitions about to be revoked, after their last commit; the default does nothing. */
  close(_partitions: readonly TopicPartition[]): void | Promise<void> {}

  abstract stop(): void | Promise<void>;
}
