import { crc32c as nativeCrc32c } from '@node-rs/crc32';
import { ErrorCode, KafkaError } from './error-codes.js';

/**
 * Record batch v2 (magic 2) header: field positions relative to the start of a batch, as in Kafka's
 * `DefaultRecordBatch`. The broker works on these headers only; record bodies are never decoded on the append or
 * read path.
 */
export const BatchLayout = {
  BASE_OFFSET: 0,
  BATCH_LENGTH: 8,
  PARTITION_LEADER_EPOCH: 12,
  MAGIC: 16,
  CRC: 17,
  ATTRIBUTES: 21,
  LAST_OFFSET_DELTA: 23,
  BASE_TIMESTAMP: 27,
  MAX_TIMESTAMP: 35,
  PRODUCER_ID: 43,
  PRODUCER_EPOCH: 51,
  BASE_SEQUENCE: 53,
  RECORDS_COUNT: 57,
  RECORDS: 61,
} as const;

/** Bytes before the first record. */
export const HEADER_SIZE = 61;
/** baseOffset + batchLength: the bytes not counted by batchLength. */
export const LOG_OVERHEAD = 12;
export const CURRENT_MAGIC = 2;
/** The smallest legal batchLength: a header with no records. */
const MIN_BATCH_LENGTH = HEADER_SIZE - LOG_OVERHEAD;

export const BatchAttribute = {
  COMPRESSION_MASK: 0x07,
  TIMESTAMP_TYPE: 0x08,
  TRANSACTIONAL: 0x10,
  CONTROL: 0x20,
} as const;

/** Codec ids in attribute bits 0–2. */
export const CompressionType = {
  NONE: 0,
  GZIP: 1,
  SNAPPY: 2,
  LZ4: 3,
  ZSTD: 4,
} as const;

/** Kafka's "no sequence" / "no producer" / "no leader epoch" sentinel values. */
export const NO_SEQUENCE = -1;
export const NO_PRODUCER_ID = -1;
export const NO_PARTITION_LEADER_EPOCH = -1;

const TWO_POW_32 = 0x1_0000_0000;
const INT32_MAX = 0x7fff_ffff;

export interface BatchHeader {
  readonly baseOffset: number;
  readonly batchLength: number;
  readonly partitionLeaderEpoch: number;
  readonly magic: number;
  readonly crc: number;
  readonly attributes: number;
  readonly lastOffsetDelta: number;
  readonly baseTimestamp: number;
  readonly maxTimestamp: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordsCount: number;
  readonly compression: number;
  readonly isTransactional: boolean;
  readonly isControl: boolean;
  readonly hasLogAppendTime: boolean;
}

/** What a produce request's record set holds, for offset assignment and producer-state (idempotence) checks. */
export interface BatchSummary {
  readonly batchCount: number;
  readonly recordCount: number;
  /** Sum of `lastOffsetDelta + 1` over the batches: how far the log end offset moves. */
  readonly offsetCount: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  /** The first batch's base sequence. */
  readonly baseSequence: number;
  /** The last batch's last sequence (wrapping at int32 like Kafka), -1 without sequences. */
  readonly lastSequence: number;
  readonly maxTimestamp: number;
  readonly compression: number;
  readonly isTransactional: boolean;
}

/** Who produced the bytes: clients may not write control batches and must send dense offset deltas. */
export type BatchOrigin = 'client' | 'replica';

/** CRC-32C (Castagnoli) as an unsigned 32-bit number. */
export function crc32c(data: Uint8Array): number {
  return nativeCrc32c(data) >>> 0;
}

/** An int64 field as a number; exact for the offsets and timestamps Kafka uses (|v| < 2^53). */
export function readInt64(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * TWO_POW_32 + buf.readUInt32BE(pos + 4);
}

export function writeInt64(buf: Buffer, pos: number, value: number): void {
  const hi = Math.floor(value / TWO_POW_32);
  buf.writeInt32BE(hi, pos);
  buf.writeUInt32BE(value - hi * TWO_POW_32, pos + 4);
}

/** Total bytes of the batch at `pos` (batchLength + 12); needs 12 readable bytes. */
export function batchSizeAt(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos + BatchLayout.BATCH_LENGTH) + LOG_OVERHEAD;
}

export function batchBaseOffsetAt(buf: Buffer, pos: number): number {
  return readInt64(buf, pos);
}

