import type { RecordMetadata } from './record-metadata.js';
import type { SourceRecord } from './source-record.js';
import type { SourceTaskContext } from './source-task-context.js';
import type { Task } from './task.js';
import { ConnectException } from './errors.js';

/**
 * Reads records from a source system for Kafka (Kafka's `SourceTask`). A task's life:
 *
 * 1. **Initialization**: the runtime constructs the task, calls `initialize(context)`, then `start(props)` with one
 *    of the configurations its connector's `taskConfigs` returned. `start` typically reads
 *    `context.offsetStorageReader` to resume from the last committed offsets.
 * 2. **Polling**: the runtime calls `poll()` in a loop, one call at a time. `poll` resolves with the next records,
 *    or null (or an empty array) when there is nothing yet; it should wait a little for data rather than return
 *    empty at once, and must resolve promptly once `stop()` is called.
 * 3. **Acknowledgement**: once the broker acknowledged a record, `commitRecord(record, metadata)` is called for it
 *    (`metadata` null when a transformation dropped the record); its source offset becomes eligible for commit.
 * 4. **Offset commit**: every `offset.flush.interval.ms` the runtime writes the acknowledged offsets to the offset
 *    store, then calls `commit()`, which a source that acknowledges reads upstream may use.
 * 5. **Shutdown**: `stop()` is called (possibly while a `poll` is pending); the runtime flushes the acknowledged
 *    offsets a last time. A `RetriableException` from `poll` makes the runtime poll again; any other error fails
 *    the task.
 */
export abstract class SourceTask implements Task {
  /** Tells tasks apart from sink tasks without `instanceof`, which fails across copies of this package. */
  readonly taskType = 'source' as const;
  #context: SourceTaskContext | null = null;

  /** Called by the runtime once, before `start`. */
  initialize(context: SourceTaskContext): void {
    this.#context = context;
  }

  /** @throws ConnectException when read before `initialize` */
  get context(): SourceTaskContext {
    if (this.#context === null) throw new ConnectException('SourceTask.context read before initialize()');
    return this.#context;
  }

  abstract version(): string;

  abstract start(props: Readonly<Record<string, string>>): void | Promise<void>;

  /** The next records; null or empty when none are available yet. */
  abstract poll(): Promise<SourceRecord[] | null>;

  /** Called after the runtime committed offsets; the default does nothing. */
  commit(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Called for each record once the broker acknowledged it (`metadata`), or once a transformation dropped it
   * (`metadata` null). The default does nothing.
   */
  commitRecord(_record: SourceRecord, _metadata: RecordMetadata | null): void | Promise<void> {}

  abstract stop(): void | Promise<void>;
}
