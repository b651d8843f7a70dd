import { ErrorCode, KafkaError } from '../protocol/error-codes.js';

/**
 * Idempotent-producer bookkeeping for one partition, as Kafka's ProducerStateManager: per producer id the current
 * epoch and the last few batches appended, so a retried batch is recognised as a duplicate (answered with its
 * original offsets instead of being written twice) and a gap in sequence numbers is refused.
 */
export interface AppendedBatch {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
}

interface ProducerEntry {
  epoch: number;
  batches: AppendedBatch[];
}

/** Kafka keeps the metadata of the last five batches per producer: a client has at most five in flight. */
const RETAINED_BATCHES = 5;
const INT32_MAX = 0x7fffffff;

export class ProducerState {
  readonly #producers = new Map<number, ProducerEntry>();

  /**
   * Checks a batch about to be appended. Returns the earlier append when it is a duplicate; throws a KafkaError
   * (INVALID_PRODUCER_EPOCH, OUT_OF_ORDER_SEQUENCE_NUMBER) when it must be refused; returns null when it may go on.
   */
  check(producerId: number, epoch: number, firstSeq: number, lastSeq: number): AppendedBatch | null {
    const entry = this.#producers.get(producerId);
    // An unknown producer may start at any sequence: its state can have been lost to retention or a restart (KIP-360).
    if (!entry) return null;
    if (epoch < entry.epoch) {
      throw new KafkaError(ErrorCode.INVALID_PRODUCER_EPOCH, `producer ${producerId} epoch ${epoch} is older than the current epoch ${entry.epoch}`);
    }
    if (epoch > entry.epoch) {
      if (firstSeq !== 0) {
        throw new KafkaError(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, `producer ${producerId} started epoch ${epoch} at sequence ${firstSeq}, expected 0`);
      }
      return null;
    }
    const duplicate = entry.batches.find((b) => b.firstSeq === firstSeq && b.lastSeq === lastSeq);
    if (duplicate) return duplicate;
    const last = entry.batches[entry.batches.length - 1];
    if (last && firstSeq !== nextSequence(last.lastSeq)) {
      throw new KafkaError(
        ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        `producer ${producerId} sent sequence ${firstSeq}, expected ${nextSequence(last.lastSeq)}`,
      );
    }
    return null;
  }

  record(producerId: number, epoch: number, batch: AppendedBatch): void {
    let entry = this.#producers.get(producerId);
    if (!entry || entry.epoch !== epoch) {
      entry = { epoch, batches: [] };
      this.#producers.set(producerId, entry);
    }
    entry.batches.push(batch);
    if (entry.batches.length > RETAINED_BATCHES) entry.batches.shift();
  }

  clear(): void {
    this.#producers.clear();
  }
}

function nextSequence(seq: number): number {
  return seq === INT32_MAX ? 0 : seq + 1;
}
