import { HEADER_SIZE } from '../../protocol/record-batch.js';
import { ProducerBatch } from './producer-batch.js';
import type { ProducerHeader, RecordBytes, RecordCompletion, RecordValue } from './producer-batch.js';

/** One partition's batches, oldest first, plus what the idempotent producer tracks per partition. */
export class PartitionQueue {
  readonly topic: string;
  readonly partition: number;
  /** The head may be a batch waiting to be retried; only the last one takes appends. */
  readonly batches: ProducerBatch[] = [];
  /** Batches of this partition in Produce requests awaiting a response. */
  inFlight = 0;
  /** Next sequence number to give a batch (idempotence). */
  nextSequence = 0;
  /** Lowest sequence not yet acknowledged: a batch failing OUT_OF_ORDER_SEQUENCE above it only waits its turn. */
  nextAckSequence = 0;
  /**
   * Uncompressed bytes of this partition's last batch when it was sealed: a new batch starts with that much room,
   * so a busy partition's batches do not grow (and copy) their way up to batch.size every time.
   */
  lastBatchBytes = 0;

  constructor(topic: string, partition: number) {
    this.topic = topic;
    this.partition = partition;
  }
}

/** Finished batches' buffers kept for reuse, at most this many batch sizes (and a quarter of buffer.memory). */
const SPARE_BATCHES = 4;
/** Buffers smaller than this are cheap to allocate and not worth keeping. */
const MIN_SPARE_BYTES = 64 * 1024;

/** What `append` did. */
export const AppendResult = {
  /** Added to the open batch. */
  APPENDED: 0,
  /** Started a new batch (any previous one in the queue is now full and ready). */
  NEW_BATCH: 1,
  /** No open batch had room and `createBatch` was false: the sticky partitioner moves on first. */
  NEEDS_NEW_BATCH: 2,
  /** A new batch was needed but `bufferMemory` cannot reserve one: nothing was appended. */
  NO_MEMORY: 3,
} as const;
export type AppendResultValue = (typeof AppendResult)[keyof typeof AppendResult];

export interface AccumulatorOptions {
  readonly batchSize: number;
  /** Bound on buffered (uncompressed) batch bytes, Kafka's `buffer.memory`. */
  readonly bufferMemory: number;
}

/**
 * The producer's record buffer: per partition, a queue of batches, the last one open for appends. Records go
 * straight into batch bytes (see `ProducerBatch`); the sender takes batches from the queue heads.
 *
 * Memory, as Kafka's `BufferPool`: each new batch reserves `batchSize` bytes (more for a larger first record)
 * against `bufferMemory` until it completes, so appends to an open batch never wait, and a `send()` that needs a
 * new batch when none can be reserved waits for whole batches to complete — rather than trickling out
 * one-record batches as room appears a few bytes at a time.
 */
export class RecordAccumulator {
  readonly batchSize: number;
  readonly bufferMemory: number;
  readonly #queues = new Map<string, PartitionQueue[]>();
  readonly #all: PartitionQueue[] = [];
  readonly #roomWaiters: (() => void)[] = [];
  #bufferedBytes = 0;
  /**
   * Append buffers of finished batches, reused by new ones as Kafka's `BufferPool` does: a busy partition then
   * cycles through a few batch-sized buffers instead of allocating one per batch, which keeps the process's
   * memory flat rather than waiting on the garbage collector to free each.
   */
  readonly #spare: Buffer[] = [];
  #spareBytes = 0;
  readonly #maxSpareBytes: number;
  /** The queue of the last append: records mostly arrive partition after partition. */
  #lastQueue: PartitionQueue | null = null;

  constructor(options: AccumulatorOptions) {
    this.batchSize = options.batchSize;
    this.bufferMemory = options.bufferMemory;
    this.#maxSpareBytes = Math.min(SPARE_BATCHES * options.batchSize, Math.floor(options.bufferMemory / 4));
  }

  get bufferedBytes(): number {
    return this.#bufferedBytes;
  }

  /** Every partition queue ever used, in creation order. */
  get queues(): readonly PartitionQueue[] {
    return this.#all;
  }

  /** Whether a `send()` is waiting for room: batches should go out now rather than linger. */
  get isExhausted(): boolean {
    return this.#roomWaiters.length > 0;
  }

