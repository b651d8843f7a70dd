import { codecForType } from './compression/index.js';
import { ErrorCode, KafkaError } from './error-codes.js';
import {
  BatchAttribute,
  BatchLayout,
  CURRENT_MAGIC,
  CompressionType,
  HEADER_SIZE,
  LOG_OVERHEAD,
  NO_PARTITION_LEADER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  batchSizeAt,
  computeBatchCrc,
  readBatchHeader,
  writeInt64,
} from './record-batch.js';
import type { BatchHeader } from './record-batch.js';

export interface RecordHeader {
  readonly key: string;
  readonly value: Buffer | null;
}

export interface RecordInput {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: readonly RecordHeader[];
  /** Create time in ms; defaults to the batch's `timestamp` option. */
  readonly timestamp?: number;
}

/** A compression codec plugged in by the client: `type` is its id in attribute bits 0–2. */
export interface CompressionCodec {
  readonly type: number;
  compress(data: Buffer): Buffer;
  decompress(data: Buffer): Buffer;
}

export interface BuildBatchOptions {
  /** @default 0 — the broker assigns real offsets. */
  readonly baseOffset?: number;
  /** @default -1 */
  readonly partitionLeaderEpoch?: number;
  /** @default -1 (not idempotent) */
  readonly producerId?: number;
  /** @default -1 */
  readonly producerEpoch?: number;
  /** @default -1 */
  readonly baseSequence?: number;
  /** @default false */
  readonly transactional?: boolean;
  /** Timestamp for records that carry none. @default Date.now() */
  readonly timestamp?: number;
  /** Compresses the records section as a whole; omitted = uncompressed. */
  readonly codec?: CompressionCodec;
  /** A built-in codec by attribute id (`CompressionType`), used when `codec` is not given. */
  readonly compression?: number;
}

export interface DecodedRecord {
  readonly offset: number;
  readonly timestamp: number;
  /** Slices of the batch buffer, not copies. */
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: RecordHeader[];
}

export interface DecodedBatch {
  readonly header: BatchHeader;
  readonly records: DecodedRecord[];
}

export interface DecodeOptions {
  /** Looks up the codec for a compressed batch's attribute bits. @default the built-in gzip/snappy/lz4/zstd codecs */
  readonly codecFor?: (type: number) => CompressionCodec | undefined;
}

/**
 * Encodes records as one magic-2 record batch, Kafka-exact (`DefaultRecordBatch` / `DefaultRecord`): zigzag
 * varints, timestamps and offsets as deltas from the first record, CRC-32C over attributes..end.
 */
export function buildRecordBatch(records: readonly RecordInput[], options: BuildBatchOptions = {}): Buffer {
  if (records.length === 0) throw new KafkaError(ErrorCode.INVALID_RECORD, 'a record batch needs at least one record');
  const defaultTimestamp = options.timestamp ?? Date.now();
  const baseTimestamp = records[0]!.timestamp ?? defaultTimestamp;
  let maxTimestamp = baseTimestamp;
  let recordsBytes = 0;
  const bodySizes = new Int32Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const timestamp = record.timestamp ?? defaultTimestamp;
    if (timestamp > maxTimestamp) maxTimestamp = timestamp;
    const body = recordBodySize(record, timestamp - baseTimestamp, i);
    bodySizes[i] = body;
    recordsBytes += varintSize(body) + body;
  }

  let section: Buffer = Buffer.allocUnsafe(recordsBytes);
  let pos = 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    pos = writeRecord(section, pos, record, bodySizes[i]!, (record.timestamp ?? defaultTimestamp) - baseTimestamp, i);
  }
  let attributes = options.transactional ? BatchAttribute.TRANSACTIONAL : 0;
  const codec = options.codec ?? (options.compression === undefined ? undefined : builtInCodec(options.compression));
  if (codec && codec.type !== CompressionType.NONE) {
    section = codec.compress(section);
    attributes |= codec.type & BatchAttribute.COMPRESSION_MASK;
  }

  const batch = Buffer.allocUnsafe(HEADER_SIZE + section.length);
  writeInt64(batch, BatchLayout.BASE_OFFSET, options.baseOffset ?? 0);
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, BatchLayout.BATCH_LENGTH);
  batch.writeInt32BE(options.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH, BatchLayout.PARTITION_LEADER_EPOCH);
  batch.writeInt8(CURRENT_MAGIC, BatchLayout.MAGIC);
  batch.writeInt16BE(attributes, BatchLayout.ATTRIBUTES);
  batch.writeInt32BE(records.length - 1, BatchLayout.LAST_OFFSET_DELTA);
  writeInt64(batch, BatchLayout.BASE_TIMESTAMP, baseTimestamp);
  writeInt64(batch, BatchLayout.MAX_TIMESTAMP, maxTimestamp);
  writeInt64(batch, BatchLayout.PRODUCER_ID, options.producerId ?? NO_PRODUCER_ID);
  batch.writeInt16BE(options.producerEpoch ?? -1, BatchLayout.PRODUCER_EPOCH);
  batch.writeInt32BE(options.baseSequence ?? NO_SEQUENCE, BatchLayout.BASE_SEQUENCE);
  batch.writeInt32BE(records.length, BatchLayout.RECORDS_COUNT);
  section.copy(batch, HEADER_SIZE);
  batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), BatchLayout.CRC);
  return batch;
}