export function batchLastOffsetAt(buf: Buffer, pos: number): number {
  return readInt64(buf, pos) + buf.readInt32BE(pos + BatchLayout.LAST_OFFSET_DELTA);
}

export function batchMaxTimestampAt(buf: Buffer, pos: number): number {
  return readInt64(buf, pos + BatchLayout.MAX_TIMESTAMP);
}

/** Decodes the 61-byte header at `pos` into a plain object (not for per-batch hot loops: it allocates). */
export function readBatchHeader(buf: Buffer, pos: number): BatchHeader {
  const attributes = buf.readInt16BE(pos + BatchLayout.ATTRIBUTES);
  return {
    baseOffset: readInt64(buf, pos),
    batchLength: buf.readInt32BE(pos + BatchLayout.BATCH_LENGTH),
    partitionLeaderEpoch: buf.readInt32BE(pos + BatchLayout.PARTITION_LEADER_EPOCH),
    magic: buf.readInt8(pos + BatchLayout.MAGIC),
    crc: buf.readUInt32BE(pos + BatchLayout.CRC),
    attributes,
    lastOffsetDelta: buf.readInt32BE(pos + BatchLayout.LAST_OFFSET_DELTA),
    baseTimestamp: readInt64(buf, pos + BatchLayout.BASE_TIMESTAMP),
    maxTimestamp: readInt64(buf, pos + BatchLayout.MAX_TIMESTAMP),
    producerId: readInt64(buf, pos + BatchLayout.PRODUCER_ID),
    producerEpoch: buf.readInt16BE(pos + BatchLayout.PRODUCER_EPOCH),
    baseSequence: buf.readInt32BE(pos + BatchLayout.BASE_SEQUENCE),
    recordsCount: buf.readInt32BE(pos + BatchLayout.RECORDS_COUNT),
    compression: attributes & BatchAttribute.COMPRESSION_MASK,
    isTransactional: (attributes & BatchAttribute.TRANSACTIONAL) !== 0,
    isControl: (attributes & BatchAttribute.CONTROL) !== 0,
    hasLogAppendTime: (attributes & BatchAttribute.TIMESTAMP_TYPE) !== 0,
  };
}

/** The CRC a batch of `size` bytes at `pos` should carry: CRC-32C from the attributes to the end. */
export function computeBatchCrc(buf: Buffer, pos: number, size: number): number {
  return crc32c(buf.subarray(pos + BatchLayout.ATTRIBUTES, pos + size));
}

/** Whether the stored CRC matches the bytes; the batch must lie wholly inside `buf`. */
export function isBatchCrcValid(buf: Buffer, pos: number, size: number): boolean {
  return buf.readUInt32BE(pos + BatchLayout.CRC) === computeBatchCrc(buf, pos, size);
}

/**
 * Walks every batch of a produce request's `records` (or a replica's fetched records) and checks what Kafka's
 * `LogValidator` checks before an append, throwing a KafkaError with the code a Produce response carries. Only
 * headers and CRCs are read; records stay undecoded.
 */
