import type { OffsetStorageReader } from './offset-storage-reader.js';

/** What the runtime offers a running source task (Kafka's `SourceTaskContext`). */
export interface SourceTaskContext {
  /** The task's configuration, as passed to `start`. */
  configs(): Readonly<Record<string, string>>;
  /** The offsets committed for this connector's source partitions, to resume from on start. */
  readonly offsetStorageReader: OffsetStorageReader;
}
