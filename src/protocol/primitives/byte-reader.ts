import { ProtocolDecodeError } from '../errors.js';

const TWO_POW_32 = 2 ** 32;

/**
 * Bounds-checked reads of Kafka wire primitives from a Buffer window `[offset, end)`.
 *
 * Byte strings (`bytes`, `compactBytes`, `raw`) are returned as views into the input, never copies: record data in
 * a Produce request goes from the socket buffer to the log without being copied. Every length is checked against
 * the bytes actually remaining before it is used, so a hostile length prefix cannot make us allocate or loop.
 */
export class ByteReader {
  readonly buffer: Buffer;
  #pos: number;
  readonly #end: number;

  constructor(buffer: Buffer, offset = 0, end = buffer.length) {
    if (offset < 0 || end > buffer.length || offset > end) {
      throw new RangeError(`Invalid window [${offset}, ${end}) over a buffer of ${buffer.length} bytes`);
    }
    this.buffer = buffer;
    this.#pos = offset;
    this.#end = end;
  }

  get offset(): number {
    return this.#pos;
  }

  get end(): number {
    return this.#end;
  }

  get remaining(): number {
    return this.#end - this.#pos;
  }

  /** Throws unless at least `n` more bytes are available. */
  ensure(n: number, what: string): void {
    if (n > this.#end - this.#pos) {
      throw new ProtocolDecodeError(`truncated ${what}: need ${n} bytes, ${this.#end - this.#pos} left`);
    }
  }

  skip(n: number): void {
    this.ensure(n, 'skipped bytes');
    this.#pos += n;
  }

  /** The next `n` bytes as a view into the input. */
  raw(n: number): Buffer {
    this.ensure(n, 'bytes');
    const start = this.#pos;
    this.#pos += n;
    return this.buffer.subarray(start, start + n);
  }

  /** A reader over the next `n` bytes; this reader moves past them. */
  sub(n: number): ByteReader {
    this.ensure(n, 'nested section');
    const start = this.#pos;
    this.#pos += n;
    return new ByteReader(this.buffer, start, start + n);
  }

