import { murmur2, toPositive } from './murmur2.js';

/** A custom partitioner: the partition (0..partitionCount-1) for a record of `topic` with `key`. */
export type Partitioner = (topic: string, key: Buffer | string | null, partitionCount: number) => number;

const INITIAL_SCRATCH = 256;

/**
 * Kafka's default partitioning. A keyed record goes to `toPositive(murmur2(keyBytes)) % partitionCount` — over
 * all partitions, available or not, exactly as the Java client, so both agree on where a key lives. Records
 * without a key stick to one partition until a new batch has to be started, then move to another (Kafka's
 * sticky partitioner, KIP-480): batches fill up instead of many partitions each getting a few records.
 */
export class DefaultPartitioner {
  readonly #sticky = new Map<string, number>();
  readonly #random: () => number;
  /** Reused to hash string keys without allocating a Buffer per record. */
  #scratch = Buffer.allocUnsafe(INITIAL_SCRATCH);

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  partitionForKey(key: Buffer | string, partitionCount: number): number {
    if (typeof key !== 'string') return toPositive(murmur2(key)) % partitionCount;
    const length = Buffer.byteLength(key, 'utf8');
    if (length > this.#scratch.length) this.#scratch = Buffer.allocUnsafe(Math.max(length, this.#scratch.length * 2));
    this.#scratch.write(key, 0, 'utf8');
    return toPositive(murmur2(this.#scratch, 0, length)) % partitionCount;
  }

  /** The current sticky partition of `topic`, choosing one among `available` (led partitions) if there is none. */
  stickyPartition(topic: string, available: readonly number[], partitionCount: number): number {
    const current = this.#sticky.get(topic);
    if (current !== undefined && current < partitionCount) return current;
    return this.nextStickyPartition(topic, available, partitionCount);
  }

  /** Moves `topic` to another partition (a new batch is about to start) and returns it. */
  nextStickyPartition(topic: string, available: readonly number[], partitionCount: number): number {
    const previous = this.#sticky.get(topic);
    let next: number;
    if (available.length === 0) {
      next = Math.floor(this.#random() * partitionCount);
    } else if (available.length === 1) {
      next = available[0]!;
    } else {
      do {
        next = available[Math.floor(this.#random() * available.length)]!;
      } while (next === previous);
    }
    this.#sticky.set(topic, next);
    return next;
  }
}
