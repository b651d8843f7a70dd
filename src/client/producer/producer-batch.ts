import {
  BatchAttribute,
  BatchLayout,
  CURRENT_MAGIC,
  HEADER_SIZE,
  LOG_OVERHEAD,
  NO_PARTITION_LEADER_EPOCH,
  computeBatchCrc,
  writeInt64,
} from '../../protocol/record-batch.js';
import { varintSize, varlongSize, writeVarint, writeVarlong } from '../../protocol/record-batch-builder.js';
import type { CompressionCodec } from '../../protocol/record-batch-builder.js';

/** Bytes of a key, value or header value as callers give them: strings are written as UTF-8. */
export type RecordBytes = Buffer | string | null;

/**
 * A value that writes its own bytes into the batch: a serializer able to encode straight into place (the JSON
 * converter's string values) spares a string or Buffer per record. `encodeInto` writes between `minByteLength`
 * and `maxByteLength` bytes at `offset` and returns how many.
 */
export interface EncodableValue {
  readonly minByteLength: number;
  readonly maxByteLength: number;
  encodeInto(target: Buffer, offset: number): number;
}

/** What a record's value may be. */
export type RecordValue = RecordBytes | EncodableValue;

/** The bytes an encodable value writes, in a buffer of their own (for the rare paths that must measure them). */
export function encodeToBuffer(value: EncodableValue): Buffer {
  const buffer = Buffer.allocUnsafe(value.maxByteLength);
  return buffer.subarray(0, value.encodeInto(buffer, 0));
}

export function isEncodable(value: RecordValue): value is EncodableValue {
  return value !== null && typeof value === 'object' && !(value instanceof Uint8Array);
}

export interface ProducerHeader {
  readonly key: string;
  readonly value: RecordBytes;
}

/** Told the outcome of each record of a batch; `slot` is the number the caller gave at append. */
export interface RecordCompletion {
  complete(topic: string, partition: number, offset: number, timestamp: number, slot: number): void;
  fail(error: Error, slot: number): void;
}

export interface SealOptions {
  readonly codec: CompressionCodec | undefined;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
}

const EMPTY = Buffer.alloc(0);

/** Smallest initial buffer; small batches grow from here by doubling up to batch.size. */
const MIN_CAPACITY = 1024;

/** Room for the timestamp and offset deltas of a record whose batch is not chosen yet (two varints of ≤ 5 bytes). */
export const DELTA_SLACK = 10;

/** `#appendText` outcomes besides a size. */
const REFUSED = -1;
const MEASURE = -2;
/** Text longer than this is measured before it is written, so room is never reserved for three times its length. */
const MAX_UNMEASURED_TEXT = 16 * 1024;


/**
 * One partition's record batch being filled by the producer: records are varint-encoded straight into a growing
 * buffer behind a reserved 61-byte header, so a record costs no intermediate objects. `seal()` writes the header
 * (compressing the records section first when a codec is set) and the sealed bytes are what a Produce request
 * carries, unchanged on retries.
 *
 * Lifecycle: `tryAppend()` until it refuses (batch.size reached) or the sender takes it → `seal()` once → sent,
 * possibly several times → `complete()` or `fail()` once.
 */
export class ProducerBatch {
  readonly topic: string;
  readonly partition: number;
  readonly createdAt: number;
  /** Sends so far (1 after the first request). */
  attempts = 0;
  /** Not to be sent again before this time (retry backoff). */
  retryAt = 0;
  /** Set once an append was refused for lack of room: the batch is ready to send whatever linger.ms says. */
  isFull = false;
  /** What the batch holds of the producer's `buffer.memory` until it completes. */
  readonly reservedBytes: number;

  readonly #batchSize: number;
  #buf: Buffer;
  /** The whole append buffer while it can be handed on (uncompressed); `#buf` may be a view of it. */
  #storage: Buffer | null = null;
  #pos = HEADER_SIZE;
  #count = 0;
  #baseTimestamp = 0;
  #maxTimestamp = 0;
  /**
   * Who to tell about each record, run-length encoded: a run is records sharing a completion and a timestamp with
   * consecutive slots, so a caller's batch of thousands of records costs one entry rather than three per record.
   */
  readonly #runCompletions: RecordCompletion[] = [];
  readonly #runSlots: number[] = [];
  readonly #runTimestamps: number[] = [];
  readonly #runLengths: number[] = [];
  #sealed: Buffer | undefined;
  #baseSequence = -1;
  #done = false;
  #whenDone: Promise<void> | undefined;
  #resolveDone: (() => void) | undefined;

