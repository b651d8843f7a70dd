import type { OffsetStorageReader } from '../api/offset-storage-reader.js';
import type { SourceOffset, SourcePartition } from '../api/source-record.js';
import type { FileOffsetBackingStore } from './file-offset-backing-store.js';

/**
 * A connector's view of the offset store (Kafka's `OffsetStorageReaderImpl`): the offsets committed under its
 * name, partitions compared by value. Source connectors and their tasks read where to resume from it.
 */
export function offsetStorageReader(store: FileOffsetBackingStore, connector: string): OffsetStorageReader {
  return {
    offset: (partition: SourcePartition) => Promise.resolve(store.offset(connector, partition)),
    offsets: (partitions: readonly SourcePartition[]) => {
      const found = new Map<SourcePartition, SourceOffset>();
      for (const partition of partitions) {
        const offset = store.offset(connector, partition);
        if (offset !== null) found.set(partition, offset);
      }
      return Promise.resolve(found);
    },
  };
}
