import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import {
  BatchAttribute,
  BatchLayout,
  NO_SEQUENCE,
  batchBaseOffsetAt,
  batchLastOffsetAt,
  incrementSequence,
  readInt64,
} from '../protocol/record-batch.js';

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

/**
 * How many of a log's last segments `Partition` replays into its producer state at start-up. Kafka keeps a
 * producer's state for `producer.id.expiration.ms` (1 day) and snapshots it to disk; here it is rebuilt from
 * what the last two segments show. A retry follows its original within the client's `delivery.timeout.ms`
 * (2 minutes by default), so the original sits at the log's tail; two segments cover a roll that happened in
 * between. A producer not seen there is unknown after a restart: accepted at any sequence (as after
 * retention), so the cost of the bound is a possible duplicate for a retry older than both segments, never a
 * refused batch.
 */
export const PRODUCER_STATE_SEGMENTS = 2;

/**
 * Idempotent-producer bookkeeping for one partition, as Kafka's ProducerStateManager: per producer id the current
 * epoch and the last few batches appended, so a retried batch is recognised as a duplicate (answered with its
 * original offsets instead of being written twice) and a gap in sequence numbers is refused.
 */
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

  /**
   * Replays a stored batch, given its header, as if it had just been appended (rebuilding the state from the
   * log). Most batches carry no producer id: they cost one int32 read and allocate nothing.
   */
  replayBatchHeader(header: Buffer, at: number): void {
    // producerId is an int64; every id ≥ 0 has a non-negative high word and NO_PRODUCER_ID (-1) a negative one.
    if (header.readInt32BE(at + BatchLayout.PRODUCER_ID) < 0) return;
    const baseSequence = header.readInt32BE(at + BatchLayout.BASE_SEQUENCE);
    // Control batches (transaction markers) carry a producer id but no sequence to deduplicate against.
    if (baseSequence === NO_SEQUENCE || (header.readInt16BE(at + BatchLayout.ATTRIBUTES) & BatchAttribute.CONTROL) !== 0) return;
    const lastOffsetDelta = header.readInt32BE(at + BatchLayout.LAST_OFFSET_DELTA);
    this.record(readInt64(header, at + BatchLayout.PRODUCER_ID), header.readInt16BE(at + BatchLayout.PRODUCER_EPOCH), {
      firstSeq: baseSequence,
      lastSeq: incrementSequence(baseSequence, lastOffsetDelta),
      firstOffset: batchBaseOffsetAt(header, at),
      lastOffset: batchLastOffsetAt(header, at),
    });
  }

  clear(): void {
    this.#producers.clear();
  }
}

function nextSequence(seq: number): number {
  return seq === INT32_MAX ? 0 : seq + 1;
}
