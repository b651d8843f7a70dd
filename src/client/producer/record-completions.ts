import type { RecordCompletion } from './producer-batch.js';

/** Where a record was written. `offset` is -1 with acks=0, which reports nothing back. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** The record's create time, or the broker's append time on LogAppendTime topics. */
  readonly timestamp: number;
}

/** Settles the promise `send()` returned for one record. */
export class SingleRecordCompletion implements RecordCompletion {
  readonly #resolve: (metadata: RecordMetadata) => void;
  readonly #reject: (error: Error) => void;

  constructor(resolve: (metadata: RecordMetadata) => void, reject: (error: Error) => void) {
    this.#resolve = resolve;
    this.#reject = reject;
  }

  complete(topic: string, partition: number, offset: number, timestamp: number): void {
    this.#resolve({ topic, partition, offset, timestamp });
  }

  fail(error: Error): void {
    this.#reject(error);
  }
}

/**
 * Settles the promise `sendBatch()` returned: resolves with every record's metadata in input order once all are
 * acknowledged, or rejects with the first failure (the other records still complete or fail on their own).
 */
export class BatchCompletion implements RecordCompletion {
  readonly #results: RecordMetadata[];
  readonly #resolve: (metadata: RecordMetadata[]) => void;
  readonly #reject: (error: Error) => void;
  #remaining: number;
  #failed = false;

  constructor(count: number, resolve: (metadata: RecordMetadata[]) => void, reject: (error: Error) => void) {
    this.#results = new Array<RecordMetadata>(count);
    this.#remaining = count;
    this.#resolve = resolve;
    this.#reject = reject;
    if (count === 0) resolve(this.#results);
  }

  complete(topic: string, partition: number, offset: number, timestamp: number, slot: number): void {
    this.#results[slot] = { topic, partition, offset, timestamp };
    if (--this.#remaining === 0 && !this.#failed) this.#resolve(this.#results);
  }

  fail(error: Error): void {
    this.#remaining--;
    if (this.#failed) return;
    this.#failed = true;
    this.#reject(error);
  }
}