  int8(): number {
    this.ensure(1, 'int8');
    return this.buffer.readInt8(this.#pos++);
  }

  bool(): boolean {
    this.ensure(1, 'bool');
    return this.buffer[this.#pos++] !== 0;
  }

  int16(): number {
    this.ensure(2, 'int16');
    const v = this.buffer.readInt16BE(this.#pos);
    this.#pos += 2;
    return v;
  }

  uint16(): number {
    this.ensure(2, 'uint16');
    const v = this.buffer.readUInt16BE(this.#pos);
    this.#pos += 2;
    return v;
  }

  int32(): number {
    this.ensure(4, 'int32');
    const v = this.buffer.readInt32BE(this.#pos);
    this.#pos += 4;
    return v;
  }

  uint32(): number {
    this.ensure(4, 'uint32');
    const v = this.buffer.readUInt32BE(this.#pos);
    this.#pos += 4;
    return v;
  }

  int64(): bigint {
    this.ensure(8, 'int64');
    const v = this.buffer.readBigInt64BE(this.#pos);
    this.#pos += 8;
    return v;
  }

  float64(): number {
    this.ensure(8, 'float64');
    const v = this.buffer.readDoubleBE(this.#pos);
    this.#pos += 8;
    return v;
  }

  /** Kafka's UUID as its printed form: 22 characters of unpadded base64url. */
  uuid(): string {
    this.ensure(16, 'uuid');
    const start = this.#pos;
    this.#pos += 16;
    return this.buffer.toString('base64url', start, start + 16);
  }

  /** Unsigned LEB128 varint of at most 5 bytes (32 bits): compact lengths, tag numbers and tag sizes. */
  uvarint(): number {
    const buf = this.buffer;
    let pos = this.#pos;
    const end = this.#end;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= end) throw new ProtocolDecodeError('truncated varint');
      const b = buf[pos++]!;
      // Multiplication rather than `<<` keeps bit 31 from turning the result negative.
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (result >= TWO_POW_32) throw new ProtocolDecodeError('varint does not fit in 32 bits');
        this.#pos = pos;
        return result;
      }
    }
    throw new ProtocolDecodeError('varint longer than 5 bytes');
  }

  /** Zigzag-encoded signed 32-bit varint (record format). */
  varint(): number {
    const u = this.uvarint();
    // `u` may exceed 2^31 so it must not pass through a signed `>>`.
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** Zigzag-encoded signed 64-bit varint (record format), at most 10 bytes. */
  varlong(): bigint {
    const buf = this.buffer;
    let pos = this.#pos;
    const end = this.#end;
    let small = 0;
    for (let shift = 0; shift < 49; shift += 7) {
      if (pos >= end) throw new ProtocolDecodeError('truncated varlong');
      const b = buf[pos++]!;
      small += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        this.#pos = pos;
        return BigInt(small % 2 === 0 ? small / 2 : -(small + 1) / 2);
      }
    }
    // Values above 2^49 are rare (timestamps are deltas); finish in bigint only then.
    let big = BigInt(small);
    for (let shift = 49n; shift < 70n; shift += 7n) {
      if (pos >= end) throw new ProtocolDecodeError('truncated varlong');
      const b = buf[pos++]!;
      big |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) {
        if (big >> 64n !== 0n) throw new ProtocolDecodeError('varlong does not fit in 64 bits');
        this.#pos = pos;
        return (big >> 1n) ^ -(big & 1n);
      }
    }
    throw new ProtocolDecodeError('varlong longer than 10 bytes');
  }

  /** int16-length string; -1 is null. */
  nullableString(): string | null {
    const len = this.int16();
    if (len === -1) return null;
    return this.#utf8(len);
  }

  string(): string {
    const len = this.int16();
    if (len === -1) throw new ProtocolDecodeError('null string where a value is required');
    return this.#utf8(len);
  }

  /** uvarint length N+1; 0 is null. */
  compactNullableString(): string | null {
    const n = this.uvarint();
    if (n === 0) return null;
    return this.#utf8(n - 1);
  }

  compactString(): string {
    const n = this.uvarint();
    if (n === 0) throw new ProtocolDecodeError('null compact string where a value is required');
    return this.#utf8(n - 1);
  }

  /** int32-length bytes as a view into the input; -1 is null. */
  nullableBytes(): Buffer | null {
    const len = this.int32();
    if (len === -1) return null;
    return this.#slice(len, 'bytes');
  }

  bytes(): Buffer {
    const len = this.int32();
    if (len === -1) throw new ProtocolDecodeError('null bytes where a value is required');
    return this.#slice(len, 'bytes');
  }

  compactNullableBytes(): Buffer | null {
    const n = this.uvarint();
    if (n === 0) return null;
    return this.#slice(n - 1, 'compact bytes');
  }

  compactBytes(): Buffer {
    const n = this.uvarint();
    if (n === 0) throw new ProtocolDecodeError('null compact bytes where a value is required');
    return this.#slice(n - 1, 'compact bytes');
  }

  /**
   * int32 array length; -1 is null (returned as -1). `minElementBytes` bounds the count by the bytes left, so a
   * hostile count fails here instead of driving a long loop.
   */
  arrayLength(minElementBytes: number): number {
    const len = this.int32();
    if (len === -1) return -1;
    return this.#checkCount(len, minElementBytes);
  }

  /** Compact array length (uvarint N+1); null is returned as -1. */
  compactArrayLength(minElementBytes: number): number {
    const n = this.uvarint();
    if (n === 0) return -1;
    return this.#checkCount(n - 1, minElementBytes);
  }

  #checkCount(count: number, minElementBytes: number): number {
    if (count < 0) throw new ProtocolDecodeError(`invalid array length ${count}`);
    if (count * Math.max(1, minElementBytes) > this.#end - this.#pos) {
      throw new ProtocolDecodeError(`array of ${count} elements cannot fit in the ${this.#end - this.#pos} bytes left`);
    }
    return count;
  }

  #slice(len: number, what: string): Buffer {
    if (len < 0) throw new ProtocolDecodeError(`invalid ${what} length ${len}`);
    this.ensure(len, what);
    const start = this.#pos;
    this.#pos += len;
    return this.buffer.subarray(start, start + len);
  }

  #utf8(len: number): string {
    if (len < 0) throw new ProtocolDecodeError(`invalid string length ${len}`);
    this.ensure(len, 'string');
    const start = this.#pos;
    this.#pos += len;
    // Like Kafka's `new String(bytes, UTF_8)`: malformed sequences become U+FFFD rather than failing the request.
    return len === 0 ? '' : this.buffer.toString('utf8', start, start + len);
  }
}
