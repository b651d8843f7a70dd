import fs from 'node:fs';

/**
 * What a segment's offset and time indexes share: fixed-size big-endian entries that each carry an offset
 * relative to the segment's base offset, held in typed arrays and written to the file only when the segment is
 * flushed or closed (appending to the file per entry would add syscalls to every append, and an index that
 * missed a crash is rebuilt from the log anyway).
 *
 * A subclass owns its entry layout: the column beside the relative offsets (`growColumn`), how an entry is
 * encoded and checked on load (`encodeEntry`, `decodeEntry`), when an entry may be appended, and its lookups.
 */
export abstract class IndexFile {
  /** Entries each column holds at first; a subclass sizes its own column with it. */
  protected static readonly INITIAL_CAPACITY = 16;

  readonly file: string;
  readonly baseOffset: number;
  readonly #entrySize: number;
  #relOffsets = new Int32Array(IndexFile.INITIAL_CAPACITY);
  #count = 0;
  /** Leading entries the file holds as in memory. */
  #persisted = 0;
  /** Bytes in the file, -1 when unknown (never loaded, or about to be rebuilt); may exceed the persisted entries. */
  #fileBytes = -1;
  /** Written since the last fsync. */
  #unsynced = false;

  protected constructor(file: string, baseOffset: number, entrySize: number) {
    this.file = file;
    this.baseOffset = baseOffset;
    this.#entrySize = entrySize;
  }

  get entries(): number {
    return this.#count;
  }

  /** Absolute offset of the last entry, or the base offset when empty. */
  get lastOffset(): number {
    return this.#count === 0 ? this.baseOffset : this.baseOffset + this.#relOffsets[this.#count - 1]!;
  }

  offsetAt(entry: number): number {
    return this.baseOffset + this.#relOffsets[entry]!;
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
    const size = this.#entrySize;
    const rewrite = this.#fileBytes !== this.#persisted * size;
    const from = rewrite ? 0 : this.#persisted;
    if (!rewrite && from === this.#count && !(sync && this.#unsynced)) return;
    const tail = Buffer.allocUnsafe((this.#count - from) * size);
    for (let i = from, at = 0; i < this.#count; i++, at += size) this.encodeEntry(tail, at, i);
    const fd = fs.openSync(this.file, rewrite ? 'w' : 'a');
    try {
      if (tail.length > 0) fs.writeSync(fd, tail);
      if (sync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.#persisted = this.#count;
    this.#fileBytes = this.#count * size;
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

  protected relOffsetAt(entry: number): number {
    return this.#relOffsets[entry]!;
  }

  /**
   * Reads the file into memory. Returns false, leaving the index empty, when the file is missing, its size is
   * not a whole number of entries, or `decodeEntry` refuses an entry.
   */
  protected loadFile(): boolean {
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
    if (bytes.length % this.#entrySize !== 0) return false;
    const count = bytes.length / this.#entrySize;
    this.#ensureCapacity(count);
    for (let i = 0; i < count; i++) {
      const rel = this.decodeEntry(bytes, i * this.#entrySize, i);
      if (rel === null) return false;
      this.#relOffsets[i] = rel;
    }
    this.#count = count;
    this.#persisted = count;
    return true;
  }

  /** Forgets what `loadFile` read (the file is then rewritten whole on the next flush). */
  protected discardLoaded(): void {
    this.#count = 0;
    this.#persisted = 0;
  }

  /**
   * Adds an entry with the relative offset `rel`; returns its index, where the subclass then fills its column
   * (read the column only after this call: growing replaces it).
   */
  protected appendEntry(rel: number): number {
    this.#ensureCapacity(this.#count + 1);
    this.#relOffsets[this.#count] = rel;
    return this.#count++;
  }

  /** Replaces the subclass's column with one of `capacity` entries, keeping the first `count`. */
  protected abstract growColumn(capacity: number, count: number): void;

  /** Writes entry `entry` at `at` in Kafka's byte layout. */
  protected abstract encodeEntry(buf: Buffer, at: number, entry: number): void;

  /**
   * Decodes the entry at `at` into the subclass's column at `entry` and returns its relative offset, or null when
   * it is not trustworthy after the entries before it (which are already in place).
   */
  protected abstract decodeEntry(bytes: Buffer, at: number, entry: number): number | null;

  #ensureCapacity(needed: number): void {
    if (needed <= this.#relOffsets.length) return;
    let capacity = this.#relOffsets.length;
    while (capacity < needed) capacity *= 2;
    const relOffsets = new Int32Array(capacity);
    relOffsets.set(this.#relOffsets.subarray(0, this.#count));
    this.#relOffsets = relOffsets;
    this.growColumn(capacity, this.#count);
  }
}