/**
 * Decodes every complete batch in `buf` (a fetch response's records may end with a partial batch, which is
 * skipped, as Kafka's clients do). Control batches are returned like any other; callers filter on the header.
 */
export function decodeBatches(buf: Buffer, options: DecodeOptions = {}): DecodedBatch[] {
  const batches: DecodedBatch[] = [];
  let pos = 0;
  while (buf.length - pos >= HEADER_SIZE) {
    const size = batchSizeAt(buf, pos);
    if (size < HEADER_SIZE) throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `batch at byte ${pos} has size ${size}`);
    if (pos + size > buf.length) break;
    batches.push(decodeBatch(buf.subarray(pos, pos + size), options));
    pos += size;
  }
  return batches;
}

/** The records of every complete batch in `buf`, with absolute offsets. */
export function decodeRecords(buf: Buffer, options: DecodeOptions = {}): DecodedRecord[] {
  const out: DecodedRecord[] = [];
  for (const batch of decodeBatches(buf, options)) {
    for (const record of batch.records) out.push(record);
  }
  return out;
}

/** Decodes the one batch that `batch` holds exactly. */
export function decodeBatch(batch: Buffer, options: DecodeOptions = {}): DecodedBatch {
  const header = readBatchHeader(batch, 0);
  if (header.magic !== CURRENT_MAGIC) {
    throw new KafkaError(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, `record batch magic ${header.magic} is not supported`);
  }
  let section = batch.subarray(HEADER_SIZE);
  if (header.compression !== CompressionType.NONE) {
    const codec = (options.codecFor ?? codecForType)(header.compression);
    if (!codec) {
      throw new KafkaError(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `no codec for compression type ${header.compression}`);
    }
    section = codec.decompress(section);
  }
  const reader = new RecordReader(section);
  const records: DecodedRecord[] = new Array(header.recordsCount);
  for (let i = 0; i < header.recordsCount; i++) {
    const length = reader.varint();
    const end = reader.pos + length;
    reader.byte(); // record attributes: unused by magic 2
    const timestampDelta = reader.varlong();
    const offsetDelta = reader.varint();
    const key = reader.nullableBytes();
    const value = reader.nullableBytes();
    const headerCount = reader.varint();
    const headers: RecordHeader[] = new Array(Math.max(headerCount, 0));
    for (let h = 0; h < headerCount; h++) {
      const headerKey = reader.nullableBytes();
      headers[h] = { key: headerKey === null ? '' : headerKey.toString('utf8'), value: reader.nullableBytes() };
    }
    if (reader.pos !== end) {
      throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `record ${i} declares ${length} bytes but holds ${length + reader.pos - end}`);
    }
    records[i] = {
      offset: header.baseOffset + offsetDelta,
      timestamp: header.hasLogAppendTime ? header.maxTimestamp : header.baseTimestamp + timestampDelta,
      key,
      value,
      headers,
    };
  }
  return { header, records };
}

