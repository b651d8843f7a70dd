import { IndexFile } from './index-file.js';

/**
 * A segment's sparse offset index in Kafka's `.index` format: 8-byte big-endian entries (int32 offset relative to
 * the segment's base offset, int32 byte position of a batch in the `.log`). An entry (offset, position) says the
 * batch at `position` holds offsets up to and including `offset`, so the batch containing any larger offset starts
 * at or after it.
 */
export class OffsetIndex extends IndexFile {
  static readonly ENTRY_SIZE = 8;

  #positions = new Int32Array(IndexFile.INITIAL_CAPACITY);

  constructor(file: string, baseOffset: number) {
    super(file, baseOffset, OffsetIndex.ENTRY_SIZE);
  }

  /** Position of the last entry, or 0 when empty. */
  get lastPosition(): number {
    return this.entries === 0 ? 0 : this.#positions[this.entries - 1]!;
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
    if (!this.loadFile()) return false;
    // Positions strictly increase, so only the last can point past the log.
    if (this.entries === 0 || this.lastPosition < logSize) return true;
    this.discardLoaded();
    return false;
  }

  /** Adds an entry; offsets and positions must grow, anything else is ignored as Kafka's index would refuse it. */
  append(offset: number, position: number): void {
    const rel = offset - this.baseOffset;
    const count = this.entries;
    if (count > 0 && (rel <= this.relOffsetAt(count - 1) || position <= this.#positions[count - 1]!)) return;
    // Not `this.#positions[this.appendEntry(rel)] = …`: the array is read before appendEntry may replace it.
    const entry = this.appendEntry(rel);
    this.#positions[entry] = position;
  }

  /** Position to start scanning from for `offset`: the greatest entry ≤ `offset`, or 0 (the segment start). */
  lookup(offset: number): number {
    const rel = offset - this.baseOffset;
    let lo = 0;
    let hi = this.entries - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.relOffsetAt(mid) <= rel) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? 0 : this.#positions[found]!;
  }

  protected growColumn(capacity: number, count: number): void {
    const positions = new Int32Array(capacity);
    positions.set(this.#positions.subarray(0, count));
    this.#positions = positions;
  }

  protected encodeEntry(buf: Buffer, at: number, entry: number): void {
    buf.writeInt32BE(this.relOffsetAt(entry), at);
    buf.writeInt32BE(this.#positions[entry]!, at + 4);
  }

  protected decodeEntry(bytes: Buffer, at: number, entry: number): number | null {
    const rel = bytes.readInt32BE(at);
    const position = bytes.readInt32BE(at + 4);
    const prevRel = entry > 0 ? this.relOffsetAt(entry - 1) : -1;
    const prevPosition = entry > 0 ? this.#positions[entry - 1]! : -1;
    if (rel <= prevRel || position <= prevPosition) return null;
    this.#positions[entry] = position;
    return rel;
  }
}
