import { ProtocolEncodeError } from '../errors.js';

/** Buffers at least this large are referenced, not copied, by `appendBuffer`. */
export const EXTERNAL_CHUNK_MIN_BYTES = 4096;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT32_MAX = 2 ** 32 - 1;
const INT16_MAX = 0x7fff;
const INT32_MAX = 0x7fffffff;
const UUID_TEXT = /^[A-Za-z0-9_-]{21}[AQgw]$/;
/** Below this magnitude a zigzag varlong can be computed in plain numbers (2^52 * 2 stays exact). */
const SMALL_VARLONG = 2 ** 52;

/**
 * Writes Kafka wire primitives into a growable buffer (256 bytes, doubling).
 *
 * The output is a list of chunks: our own buffer segments interleaved with large caller buffers that
 * `appendBuffer` references without copying (record batches read from a segment file), so a Fetch response of
 * many megabytes is never concatenated. Values are range-checked: a wrong-typed or out-of-range value raises
 * ProtocolEncodeError instead of being silently truncated.
 */
export class ByteWriter {
  #buf: Buffer;
  #pos = 0;
  /** Start of the bytes in `#buf` not yet handed over to `#chunks`. */
  #segStart = 0;
  readonly #chunks: Buffer[] = [];
  /** Logical offset at which each entry of `#chunks` starts, for patching reserved slots. */
  readonly #chunkOffsets: number[] = [];
  #flushed = 0;

  constructor(initialCapacity = 256) {
    this.#buf = Buffer.allocUnsafe(Math.max(16, initialCapacity));
  }

  /** Total bytes written so far, external chunks included. */
  get length(): number {
    return this.#flushed + this.#pos - this.#segStart;
  }

  int8(v: number): void {
    checkInt(v, -0x80, 0x7f, 'int8');
    this.#ensure(1);
    this.#buf[this.#pos++] = v & 0xff;
  }

  bool(v: boolean): void {
    if (typeof v !== 'boolean') throw new ProtocolEncodeError(`expected a boolean, got ${describe(v)}`);
    this.#ensure(1);
    this.#buf[this.#pos++] = v ? 1 : 0;
  }

  int16(v: number): void {
    checkInt(v, -0x8000, INT16_MAX, 'int16');
    this.#ensure(2);
    const b = this.#buf;
    const p = this.#pos;
    b[p] = (v >> 8) & 0xff;
    b[p + 1] = v & 0xff;
    this.#pos = p + 2;
  }

  uint16(v: number): void {
    checkInt(v, 0, 0xffff, 'uint16');
    this.#ensure(2);
    const b = this.#buf;
    const p = this.#pos;
    b[p] = v >>> 8;
    b[p + 1] = v & 0xff;
    this.#pos = p + 2;
  }

  int32(v: number): void {
    checkInt(v, -0x80000000, INT32_MAX, 'int32');
    this.#ensure(4);
    this.#put32(v);
  }

  uint32(v: number): void {
    checkInt(v, 0, UINT32_MAX, 'uint32');
    this.#ensure(4);
    this.#put32(v);
  }

  /** Accepts a bigint, or a safe-integer number for convenience (decoding always yields bigint). */
  int64(v: bigint | number): void {
    const big = toInt64(v, 'int64');
    this.#ensure(8);
    this.#buf.writeBigInt64BE(big, this.#pos);
    this.#pos += 8;
  }

  float64(v: number): void {
    if (typeof v !== 'number') throw new ProtocolEncodeError(`expected a float64, got ${describe(v)}`);
    this.#ensure(8);
    this.#buf.writeDoubleBE(v, this.#pos);
    this.#pos += 8;
  }

  /** Kafka's UUID in its printed form: 22 characters of unpadded base64url. */
  uuid(v: string): void {
    if (typeof v !== 'string' || !UUID_TEXT.test(v)) {
      throw new ProtocolEncodeError(`expected a 22-character base64url UUID, got ${describe(v)}`);
    }
    this.#ensure(16);
    this.#buf.write(v, this.#pos, 16, 'base64url');
    this.#pos += 16;
  }