  /**
   * @param expectedSize bytes to make room for at once (the first record's size at least); more are grown into
   * @param storage a buffer to append into, when it is at least `ProducerBatch.capacityFor(…)` long (a finished
   *   batch's, see `detachStorage`)
   */
  constructor(topic: string, partition: number, batchSize: number, expectedSize: number, now: number, reservedBytes = 0, storage?: Buffer) {
    this.topic = topic;
    this.partition = partition;
    this.createdAt = now;
    this.reservedBytes = reservedBytes;
    this.#batchSize = batchSize;
    const capacity = ProducerBatch.capacityFor(batchSize, expectedSize);
    this.#buf = storage !== undefined && storage.length >= capacity ? storage : Buffer.allocUnsafe(capacity);
    this.#storage = this.#buf;
  }

  /** The buffer size a batch starts with for `expectedSize` bytes of records. */
  static capacityFor(batchSize: number, expectedSize: number): number {
    return Math.max(HEADER_SIZE + expectedSize, Math.min(batchSize, MIN_CAPACITY * 16));
  }

  /**
   * The buffer this batch appended into, for a new batch to reuse (Kafka's `BufferPool`): only once the batch is
   * done, when nothing sends its bytes any more, and only an uncompressed one's (a compressed batch's records
   * were compressed into a buffer of their own size). The batch's bytes are gone afterwards.
   */
  detachStorage(): Buffer | null {
    if (!this.#done || this.#storage === null) return null;
    const storage = this.#storage;
    this.#storage = null;
    this.#buf = EMPTY;
    this.#sealed = EMPTY;
    return storage;
  }

  get recordCount(): number {
    return this.#count;
  }

  /** Uncompressed size so far, header included. */
  get sizeInBytes(): number {
    return this.#pos;
  }

  get isSealed(): boolean {
    return this.#sealed !== undefined;
  }

  /** The sealed bytes; only after `seal()`. */
  get bytes(): Buffer {
    if (this.#sealed === undefined) throw new Error(`batch for ${this.topic}-${this.partition} is not sealed`);
    return this.#sealed;
  }

  /** -1 unless sealed with a sequence (idempotent producer). */
  get baseSequence(): number {
    return this.#baseSequence;
  }

  get isDone(): boolean {
    return this.#done;
  }

  /** Bytes `record` would take in a batch (varint length prefix included), for the size check before appending. */
  /**
   * Bytes `record` would take in a batch (varint length prefix included), for the size check before appending; an
   * encodable value counts at its `maxByteLength`.
   */
  static recordSize(timestampDelta: number, offsetDelta: number, key: RecordBytes, value: RecordValue, headers: readonly ProducerHeader[] | undefined): number {
    const body = bodySizeOf(timestampDelta, offsetDelta, bytesLength(key), isEncodable(value) ? value.maxByteLength : bytesLength(value), headers);
    return varintSize(body) + body;
  }

  /**
   * At least `recordSize(0, 0, …)` plus the deltas' slack, without scanning text (three bytes per UTF-16 unit):
   * enough to check a record against size limits, which only a record near them needs measuring for.
   */
  static recordSizeBound(key: RecordBytes, value: RecordValue, headers: readonly ProducerHeader[] | undefined): number {
    if (headers !== undefined) return ProducerBatch.recordSize(0, 0, key, value, headers) + DELTA_SLACK;
    const body = bodySizeOf(0, 0, lengthBound(key), lengthBound(value), undefined) + DELTA_SLACK;
    return varintSize(body) + body;
  }

  /**
   * Appends one record unless the batch already holds records and this one would take it past batch.size (the
   * first record always fits, however large). Returns the bytes appended, or -1 when refused.
   */
  tryAppend(
    timestamp: number,
    key: RecordBytes,
    value: RecordValue,
    headers: readonly ProducerHeader[] | undefined,
    completion: RecordCompletion,
    slot: number,
  ): number {
    if (this.#sealed !== undefined) return -1;
    if (this.#count === 0) {
      this.#baseTimestamp = timestamp;
      this.#maxTimestamp = timestamp;
    }
    const timestampDelta = timestamp - this.#baseTimestamp;
    // UTF-8 lengths are measured once here and reused for the length prefixes: measuring a string is a full scan.
    const keyLength = bytesLength(key);
    let size = MEASURE;
    if (headers === undefined && typeof value === 'string') size = this.#appendText(timestampDelta, key, keyLength, value);
    else if (headers === undefined && isEncodable(value)) size = this.#appendEncoded(timestampDelta, key, keyLength, value);
    if (size === MEASURE) size = this.#appendMeasured(timestampDelta, key, keyLength, isEncodable(value) ? encodeToBuffer(value) : value, headers);
    if (size < 0) {
      this.isFull = true;
      return -1;
    }
    if (timestamp > this.#maxTimestamp) this.#maxTimestamp = timestamp;
    this.#track(completion, slot, timestamp);
    this.#count++;
    if (this.#pos >= this.#batchSize) this.isFull = true;
    return size;
  }

  /**
   * A text value written without measuring it first, the common case of converters that produce text: UTF-8 takes
   * between one and three bytes per UTF-16 unit, and when both bounds give the length prefixes the same width the
   * text can be written straight into place and the prefixes filled in after. Returns the bytes appended, REFUSED
   * when the record cannot fit, or MEASURE when the bounds are too loose to decide (long text, a batch nearly full).
   */
  #appendText(timestampDelta: number, key: RecordBytes, keyLength: number, value: string): number {
    if (value.length > MAX_UNMEASURED_TEXT) return MEASURE;
    const least = value.length;
    const most = value.length * 3;
    const lengthBytes = varintSize(least);
    if (varintSize(most) !== lengthBytes) return MEASURE;
    // Attributes, the two deltas, the key, the value's length prefix and the header count.
    const fixed = 1 + varlongSize(timestampDelta) + varintSize(this.#count) + sizedFieldSize(keyLength) + lengthBytes + 1;
    const bodyBytes = varintSize(fixed + least);
    if (varintSize(fixed + most) !== bodyBytes) return MEASURE;
    const largest = bodyBytes + fixed + most;
    if (this.#count > 0 && this.#pos + largest > this.#batchSize) {
      return this.#pos + bodyBytes + fixed + least > this.#batchSize ? REFUSED : MEASURE;
    }
    this.#ensure(largest);
    const buf = this.#buf;
    const start = this.#pos;
    let pos = this.#writeHead(start + bodyBytes, timestampDelta, key, keyLength);
    const written = buf.write(value, pos + lengthBytes, most, 'utf8');
    writeVarint(buf, pos, written);
    pos += lengthBytes + written;
    buf[pos++] = 0;
    writeVarint(buf, start, pos - start - bodyBytes);
    this.#pos = pos;
    return pos - start;
  }

  /**
   * An encodable value written straight into place: the length prefixes are given the width of the largest value
   * it may write, and narrowed afterwards (moving the bytes behind them) when the value came out shorter, which only
   * values near a varint boundary do. Returns the bytes appended, REFUSED, or MEASURE when only the exact size can
   * tell (a batch nearly full, or a value that may be large).
   */
  #appendEncoded(timestampDelta: number, key: RecordBytes, keyLength: number, value: EncodableValue): number {
    const most = value.maxByteLength;
    if (most > MAX_UNMEASURED_TEXT * 3) return MEASURE;
    const lengthBytes = varintSize(most);
    // Attributes, the two deltas, the key and the header count.
    const fixed = 1 + varlongSize(timestampDelta) + varintSize(this.#count) + sizedFieldSize(keyLength) + 1;
    const bodyBytes = varintSize(fixed + lengthBytes + most);
    const largest = bodyBytes + fixed + lengthBytes + most;
    if (this.#count > 0 && this.#pos + largest > this.#batchSize) {
      const least = value.minByteLength;
      const smallestBody = fixed + varintSize(least) + least;
      return this.#pos + varintSize(smallestBody) + smallestBody > this.#batchSize ? REFUSED : MEASURE;
    }
    this.#ensure(largest);
    const buf = this.#buf;
    const start = this.#pos;
    let pos = this.#writeHead(start + bodyBytes, timestampDelta, key, keyLength);
    const valueAt = pos + lengthBytes;
    const written = value.encodeInto(buf, valueAt);
    const body = fixed + varintSize(written) + written;
    const narrowedBy = bodyBytes - varintSize(body);
    if (narrowedBy > 0) buf.copyWithin(start + bodyBytes - narrowedBy, start + bodyBytes, pos);
    pos = writeVarint(buf, pos - narrowedBy, written);
    if (pos !== valueAt) buf.copyWithin(pos, valueAt, valueAt + written);
    pos += written;
    buf[pos++] = 0;
    writeVarint(buf, start, body);
    this.#pos = pos;
    return pos - start;
  }

  /** Any record, its sizes measured first. Returns the bytes appended or REFUSED. */
  #appendMeasured(
    timestampDelta: number,
    key: RecordBytes,
    keyLength: number,
    value: RecordBytes,
    headers: readonly ProducerHeader[] | undefined,
  ): number {
    const valueLength = bytesLength(value);
    const body = bodySizeOf(timestampDelta, this.#count, keyLength, valueLength, headers);
    const size = varintSize(body) + body;
    if (this.#count > 0 && this.#pos + size > this.#batchSize) return REFUSED;
    this.#ensure(size);
    const buf = this.#buf;
    let pos = this.#writeHead(writeVarint(buf, this.#pos, body), timestampDelta, key, keyLength);
    pos = writeSized(buf, pos, value, valueLength);
    if (headers === undefined) {
      buf[pos++] = 0;
    } else {
      pos = writeVarint(buf, pos, headers.length);
      for (const header of headers) {
        pos = writeBytes(buf, pos, header.key);
        pos = writeBytes(buf, pos, header.value);
      }
    }
    this.#pos = pos;
    return size;
  }

  /** Writes a record's attributes, timestamp and offset deltas and key at `pos`; returns where its value goes. */
  #writeHead(pos: number, timestampDelta: number, key: RecordBytes, keyLength: number): number {
    const buf = this.#buf;
    buf[pos++] = 0;
    pos = writeVarlong(buf, pos, timestampDelta);
    pos = writeVarint(buf, pos, this.#count);
    return writeSized(buf, pos, key, keyLength);
  }

  #track(completion: RecordCompletion, slot: number, timestamp: number): void {
    const last = this.#runLengths.length - 1;
    if (
      last >= 0 &&
      this.#runCompletions[last] === completion &&
      this.#runTimestamps[last] === timestamp &&
      this.#runSlots[last]! + this.#runLengths[last]! === slot
    ) {
      this.#runLengths[last]!++;
      return;
    }
    this.#runCompletions.push(completion);
    this.#runSlots.push(slot);
    this.#runTimestamps.push(timestamp);
    this.#runLengths.push(1);
  }

  /**
   * Writes the v2 header and CRC. Without a codec the bytes are the append buffer itself (no copy); with one,
   * the records section is compressed into a new buffer and the append buffer is released.
   */
  seal(options: SealOptions): Buffer {
    if (this.#sealed !== undefined) return this.#sealed;
    let out = this.#buf;
    let end = this.#pos;
    let attributes = 0;
    if (options.codec !== undefined) {
      const compressed = options.codec.compress(this.#buf.subarray(HEADER_SIZE, this.#pos));
      this.#storage = null;
      out = Buffer.allocUnsafe(HEADER_SIZE + compressed.length);
      compressed.copy(out, HEADER_SIZE);
      end = out.length;
      attributes = options.codec.type & BatchAttribute.COMPRESSION_MASK;
    }
    writeInt64(out, BatchLayout.BASE_OFFSET, 0);
    out.writeInt32BE(end - LOG_OVERHEAD, BatchLayout.BATCH_LENGTH);
    out.writeInt32BE(NO_PARTITION_LEADER_EPOCH, BatchLayout.PARTITION_LEADER_EPOCH);
    out.writeInt8(CURRENT_MAGIC, BatchLayout.MAGIC);
    out.writeInt16BE(attributes, BatchLayout.ATTRIBUTES);
    out.writeInt32BE(this.#count - 1, BatchLayout.LAST_OFFSET_DELTA);
    writeInt64(out, BatchLayout.BASE_TIMESTAMP, this.#baseTimestamp);
    writeInt64(out, BatchLayout.MAX_TIMESTAMP, this.#maxTimestamp);
    writeInt64(out, BatchLayout.PRODUCER_ID, options.producerId);
    out.writeInt16BE(options.producerEpoch, BatchLayout.PRODUCER_EPOCH);
    out.writeInt32BE(options.baseSequence, BatchLayout.BASE_SEQUENCE);
    out.writeInt32BE(this.#count, BatchLayout.RECORDS_COUNT);
    out.writeUInt32BE(computeBatchCrc(out, 0, end), BatchLayout.CRC);
    this.#sealed = out.subarray(0, end);
    this.#baseSequence = options.baseSequence;
    this.#buf = this.#sealed;
    return this.#sealed;
  }

  /** Resolves every record: offsets from `baseOffset` (-1 stays -1: acks=0), LogAppendTime when the broker set one. */
  complete(baseOffset: number, logAppendTime: number): void {
    if (this.#done) return;
    this.#finish();
    let offset = baseOffset;
    for (let run = 0; run < this.#runLengths.length; run++) {
      const completion = this.#runCompletions[run]!;
      const timestamp = logAppendTime >= 0 ? logAppendTime : this.#runTimestamps[run]!;
      const slot = this.#runSlots[run]!;
      const length = this.#runLengths[run]!;
      for (let i = 0; i < length; i++) completion.complete(this.topic, this.partition, baseOffset < 0 ? -1 : offset + i, timestamp, slot + i);
      offset += length;
    }
  }

  fail(error: Error): void {
    if (this.#done) return;
    this.#finish();
    for (let run = 0; run < this.#runLengths.length; run++) {
      const completion = this.#runCompletions[run]!;
      const slot = this.#runSlots[run]!;
      const length = this.#runLengths[run]!;
      for (let i = 0; i < length; i++) completion.fail(error, slot + i);
    }
  }

  /** Settles when the batch completes or fails (never rejects); for flush(). */
  whenDone(): Promise<void> {
    if (this.#done) return Promise.resolve();
    this.#whenDone ??= new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
    return this.#whenDone;
  }

  #finish(): void {
    this.#done = true;
    this.#resolveDone?.();
  }

  #ensure(size: number): void {
    const needed = this.#pos + size;
    if (needed <= this.#buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, Math.min(this.#buf.length * 2, this.#batchSize)));
    this.#buf.copy(grown, 0, 0, this.#pos);
    this.#buf = grown;
    this.#storage = grown;
  }
}

function lengthBound(value: RecordValue): number {
  if (value === null) return -1;
  if (typeof value === 'string') return value.length * 3;
  return isEncodable(value) ? value.maxByteLength : value.length;
}

function bytesLength(value: RecordBytes): number {
  return value === null ? -1 : typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
}

function fieldSize(value: RecordBytes): number {
  const length = bytesLength(value);
  return length < 0 ? 1 : varintSize(length) + length;
}

function sizedFieldSize(length: number): number {
  return length < 0 ? 1 : varintSize(length) + length;
}

function bodySizeOf(timestampDelta: number, offsetDelta: number, keyLength: number, valueLength: number, headers: readonly ProducerHeader[] | undefined): number {
  let size = 1 + varlongSize(timestampDelta) + varintSize(offsetDelta) + sizedFieldSize(keyLength) + sizedFieldSize(valueLength);
  if (headers === undefined) return size + 1;
  size += varintSize(headers.length);
  for (const header of headers) size += fieldSize(header.key) + fieldSize(header.value);
  return size;
}

/** `writeBytes` with the UTF-8 length already known (-1 for null). */
function writeSized(buf: Buffer, pos: number, value: RecordBytes, length: number): number {
  if (value === null) return writeVarint(buf, pos, -1);
  pos = writeVarint(buf, pos, length);
  if (typeof value === 'string') return pos + buf.write(value, pos, length, 'utf8');
  return pos + value.copy(buf, pos);
}

function writeBytes(buf: Buffer, pos: number, value: RecordBytes): number {
  if (value === null) return writeVarint(buf, pos, -1);
  if (typeof value === 'string') {
    const length = Buffer.byteLength(value, 'utf8');
    pos = writeVarint(buf, pos, length);
    return pos + buf.write(value, pos, length, 'utf8');
  }
  pos = writeVarint(buf, pos, value.length);
  return pos + value.copy(buf, pos);
}
