import type {
  OffsetStorageReader,
  SourceOffset,
  SourcePartition,
  SourceRecord,
  SourceTaskContext,
} from '../../../../src/connect/api/index.js';
import { FileStreamSourceTask } from '../../../../connectors/file/file-stream-source-task.js';

/** An offset store in memory, standing in for the runtime's: offsets are "committed" explicitly by the test. */
export class MemoryOffsets implements OffsetStorageReader {
  readonly #stored = new Map<string, { partition: SourcePartition; offset: SourceOffset }>();

  /** Records the offsets of `records`, as the runtime does once the broker acknowledged them. */
  commit(records: readonly SourceRecord[]): void {
    for (const record of records) {
      if (record.sourcePartition === null || record.sourceOffset === null) continue;
      this.#stored.set(JSON.stringify(record.sourcePartition), { partition: record.sourcePartition, offset: record.sourceOffset });
    }
  }

  offset(partition: SourcePartition): Promise<SourceOffset | null> {
    return Promise.resolve(this.#stored.get(JSON.stringify(partition))?.offset ?? null);
  }

  offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset>> {
    const found = new Map<SourcePartition, SourceOffset>();
    for (const partition of partitions) {
      const entry = this.#stored.get(JSON.stringify(partition));
      if (entry !== undefined) found.set(partition, entry.offset);
    }
    return Promise.resolve(found);
  }
}

export async function startSourceTask(
  props: Readonly<Record<string, string>>,
  offsets: MemoryOffsets = new MemoryOffsets(),
): Promise<FileStreamSourceTask> {
  const task = new FileStreamSourceTask();
  const context: SourceTaskContext = { configs: () => props, offsetStorageReader: offsets };
  task.initialize(context);
  await task.start(props);
  return task;
}

/** Polls `task` until `done()` or `timeoutMs`, committing each batch to `offsets`; returns every record polled. */
export async function pollUntil(
  task: FileStreamSourceTask,
  done: (records: readonly SourceRecord[]) => boolean,
  timeoutMs: number,
  offsets?: MemoryOffsets,
): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  while (!done(records) && Date.now() < deadline) {
    const batch = await task.poll();
    if (batch === null) continue;
    records.push(...batch);
    offsets?.commit(batch);
  }
  return records;
}
