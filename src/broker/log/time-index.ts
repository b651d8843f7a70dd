import fs from 'node:fs';

const INITIAL_CAPACITY = 16;

/**
 * A segment's sparse time index in Kafka's `.timeindex` format: 12-byte big-endian entries (int64 timestamp,
 * int32 offset relative to the segment's base offset). An entry (T, O) records that T was the largest timestamp
 * seen so far in the segment, first reached by the batch ending at offset O, so timestamps strictly increase
 * and no batch before O's carries a timestamp above T.
 *
 * Like the offset index, entries live in memory and reach the file on flush or close.
 */
export class TimeIndex {
  static readonly ENTRY_SIZE = 12;

  readonly file: string;
  readonly baseOffset: number;
  #timestamps = new Float64Array(INITIAL_CAPACITY);
  #relOffsets = new Int32Array(INITIAL_CAPACITY);
  #count = 0;
  #persisted = 0;
  /** Bytes in the file, -1 when unknown (never loaded, or about to be rebuilt). */
  #fileBytes = -1;
  /** Written since the last fsync. */
  #unsynced = false;

  constructor(file: string, baseOffset: number) {
    this.file = file;
    this.baseOffset = baseOffset;
  }

  get entries(): number {
    return this.#count;
  }

  /** Timestamp of the last entry, or -1 when empty. */
  get lastTimestamp(): number {
    return this.#count === 0 ? -1 : this.#timestamps[this.#count - 1]!;
  }

  /** Absolute offset of the last entry, or the base offset when empty. */
  get lastOffset(): number {
    return this.#count === 0 ? this.baseOffset : this.baseOffset + this.#relOffsets[this.#count - 1]!;
  }

  timestampAt(entry: number): number {
    return this.#timestamps[entry]!;
  }

  offsetAt(entry: number): number {
    return this.baseOffset + this.#relOffsets[entry]!;
  }

  /**
   * Reads the file into memory. Returns false, leaving the index empty, when the file is missing or not
   * trustworthy: a size that is not a multiple of 12, negative timestamps or ones that do not strictly increase,
   * offsets that go backwards or are negative.
   */
  load(): boolean {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    this.#count = 0;
    this.#persisted = 0;
    this.#fileBytes = bytes.length;
    if (bytes.length % TimeIndex.ENTRY_SIZE !== 0) return false;
    const count = bytes.length / TimeIndex.ENTRY_SIZE;
    this.#ensureCapacity(count);
    let prevTimestamp = -Infinity;
    let prevOffset = 0;
    for (let i = 0; i < count; i++) {
      const at = i * TimeIndex.ENTRY_SIZE;
      const timestamp = bytes.readInt32BE(at) * 0x1_0000_0000 + bytes.readUInt32BE(at + 4);
      const rel = bytes.readInt32BE(at + 8);
      if (timestamp < 0 || timestamp <= prevTimestamp || rel < prevOffset) return false;
      this.#timestamps[i] = timestamp;
      this.#relOffsets[i] = rel;
      prevTimestamp = timestamp;
      prevOffset = rel;
    }
    this.#count = count;
    this.#persisted = count;
    return true;
  }

  /** Adds (timestamp, offset) when the timestamp is a new maximum, as Kafka's `maybeAppend` does. */
  maybeAppend(timestamp: number, offset: number): void {
    if (timestamp < 0) return;
    const rel = offset - this.baseOffset;
    if (this.#count > 0 && (timestamp <= this.#timestamps[this.#count - 1]! || rel < this.#relOffsets[this.#count - 1]!)) {
      return;
    }
    this.#ensureCapacity(this.#count + 1);
    this.#timestamps[this.#count] = timestamp;
    this.#relOffsets[this.#count] = rel;
    this.#count++;
  }

  /** Index of the first entry whose timestamp is ≥ `timestamp`, or `entries` when there is none. */
  firstEntryAtOrAfter(timestamp: number): number {
    let lo = 0;
    let hi = this.#count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#timestamps[mid]! < timestamp) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Removes every entry whose offset is ≥ `offset`. */
  truncateTo(offset: number): void {
    const rel = offset - this.baseOffset;
    let count = this.#count;
    while (count > 0 && this.#relOffsets[count - 1]! >= rel) count--;
    this.#count = count;
    if (this.#persisted > count) this.#persisted = count;
  }

  reset(): void {
    this.#count = 0;
    this.#persisted = 0;
    this.#fileBytes = -1;
  }

  /**
   * Brings the file in line with memory: new entries are appended; after a truncation, a rebuild or a load that
   * found garbage the file is rewritten whole. With `sync`, fsyncs whatever was written and not yet synced.
   */
  flush(sync: boolean): void {
    const rewrite = this.#fileBytes !== this.#persisted * TimeIndex.ENTRY_SIZE;
    const from = rewrite ? 0 : this.#persisted;
    if (!rewrite && from === this.#count && !(sync && this.#unsynced)) return;
    const tail = Buffer.allocUnsafe((this.#count - from) * TimeIndex.ENTRY_SIZE);
    for (let i = from, at = 0; i < this.#count; i++, at += TimeIndex.ENTRY_SIZE) {
      const timestamp = this.#timestamps[i]!;
      const hi = Math.floor(timestamp / 0x1_0000_0000);
      tail.writeInt32BE(hi, at);
      tail.writeUInt32BE(timestamp - hi * 0x1_0000_0000, at + 4);
      tail.writeInt32BE(this.#relOffsets[i]!, at + 8);
    }
    const fd = fs.openSync(this.file, rewrite ? 'w' : 'a');
    try {
      if (tail.length > 0) fs.writeSync(fd, tail);
      if (sync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.#persisted = this.#count;
    this.#fileBytes = this.#count * TimeIndex.ENTRY_SIZE;
    this.#unsynced = !sync;
  }

  create(): void {
    fs.writeFileSync(this.file, Buffer.alloc(0));
    this.#count = 0;
    this.#persisted = 0;
    this.#fileBytes = 0;
  }

  delete(): void {
    fs.rmSync(this.file, { force: true });
  }

  #ensureCapacity(needed: number): void {
    if (needed <= this.#timestamps.length) return;
    let capacity = this.#timestamps.length;
    while (capacity < needed) capacity *= 2;
    const timestamps = new Float64Array(capacity);
    timestamps.set(this.#timestamps.subarray(0, this.#count));
    const relOffsets = new Int32Array(capacity);
    relOffsets.set(this.#relOffsets.subarray(0, this.#count));
    this.#timestamps = timestamps;
    this.#relOffsets = relOffsets;
  }
}
