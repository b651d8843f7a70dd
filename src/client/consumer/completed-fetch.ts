import { codecForType } from '../../protocol/compression/index.js';
import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import { decodeBatch } from '../../protocol/record-batch-builder.js';
import type { DecodedBatch } from '../../protocol/record-batch-builder.js';
import {
  BatchAttribute,
  BatchLayout,
  HEADER_SIZE,
  NO_PARTITION_LEADER_EPOCH,
  batchSizeAt,
  isBatchCrcValid,
  readInt64,
} from '../../protocol/record-batch.js';
import { TimestampType } from './consumer-record.js';
import type { ConsumerRecord, TimestampTypeName } from './consumer-record.js';

/** An aborted transaction a read_committed Fetch response lists: its producer and first offset. */
export interface AbortedTransaction {
  readonly producerId: number;
  readonly firstOffset: number;
}

/** Control record type in a control batch's first record key (int16 version, int16 type). */
const ABORT_MARKER = 0;
const DECODE_OPTIONS = { codecFor: codecForType };

/**
 * One partition's records from one Fetch response, decoded lazily: the raw batches stay as the response's bytes
 * and each is decoded (and decompressed) only when `poll` reaches it, so a large fetch costs nothing until it is
 * consumed. Kafka's `CompletedFetch`:
 * - batches wholly below the fetch position are skipped without decoding, records below it within a batch are
 *   dropped (a fetch answers with whole batches);
 * - control batches (transaction markers) are never returned but move the position past them;
 * - with read_committed, batches of aborted transactions are skipped using the response's aborted list;
 * - each batch's CRC-32C is checked before it is decoded (Kafka's `check.crcs`);
 * - after the last batch, the next fetch offset is the last batch's end even when compaction removed its tail,
 *   so the same batch is not fetched again.
 */
export class CompletedFetch {
  readonly topic: string;
  readonly partition: number;
  /** The bytes this fetch holds, for the fetcher's buffer accounting. */
  readonly sizeInBytes: number;
  /** The offset the next record must have; starts at the fetch offset and only grows. */
  nextFetchOffset: number;
  /** Leader epoch of the batch the last returned record came from. */
  lastEpoch: number | null = null;

  readonly #records: Buffer;
  readonly #aborted: readonly AbortedTransaction[] | null;
  readonly #abortedProducers = new Set<number>();
  #abortedIndex = 0;
  #pos = 0;
  #batch: DecodedBatch | null = null;
  #recordIndex = 0;
  #batchTimestampType: TimestampTypeName = TimestampType.CREATE_TIME;
  #batchEpoch: number | null = null;
  /** One past the last offset of the batch being returned. */
  #batchEnd = -1;
  #drained = false;

  constructor(
    topic: string,
    partition: number,
    fetchOffset: number,
    records: Buffer,
    aborted: readonly AbortedTransaction[] | null,
  ) {
    this.topic = topic;
    this.partition = partition;
    this.nextFetchOffset = fetchOffset;
    this.#records = records;
    this.sizeInBytes = records.length;
    this.#aborted = aborted === null ? null : [...aborted].sort((a, b) => a.firstOffset - b.firstOffset);
  }

  get isDrained(): boolean {
    return this.#drained;
  }

  /** Marks the fetch as used up, e.g. because the partition was revoked or re-positioned. */
  drain(): void {
    this.#drained = true;
    this.#batch = null;
  }

  /**
   * Appends up to `max` records to `out` and returns how many.
   * @throws KafkaError CORRUPT_MESSAGE for a batch whose CRC does not match, leaving the position at it
   */
  fetchRecords(max: number, out: ConsumerRecord[]): number {
    let count = 0;
    while (count < max && !this.#drained) {
      const batch = this.#batch;
      if (batch === null || this.#recordIndex >= batch.records.length) {
        this.#batch = null;
        if (!this.#nextBatch()) this.drain();
        continue;
      }
      const record = batch.records[this.#recordIndex++]!;
      if (record.offset < this.nextFetchOffset) continue;
      out.push({
        topic: this.topic,
        partition: this.partition,
        offset: record.offset,
        timestamp: record.timestamp,
        timestampType: this.#batchTimestampType,
        key: record.key,
        value: record.value,
        headers: record.headers,
        leaderEpoch: this.#batchEpoch,
      });
      this.nextFetchOffset = record.offset + 1;
      this.lastEpoch = this.#batchEpoch;
      count++;
    }
    return count;
  }

  /** Positions on the next batch holding records to return; false when no complete batch is left. */
  #nextBatch(): boolean {
    const buf = this.#records;
    while (buf.length - this.#pos >= HEADER_SIZE) {
      const pos = this.#pos;
      const size = batchSizeAt(buf, pos);
      if (size < HEADER_SIZE || pos + size > buf.length) break;
      this.#pos += size;
      const lastOffset = readInt64(buf, pos) + buf.readInt32BE(pos + BatchLayout.LAST_OFFSET_DELTA);
      if (lastOffset < this.nextFetchOffset) continue;
      if (!isBatchCrcValid(buf, pos, size)) {
        this.#pos = pos;
        throw new KafkaError(
          ErrorCode.CORRUPT_MESSAGE,
          `record batch at offset ${readInt64(buf, pos)} of ${this.topic}-${this.partition} failed its CRC-32C check`,
        );
      }
      const attributes = buf.readInt16BE(pos + BatchLayout.ATTRIBUTES);
      const isControl = (attributes & BatchAttribute.CONTROL) !== 0;
      const batchBytes = buf.subarray(pos, pos + size);
      if (this.#aborted !== null && (attributes & BatchAttribute.TRANSACTIONAL) !== 0) {
        const producerId = readInt64(buf, pos + BatchLayout.PRODUCER_ID);
        this.#abortedUpTo(lastOffset);
        if (isControl) {
          if (isAbortMarker(batchBytes)) this.#abortedProducers.delete(producerId);
        } else if (this.#abortedProducers.has(producerId)) {
          this.nextFetchOffset = lastOffset + 1;
          continue;
        }
      }
      if (isControl) {
        this.nextFetchOffset = lastOffset + 1;
        continue;
      }
      const batch = decodeBatch(batchBytes, DECODE_OPTIONS);
      const epoch = batch.header.partitionLeaderEpoch;
      this.#batch = batch;
      this.#recordIndex = 0;
      this.#batchEnd = lastOffset + 1;
      this.#batchEpoch = epoch === NO_PARTITION_LEADER_EPOCH ? null : epoch;
      this.#batchTimestampType = batch.header.hasLogAppendTime ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
      return true;
    }
    // Compaction may have removed the last batch's tail records; its end still bounds the next fetch, so the
    // same batch is not fetched over and over.
    if (this.#batchEnd > this.nextFetchOffset) this.nextFetchOffset = this.#batchEnd;
    return false;
  }

  /** Kafka's `consumeAbortedTransactionsUpTo`: producers whose aborted transaction began at or before `offset`. */
  #abortedUpTo(offset: number): void {
    const aborted = this.#aborted!;
    while (this.#abortedIndex < aborted.length && aborted[this.#abortedIndex]!.firstOffset <= offset) {
      this.#abortedProducers.add(aborted[this.#abortedIndex]!.producerId);
      this.#abortedIndex++;
    }
  }
}

function isAbortMarker(batch: Buffer): boolean {
  const decoded = decodeBatch(batch, DECODE_OPTIONS);
  const key = decoded.records[0]?.key;
  return key !== null && key !== undefined && key.length >= 4 && key.readInt16BE(2) === ABORT_MARKER;
}
