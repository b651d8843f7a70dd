import fs from 'node:fs';

const INITIAL_CAPACITY = 16;

/**
 * A segment's sparse offset index in Kafka's `.index` format: 8-byte big-endian entries (int32 offset relative to
 * the segment's base offset, int32 byte position of a batch in the `.log`). An entry (offset, position) says the
 * batch at `position` holds offsets up to and including `offset`, so the batch containing any larger offset starts
 * at or after it.
 *
 * Entries live in typed arrays; the file is only written when the segment is flushed or closed (appending to it
 * per entry would add syscalls to every append, and an index that missed a crash is rebuilt from the log anyway).
 */
export class OffsetIndex {
  static readonly ENTRY_SIZE = 8;

  readonly file: string;
  readonly baseOffset: number;
  #relOffsets = new Int32Array(INITIAL_CAPACITY);
  #positions = new Int32Array(INITIAL_CAPACITY);
  #count = 0;
  /** Leading entries the file holds as in memory. */
  #persisted = 0;
  /** Size of the file, which may hold more than the persisted entries (truncated or garbled ones). */
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

  /** Absolute offset of the last entry, or the base offset when empty. */
  get lastOffset(): number {
    return this.#count === 0 ? this.baseOffset : this.baseOffset + this.#relOffsets[this.#count - 1]!;
  }

  /** Position of the last entry, or 0 when empty. */
  get lastPosition(): number {
    return this.#count === 0 ? 0 : this.#positions[this.#count - 1]!;
  }

  offsetAt(entry: number): number {
    return this.baseOffset + this.#relOffsets[entry]!;
  }

  positionAt(entry: number): number {
    return this.#positions[entry]!;
  }

  /**
   * Reads the file into memory. Returns false, leaving the index empty, when the file is missing or not
   * trustworthy: a size that is not a multiple of 8, offsets or positions that do not strictly increase, or a
   * position at or beyond the end of the log.
   */
  load(logSize: number): boolean {
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
    if (bytes.length % OffsetIndex.ENTRY_SIZE !== 0) return false;
    const count = bytes.length / OffsetIndex.ENTRY_SIZE;
    this.#ensureCapacity(count);
    let prevOffset = -1;
    let prevPosition = -1;
    for (let i = 0; i < count; i++) {
      const rel = bytes.readInt32BE(i * OffsetIndex.ENTRY_SIZE);
      const position = bytes.readInt32BE(i * OffsetIndex.ENTRY_SIZE + 4);
      if (rel <= prevOffset || position <= prevPosition || position >= logSize) return false;
      this.#relOffsets[i] = rel;
      this.#positions[i] = position;
      prevOffset = rel;
      prevPosition = position;
    }
    this.#count = count;
    this.#persisted = count;
    return true;
  }

  /** Adds an entry; offsets and positions must grow, anything else is ignored as Kafka's index would refuse it. */
  append(offset: number, position: number): void {
    const rel = offset - this.baseOffset;
    if (this.#count > 0 && (rel <= this.#relOffsets[this.#count - 1]! || position <= this.#positions[this.#count - 1]!)) {
      return;
    }
    this.#ensureCapacity(this.#count + 1);
    this.#relOffsets[this.#count] = rel;
    this.#positions[this.#count] = position;
    this.#count++;
  }

  /** Position to start scanning from for `offset`: the greatest entry ≤ `offset`, or 0 (the segment start). */
  lookup(offset: number): number {
    const rel = offset - this.baseOffset;
    let lo = 0;
    let hi = this.#count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#relOffsets[mid]! <= rel) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? 0 : this.#positions[found]!;
  }

  /** Removes every entry whose offset is ≥ `offset`. */
  truncateTo(offset: number): void {
    const rel = offset - this.baseOffset;
    let count = this.#count;
    while (count > 0 && this.#relOffsets[count - 1]! >= rel) count--;
    this.#count = count;
    if (this.#persisted > count) this.#persisted = count;
  }

  /** Removes every entry (before a rebuild). */
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
    const rewrite = this.#fileBytes !== this.#persisted * OffsetIndex.ENTRY_SIZE;
    const from = rewrite ? 0 : this.#persisted;
    if (!rewrite && from === this.#count && !(sync && this.#unsynced)) return;
    const tail = Buffer.allocUnsafe((this.#count - from) * OffsetIndex.ENTRY_SIZE);
    for (let i = from, at = 0; i < this.#count; i++, at += OffsetIndex.ENTRY_SIZE) {
      tail.writeInt32BE(this.#relOffsets[i]!, at);
      tail.writeInt32BE(this.#positions[i]!, at + 4);
    }
    const fd = fs.openSync(this.file, rewrite ? 'w' : 'a');
    try {
      if (tail.length > 0) fs.writeSync(fd, tail);
      if (sync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.#persisted = this.#count;
    this.#fileBytes = this.#count * OffsetIndex.ENTRY_SIZE;
    this.#unsynced = !sync;
  }

  /** Replaces the file with an empty one and forgets every entry. */
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
    if (needed <= this.#relOffsets.length) return;
    let capacity = this.#relOffsets.length;
    while (capacity < needed) capacity *= 2;
    const relOffsets = new Int32Array(capacity);
    relOffsets.set(this.#relOffsets.subarray(0, this.#count));
    const positions = new Int32Array(capacity);
    positions.set(this.#positions.subarray(0, this.#count));
    this.#relOffsets = relOffsets;
    this.#positions = positions;
  }
}