export function validateBatches(buf: Buffer, maxBatchBytes: number, origin: BatchOrigin = 'client'): BatchSummary {
  if (buf.length === 0) {
    throw new KafkaError(ErrorCode.INVALID_RECORD, 'the record set holds no record batch');
  }
  let pos = 0;
  let batchCount = 0;
  let recordCount = 0;
  let offsetCount = 0;
  let maxTimestamp = -1;
  let lastSequence = NO_SEQUENCE;
  while (pos < buf.length) {
    const remaining = buf.length - pos;
    // The magic byte sits at offset 16 in every message format, so older formats are recognised before their
    // (shorter) headers are mistaken for a truncated v2 batch.
    if (remaining <= BatchLayout.MAGIC) {
      throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `trailing ${remaining} bytes do not hold a batch header`);
    }
    const magic = buf.readInt8(pos + BatchLayout.MAGIC);
    if (magic !== CURRENT_MAGIC) {
      throw new KafkaError(
        ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT,
        `record batch magic ${magic} is not supported, only magic ${CURRENT_MAGIC} (Kafka 0.11+ clients)`,
      );
    }
    const batchLength = buf.readInt32BE(pos + BatchLayout.BATCH_LENGTH);
    if (batchLength < MIN_BATCH_LENGTH) {
      throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `batch at byte ${pos} has an invalid length ${batchLength}`);
    }
    const size = batchLength + LOG_OVERHEAD;
    if (size > maxBatchBytes) {
      throw new KafkaError(
        ErrorCode.MESSAGE_TOO_LARGE,
        `record batch of ${size} bytes exceeds the maximum of ${maxBatchBytes} bytes (max.message.bytes)`,
      );
    }
    if (size > remaining) {
      throw new KafkaError(
        ErrorCode.CORRUPT_MESSAGE,
        `batch at byte ${pos} claims ${size} bytes but only ${remaining} remain`,
      );
    }
    if (!isBatchCrcValid(buf, pos, size)) {
      throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `record batch at byte ${pos} failed its CRC-32C check`);
    }
    const attributes = buf.readInt16BE(pos + BatchLayout.ATTRIBUTES);
    const lastOffsetDelta = buf.readInt32BE(pos + BatchLayout.LAST_OFFSET_DELTA);
    const recordsCount = buf.readInt32BE(pos + BatchLayout.RECORDS_COUNT);
    if (lastOffsetDelta < 0) {
      throw new KafkaError(ErrorCode.INVALID_RECORD, `record batch has a negative lastOffsetDelta ${lastOffsetDelta}`);
    }
    if (origin === 'client') {
      if (recordsCount < 1 || lastOffsetDelta + 1 !== recordsCount) {
        throw new KafkaError(
          ErrorCode.INVALID_RECORD,
          `record batch has lastOffsetDelta ${lastOffsetDelta} but ${recordsCount} records`,
        );
      }
      if ((attributes & BatchAttribute.CONTROL) !== 0) {
        throw new KafkaError(ErrorCode.INVALID_RECORD, 'clients may not produce control batches');
      }
    }
    const batchMaxTimestamp = readInt64(buf, pos + BatchLayout.MAX_TIMESTAMP);
    if (batchMaxTimestamp > maxTimestamp) maxTimestamp = batchMaxTimestamp;
    const baseSequence = buf.readInt32BE(pos + BatchLayout.BASE_SEQUENCE);
    lastSequence = baseSequence === NO_SEQUENCE ? NO_SEQUENCE : incrementSequence(baseSequence, lastOffsetDelta);
    recordCount += recordsCount;
    offsetCount += lastOffsetDelta + 1;
    batchCount++;
    pos += size;
  }
  const firstAttributes = buf.readInt16BE(BatchLayout.ATTRIBUTES);
  return {
    batchCount,
    recordCount,
    offsetCount,
    producerId: readInt64(buf, BatchLayout.PRODUCER_ID),
    producerEpoch: buf.readInt16BE(BatchLayout.PRODUCER_EPOCH),
    baseSequence: buf.readInt32BE(BatchLayout.BASE_SEQUENCE),
    lastSequence,
    maxTimestamp,
    compression: firstAttributes & BatchAttribute.COMPRESSION_MASK,
    isTransactional: (firstAttributes & BatchAttribute.TRANSACTIONAL) !== 0,
  };
}

/** Kafka's `DefaultRecordBatch.incrementSequence`: sequences wrap from int32 max to 0. */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > INT32_MAX - increment) return increment - (INT32_MAX - sequence) - 1;
  return sequence + increment;
}

/** Rewrites baseOffset in place; not covered by the CRC. */
export function setBaseOffset(buf: Buffer, pos: number, offset: number): void {
  writeInt64(buf, pos + BatchLayout.BASE_OFFSET, offset);
}

/** Rewrites partitionLeaderEpoch in place; not covered by the CRC. */
export function setPartitionLeaderEpoch(buf: Buffer, pos: number, epoch: number): void {
  buf.writeInt32BE(epoch, pos + BatchLayout.PARTITION_LEADER_EPOCH);
}

/**
 * Marks the batch as LogAppendTime with `timestamp` as its maxTimestamp (consumers then read every record's
 * timestamp as this value) and recomputes the CRC, since both fields are covered by it.
 */
export function setLogAppendTime(buf: Buffer, pos: number, timestamp: number): void {
  const attributes = buf.readInt16BE(pos + BatchLayout.ATTRIBUTES);
  buf.writeInt16BE(attributes | BatchAttribute.TIMESTAMP_TYPE, pos + BatchLayout.ATTRIBUTES);
  writeInt64(buf, pos + BatchLayout.MAX_TIMESTAMP, timestamp);
  const size = batchSizeAt(buf, pos);
  buf.writeUInt32BE(computeBatchCrc(buf, pos, size), pos + BatchLayout.CRC);
}