  queue(topic: string, partition: number): PartitionQueue {
    let byPartition = this.#queues.get(topic);
    if (byPartition === undefined) {
      byPartition = [];
      this.#queues.set(topic, byPartition);
    }
    let queue = byPartition[partition];
    if (queue === undefined) {
      queue = new PartitionQueue(topic, partition);
      byPartition[partition] = queue;
      this.#all.push(queue);
    }
    return queue;
  }

  /** Bytes a new batch starting with a record of `recordSize` reserves. */
  reservationFor(recordSize: number): number {
    return Math.max(this.batchSize, HEADER_SIZE + recordSize);
  }

  /** True when `bytes` more fit in `bufferMemory` (always when nothing is buffered, so one huge record can pass). */
  hasRoomFor(bytes: number): boolean {
    return this.#bufferedBytes === 0 || this.#bufferedBytes + bytes <= this.bufferMemory;
  }

  /** Resolves when some buffered bytes are released, or after `timeoutMs`. */
  waitForRoom(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      const waiters = this.#roomWaiters;
      function done(): void {
        clearTimeout(timer);
        const at = waiters.indexOf(done);
        if (at >= 0) waiters.splice(at, 1);
        resolve();
      }
      waiters.push(done);
    });
  }

  append(
    topic: string,
    partition: number,
    timestamp: number,
    key: RecordBytes,
    value: RecordValue,
    headers: readonly ProducerHeader[] | undefined,
    completion: RecordCompletion,
    slot: number,
    createBatch = true,
  ): AppendResultValue {
    const last = this.#lastQueue;
    const queue = last !== null && last.partition === partition && last.topic === topic ? last : (this.#lastQueue = this.queue(topic, partition));
    const open = queue.batches[queue.batches.length - 1];
    if (open !== undefined && !open.isSealed) {
      if (open.tryAppend(timestamp, key, value, headers, completion, slot) >= 0) return AppendResult.APPENDED;
    }
    if (!createBatch) return AppendResult.NEEDS_NEW_BATCH;
    const size = ProducerBatch.recordSize(0, 0, key, value, headers);
    const reservation = this.reservationFor(size);
    if (!this.hasRoomFor(reservation)) return AppendResult.NO_MEMORY;
    const expected = Math.max(size, queue.lastBatchBytes);
    const storage = this.#takeSpare(ProducerBatch.capacityFor(this.batchSize, expected));
    const batch = new ProducerBatch(topic, partition, this.batchSize, expected, Date.now(), reservation, storage);
    batch.tryAppend(timestamp, key, value, headers, completion, slot);
    this.#bufferedBytes += reservation;
    queue.batches.push(batch);
    return AppendResult.NEW_BATCH;
  }

  /** Returns a finished batch's reservation to the pool and wakes the `send()`s waiting for room. */
  release(batch: ProducerBatch): void {
    this.#bufferedBytes -= batch.reservedBytes;
    const storage = batch.detachStorage();
    if (storage !== null && storage.length >= MIN_SPARE_BYTES && this.#spareBytes + storage.length <= this.#maxSpareBytes) {
      this.#spare.push(storage);
      this.#spareBytes += storage.length;
    }
    if (this.#roomWaiters.length > 0) for (const wake of [...this.#roomWaiters]) wake();
  }

  /** A kept buffer of at least `capacity` bytes, if there is one; smaller ones met on the way are let go. */
  #takeSpare(capacity: number): Buffer | undefined {
    while (this.#spare.length > 0) {
      const spare = this.#spare.pop()!;
      this.#spareBytes -= spare.length;
      if (spare.length >= capacity) return spare;
    }
    return undefined;
  }

  /** Every batch still queued (not in flight). */
  queuedBatches(): ProducerBatch[] {
    const out: ProducerBatch[] = [];
    for (const queue of this.#all) for (const batch of queue.batches) out.push(batch);
    return out;
  }

  /** Topics with queued batches, for metadata refreshes. */
  activeTopics(): Set<string> {
    const topics = new Set<string>();
    for (const queue of this.#all) if (queue.batches.length > 0 || queue.inFlight > 0) topics.add(queue.topic);
    return topics;
  }
}
