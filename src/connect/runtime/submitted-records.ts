import { canonicalJson } from './file-offset-backing-store.js';
import type { JsonObject } from './file-offset-backing-store.js';

/**
 * Kafka's `SubmittedRecords`, tracked per poll batch rather than per record: which source offsets may be
 * committed. A source partition's offset becomes committable only once the batch holding it, and every earlier
 * batch holding that partition, has been acknowledged by the broker, so a crash never skips a record that was
 * polled but not yet written. Partitions progress independently: an unacknowledged batch of one partition does not
 * hold back another's.
 *
 * Per batch it keeps only the last offset of each source partition in it (what a commit would write), so the
 * bookkeeping costs a few entries per batch, not one per record.
 */

/** One submitted poll batch; `ack()` once the broker acknowledged (or the error policy skipped) all its records. */
export class SubmittedBatch {
  #acked = false;
  readonly #owner: SubmittedRecords;

  /** @internal created by `SubmittedRecords.submit` */
  constructor(owner: SubmittedRecords) {
    this.#owner = owner;
  }

  get acked(): boolean {
    return this.#acked;
  }

  ack(): void {
    if (this.#acked) return;
    this.#acked = true;
    this.#owner.batchAcked();
  }
}

/** The input shape: any record with a source partition and offset (either may be null: not tracked). */
export interface SourcePosition {
  readonly sourcePartition: JsonObject | null;
  readonly sourceOffset: JsonObject | null;
}

export interface CommittableOffset {
  readonly partition: JsonObject;
  readonly offset: JsonObject;
}

interface PendingOffset {
  readonly batch: SubmittedBatch;
  readonly offset: JsonObject;
}

/** A FIFO of one partition's pending offsets; an index instead of `shift()` keeps dequeuing O(1). */
interface PartitionQueue {
  readonly partition: JsonObject;
  entries: PendingOffset[];
  head: number;
}

export class SubmittedRecords {
  readonly #partitions = new Map<string, PartitionQueue>();
  #unacked = 0;
  #waiters: (() => void)[] = [];

  /** Batches submitted and not yet acknowledged. */
  get pendingBatches(): number {
    return this.#unacked;
  }

  /** Registers a batch in poll order; its offsets are committable once it (and what precedes it) is acked. */
  submit(records: readonly SourcePosition[]): SubmittedBatch {
    const batch = new SubmittedBatch(this);
    this.#unacked++;
    // Last offset per partition within the batch; most batches hold a single partition, so keep the previous key.
    let lastKey: string | null = null;
    let lastPartition: JsonObject | null = null;
    let lastQueue: PartitionQueue | undefined;
    let lastOffset: JsonObject | null = null;
    const flush = () => {
      if (lastQueue !== undefined && lastOffset !== null) lastQueue.entries.push({ batch, offset: lastOffset });
    };
    for (const record of records) {
      const { sourcePartition, sourceOffset } = record;
      if (sourcePartition === null || sourceOffset === null) continue;
      if (sourcePartition !== lastPartition) {
        const key = canonicalJson(sourcePartition);
        if (key !== lastKey) {
          flush();
          lastKey = key;
          lastQueue = this.#queue(key, sourcePartition);
        }
        lastPartition = sourcePartition;
      }
      lastOffset = sourceOffset;
    }
    flush();
    return batch;
  }

  /**
   * Offsets safe to write now: per partition, the latest offset whose batch and all earlier ones are acked.
   * Removes what it returns; call again after the next acks.
   */
  committableOffsets(): CommittableOffset[] {
    const result: CommittableOffset[] = [];
    for (const [key, queue] of this.#partitions) {
      let latest: JsonObject | null = null;
      while (queue.head < queue.entries.length && queue.entries[queue.head]!.batch.acked) {
        latest = queue.entries[queue.head]!.offset;
        queue.head++;
      }
      if (latest !== null) result.push({ partition: queue.partition, offset: latest });
      if (queue.head === queue.entries.length) {
        this.#partitions.delete(key);
      } else if (queue.head > 1024 && queue.head * 2 > queue.entries.length) {
        queue.entries = queue.entries.slice(queue.head);
        queue.head = 0;
      }
    }
    return result;
  }

  /** Resolves true once every submitted batch is acked, false when `timeoutMs` passes first. */
  awaitAllAcked(timeoutMs: number): Promise<boolean> {
    if (this.#unacked === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      this.#waiters.push(done);
    });
  }

  /** @internal called by `SubmittedBatch.ack` */
  batchAcked(): void {
    this.#unacked--;
    if (this.#unacked > 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter();
  }

  #queue(key: string, partition: JsonObject): PartitionQueue {
    let queue = this.#partitions.get(key);
    if (queue === undefined) {
      queue = { partition, entries: [], head: 0 };
      this.#partitions.set(key, queue);
    }
    return queue;
  }
}