function builtInCodec(type: number): CompressionCodec | undefined {
  if (type === CompressionType.NONE) return undefined;
  const codec = codecForType(type);
  if (!codec) throw new KafkaError(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `no codec for compression type ${type}`);
  return codec;
}

function recordBodySize(record: RecordInput, timestampDelta: number, offsetDelta: number): number {
  let size = 1 + varlongSize(timestampDelta) + varintSize(offsetDelta);
  size += bytesFieldSize(record.key) + bytesFieldSize(record.value);
  const headers = record.headers ?? [];
  size += varintSize(headers.length);
  for (const header of headers) {
    const keyBytes = Buffer.byteLength(header.key, 'utf8');
    size += varintSize(keyBytes) + keyBytes + bytesFieldSize(header.value);
  }
  return size;
}

function writeRecord(buf: Buffer, pos: number, record: RecordInput, bodySize: number, timestampDelta: number, offsetDelta: number): number {
  pos = writeVarint(buf, pos, bodySize);
  buf[pos++] = 0;
  pos = writeVarlong(buf, pos, timestampDelta);
  pos = writeVarint(buf, pos, offsetDelta);
  pos = writeBytesField(buf, pos, record.key);
  pos = writeBytesField(buf, pos, record.value);
  const headers = record.headers ?? [];
  pos = writeVarint(buf, pos, headers.length);
  for (const header of headers) {
    const keyBytes = Buffer.byteLength(header.key, 'utf8');
    pos = writeVarint(buf, pos, keyBytes);
    pos += buf.write(header.key, pos, 'utf8');
    pos = writeBytesField(buf, pos, header.value);
  }
  return pos;
}

function bytesFieldSize(value: Buffer | null): number {
  return value === null ? 1 : varintSize(value.length) + value.length;
}

function writeBytesField(buf: Buffer, pos: number, value: Buffer | null): number {
  if (value === null) return writeVarint(buf, pos, -1);
  pos = writeVarint(buf, pos, value.length);
  return pos + value.copy(buf, pos);
}

/** Zigzag varint (int32): the record format's signed varint. */
export function varintSize(value: number): number {
  let z = ((value << 1) ^ (value >> 31)) >>> 0;
  let size = 1;
  while (z >= 0x80) {
    z >>>= 7;
    size++;
  }
  return size;
}

export function writeVarint(buf: Buffer, pos: number, value: number): number {
  let z = ((value << 1) ^ (value >> 31)) >>> 0;
  while (z >= 0x80) {
    buf[pos++] = (z & 0x7f) | 0x80;
    z >>>= 7;
  }
  buf[pos++] = z;
  return pos;
}

/** Zigzag varlong in number arithmetic: exact for |value| < 2^52, ample for timestamp deltas. */
function zigzag64(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

export function varlongSize(value: number): number {
  let z = zigzag64(value);
  let size = 1;
  while (z >= 0x80) {
    z = Math.floor(z / 0x80);
    size++;
  }
  return size;
}

export function writeVarlong(buf: Buffer, pos: number, value: number): number {
  let z = zigzag64(value);
  while (z >= 0x80) {
    buf[pos++] = (z % 0x80) | 0x80;
    z = Math.floor(z / 0x80);
  }
  buf[pos++] = z;
  return pos;
}

/** Cursor over a records section; throws CORRUPT_MESSAGE instead of reading past the end. */
class RecordReader {
  readonly #buf: Buffer;
  pos = 0;

  constructor(buf: Buffer) {
    this.#buf = buf;
  }

  varint(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result |= (b & 0x7f) << shift;
      if (b < 0x80) return (result >>> 1) ^ -(result & 1);
    }
    throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, 'varint longer than 5 bytes');
  }

  varlong(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
      scale *= 0x80;
    }
    throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, 'varlong longer than 10 bytes');
  }

  nullableBytes(): Buffer | null {
    const length = this.varint();
    if (length < 0) return null;
    const end = this.pos + length;
    if (end > this.#buf.length) throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, 'record field runs past the batch');
    const out = this.#buf.subarray(this.pos, end);
    this.pos = end;
    return out;
  }

  byte(): number {
    if (this.pos >= this.#buf.length) throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, 'record runs past the batch');
    return this.#buf[this.pos++]!;
  }
}