  /** Unsigned varint (compact lengths, tags); 0 ≤ v < 2^32. */
  uvarint(v: number): void {
    checkInt(v, 0, UINT32_MAX, 'unsigned varint');
    this.#ensure(5);
    this.#putUvarint(v);
  }

  /** Zigzag signed 32-bit varint (record format). */
  varint(v: number): void {
    checkInt(v, -0x80000000, INT32_MAX, 'varint');
    this.#ensure(5);
    this.#putUvarint(((v << 1) ^ (v >> 31)) >>> 0);
  }

  /** Zigzag signed 64-bit varint (record format). */
  varlong(v: bigint | number): void {
    this.#ensure(10);
    if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < SMALL_VARLONG) {
      let z = v >= 0 ? v * 2 : -v * 2 - 1;
      const b = this.#buf;
      let p = this.#pos;
      while (z >= 0x80) {
        b[p++] = (z % 0x80) | 0x80;
        z = Math.floor(z / 0x80);
      }
      b[p++] = z;
      this.#pos = p;
      return;
    }
    const big = toInt64(v, 'varlong');
    let z = BigInt.asUintN(64, (big << 1n) ^ (big >> 63n));
    const b = this.#buf;
    let p = this.#pos;
    while (z >= 0x80n) {
      b[p++] = Number(z & 0x7fn) | 0x80;
      z >>= 7n;
    }
    b[p++] = Number(z);
    this.#pos = p;
  }

  string(v: string): void {
    if (typeof v !== 'string') throw new ProtocolEncodeError(`expected a string, got ${describe(v)}`);
    const len = Buffer.byteLength(v, 'utf8');
    if (len > INT16_MAX) throw new ProtocolEncodeError(`string of ${len} bytes exceeds the int16 length limit`);
    this.#ensure(2 + len);
    this.int16(len);
    this.#pos += this.#buf.write(v, this.#pos, len, 'utf8');
  }

  nullableString(v: string | null): void {
    if (v === null) this.int16(-1);
    else this.string(v);
  }

  compactString(v: string): void {
    if (typeof v !== 'string') throw new ProtocolEncodeError(`expected a string, got ${describe(v)}`);
    const len = Buffer.byteLength(v, 'utf8');
    if (len >= INT32_MAX) throw new ProtocolEncodeError(`string of ${len} bytes is too long`);
    this.#ensure(5 + len);
    this.#putUvarint(len + 1);
    this.#pos += this.#buf.write(v, this.#pos, len, 'utf8');
  }

  compactNullableString(v: string | null): void {
    if (v === null) this.uvarint(0);
    else this.compactString(v);
  }

  bytes(v: Uint8Array): void {
    checkBytes(v);
    this.int32(v.length);
    this.appendBuffer(v);
  }

  nullableBytes(v: Uint8Array | null): void {
    if (v === null) this.int32(-1);
    else this.bytes(v);
  }

  compactBytes(v: Uint8Array): void {
    checkBytes(v);
    this.uvarint(v.length + 1);
    this.appendBuffer(v);
  }

  compactNullableBytes(v: Uint8Array | null): void {
    if (v === null) this.uvarint(0);
    else this.compactBytes(v);
  }

  /**
   * Appends raw bytes. Buffers of EXTERNAL_CHUNK_MIN_BYTES or more become their own output chunk without a copy,
   * so the caller must not modify them until the output has been written out.
   */
  appendBuffer(v: Uint8Array): void {
    const n = v.length;
    if (n >= EXTERNAL_CHUNK_MIN_BYTES) {
      this.#flushSegment();
      this.#chunkOffsets.push(this.#flushed);
      this.#chunks.push(Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, n));
      this.#flushed += n;
      return;
    }
    this.#ensure(n);
    this.#buf.set(v, this.#pos);
    this.#pos += n;
  }

  /** Writes a placeholder int32 and returns its logical offset, for `patchInt32` once the length is known. */
  reserveInt32(): number {
    const at = this.length;
    this.#ensure(4);
    this.#put32(0);
    return at;
  }

  patchInt32(at: number, v: number): void {
    checkInt(v, -0x80000000, INT32_MAX, 'int32');
    const [buf, index] = this.#locate(at);
    buf.writeInt32BE(v, index);
  }

  patchUint32(at: number, v: number): void {
    checkInt(v, 0, UINT32_MAX, 'uint32');
    const [buf, index] = this.#locate(at);
    buf.writeUInt32BE(v, index);
  }

  /** The output as chunks (own segments and external buffers, in order); total length is `length`. */
  toChunks(): Buffer[] {
    const out = this.#chunks.slice();
    if (this.#pos > this.#segStart) out.push(this.#buf.subarray(this.#segStart, this.#pos));
    return out;
  }

  /** The output as one buffer; concatenates only if external chunks were appended. */
  toBuffer(): Buffer {
    if (this.#chunks.length === 0) return this.#buf.subarray(this.#segStart, this.#pos);
    return Buffer.concat(this.toChunks(), this.length);
  }

  /** The buffer and index holding logical offset `at` (a slot from reserveInt32). */
  #locate(at: number): [Buffer, number] {
    if (at < 0 || at + 4 > this.length) throw new RangeError(`No reserved slot at offset ${at}`);
    if (at >= this.#flushed) {
      return [this.#buf, this.#segStart + (at - this.#flushed)];
    }
    // Reserved slots are written into our own segments, which are split only at external chunks: a slot never
    // straddles two chunks. Recent slots are the usual case, so search from the end.
    for (let i = this.#chunks.length - 1; i >= 0; i--) {
      const start = this.#chunkOffsets[i]!;
      if (at >= start) {
        return [this.#chunks[i]!, at - start];
      }
    }
    throw new RangeError(`No reserved slot at offset ${at}`);
  }

  #flushSegment(): void {
    const n = this.#pos - this.#segStart;
    if (n === 0) return;
    this.#chunkOffsets.push(this.#flushed);
    this.#chunks.push(this.#buf.subarray(this.#segStart, this.#pos));
    this.#flushed += n;
    this.#segStart = this.#pos;
  }

  #ensure(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    const pending = this.#pos - this.#segStart;
    let cap = this.#buf.length * 2;
    while (cap < pending + n) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    // Earlier chunks are views of the old buffer and stay valid; only the open segment moves.
    this.#buf.copy(next, 0, this.#segStart, this.#pos);
    this.#buf = next;
    this.#segStart = 0;
    this.#pos = pending;
  }

  #put32(v: number): void {
    const b = this.#buf;
    const p = this.#pos;
    b[p] = (v >>> 24) & 0xff;
    b[p + 1] = (v >>> 16) & 0xff;
    b[p + 2] = (v >>> 8) & 0xff;
    b[p + 3] = v & 0xff;
    this.#pos = p + 4;
  }

  #putUvarint(v: number): void {
    const b = this.#buf;
    let p = this.#pos;
    while (v >= 0x80) {
      b[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    b[p++] = v;
    this.#pos = p;
  }
}

function checkInt(v: number, min: number, max: number, what: string): void {
  if (typeof v !== 'number' || !(v >= min && v <= max) || !Number.isInteger(v)) {
    throw new ProtocolEncodeError(`expected ${what} in [${min}, ${max}], got ${describe(v)}`);
  }
}

function toInt64(v: bigint | number, what: string): bigint {
  if (typeof v === 'bigint') {
    if (v >= INT64_MIN && v <= INT64_MAX) return v;
  } else if (Number.isSafeInteger(v)) {
    return BigInt(v);
  }
  throw new ProtocolEncodeError(`expected ${what} (bigint in the signed 64-bit range), got ${describe(v)}`);
}

function checkBytes(v: unknown): void {
  if (!(v instanceof Uint8Array)) throw new ProtocolEncodeError(`expected a Buffer, got ${describe(v)}`);
}

function describe(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v instanceof Uint8Array) return `${v.constructor.name}(${v.length})`;
  return String(v);
}
