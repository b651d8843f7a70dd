import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import { validateBatches } from '../protocol/record-batch.js';
import type { PartitionLog } from './log/partition-log.js';
import { PRODUCER_STATE_SEGMENTS, ProducerState } from './producer-state.js';

export interface LeaderAppendResult {
  readonly baseOffset: number;
  readonly logAppendTime: number;
  readonly logStartOffset: number;
}

export interface PartitionReadResult {
  readonly records: Buffer;
  readonly highWatermark: number;
  readonly logStartOffset: number;
}

/**
 * One partition replica hosted by this broker. Today this broker is always the leader and the only member of the
 * ISR, so the high watermark follows the log end offset right after each append; the split between the two (and
 * `minInsyncReplicas`) is kept so replication can slot in here without touching the request handlers.
 *
 * Creating one (at broker start-up, or for a new topic) rebuilds the idempotent producers' state from the batch
 * headers of the log's last `PRODUCER_STATE_SEGMENTS` segments.
 */
export class Partition {
  readonly topic: string;
  readonly index: number;
  readonly log: PartitionLog;
  readonly #producers = new ProducerState();
  readonly #appendListeners = new Set<() => void>();
  #leaderEpoch = 0;

  readonly #minInsyncReplicas: number;

  constructor(topic: string, index: number, log: PartitionLog, minInsyncReplicas: number) {
    this.topic = topic;
    this.index = index;
    this.log = log;
    this.#minInsyncReplicas = minInsyncReplicas;
    // Producer state lives in memory only: without this, a batch appended just before a crash and retried
    // after the restart would be appended twice.
    const producers = this.#producers;
    log.forEachBatchHeader(log.tailSegmentsStart(PRODUCER_STATE_SEGMENTS), (header, at) => producers.replayBatchHeader(header, at));
  }

  get leaderEpoch(): number {
    return this.#leaderEpoch;
  }

  get isrSize(): number {
    return 1;
  }

  /**
   * Appends one produce request's records. The buffer is a slice of the request frame, owned by the broker from
   * here on: offsets are stamped into it in place and the same bytes go to the segment file.
   */
  appendRecordsToLeader(records: Buffer, requiredAcks: number): LeaderAppendResult {
    if (requiredAcks === -1 && this.isrSize < this.#minInsyncReplicas) {
      throw new KafkaError(
        ErrorCode.NOT_ENOUGH_REPLICAS,
        `${this.topic}-${this.index} has ${this.isrSize} in-sync replica(s), min.insync.replicas is ${this.#minInsyncReplicas}`,
      );
    }
    const summary = validateBatches(records, this.log.config.maxMessageBytes);
    // Kafka's rule for magic-2 produce requests: producer state is tracked per batch, so one batch per partition.
    if (summary.batchCount !== 1) {
      throw new KafkaError(ErrorCode.INVALID_RECORD, `a produce request must carry exactly one record batch per partition, got ${summary.batchCount}`);
    }
    if (summary.isTransactional) {
      throw new KafkaError(ErrorCode.INVALID_TXN_STATE, 'transactional batches are not supported by this broker');
    }
    const idempotent = summary.producerId >= 0;
    if (idempotent) {
      const duplicate = this.#producers.check(summary.producerId, summary.producerEpoch, summary.baseSequence, summary.lastSequence);
      if (duplicate) {
        return { baseOffset: duplicate.firstOffset, logAppendTime: -1, logStartOffset: this.log.logStartOffset };
      }
    }
    const appended = this.log.appendAsLeader(records, this.#leaderEpoch, summary);
    if (idempotent) {
      this.#producers.record(summary.producerId, summary.producerEpoch, {
        firstSeq: summary.baseSequence,
        lastSeq: summary.lastSequence,
        firstOffset: appended.firstOffset,
        lastOffset: appended.lastOffset,
      });
    }
    this.log.updateHighWatermark(this.log.logEndOffset);
    for (const listener of this.#appendListeners) listener();
    return { baseOffset: appended.firstOffset, logAppendTime: appended.logAppendTime, logStartOffset: appended.logStartOffset };
  }

  read(fetchOffset: number, maxBytes: number, minOneBatch: boolean): PartitionReadResult {
    const result = this.log.read(fetchOffset, maxBytes, { minOneBatch });
    return { records: result.records, highWatermark: result.highWatermark, logStartOffset: result.logStartOffset };
  }

  /** Registers a callback run after every append; returns the function that removes it. */
  onAppend(listener: () => void): () => void {
    this.#appendListeners.add(listener);
    return () => this.#appendListeners.delete(listener);
  }
}
