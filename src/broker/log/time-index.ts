import { readInt64, writeInt64 } from '../../protocol/record-batch.js';
import { IndexFile } from './index-file.js';

/**
 * A segment's sparse time index in Kafka's `.timeindex` format: 12-byte big-endian entries (int64 timestamp,
 * int32 offset relative to the segment's base offset). An entry (T, O) records that T was the largest timestamp
 * seen so far in the segment, first reached by the batch ending at offset O, so timestamps strictly increase
 * and no batch before O's carries a timestamp above T.
 */
export class TimeIndex extends IndexFile {
  static readonly ENTRY_SIZE = 12;

  #timestamps = new Float64Array(IndexFile.INITIAL_CAPACITY);

  constructor(file: string, baseOffset: number) {
    super(file, baseOffset, TimeIndex.ENTRY_SIZE);
  }

  /** Timestamp of the last entry, or -1 when empty. */
  get lastTimestamp(): number {
    return this.entries === 0 ? -1 : this.#timestamps[this.entries - 1]!;
  }

  timestampAt(entry: number): number {
    return this.#timestamps[entry]!;
  }

  /**
   * Reads the file into memory. Returns false, leaving the index empty, when the file is missing or not
   * trustworthy: a size that is not a multiple of 12, negative timestamps or ones that do not strictly increase,
   * offsets that go backwards or are negative.
   */
  load(): boolean {
    return this.loadFile();
  }

  /** Adds (timestamp, offset) when the timestamp is a new maximum, as Kafka's `maybeAppend` does. */
  maybeAppend(timestamp: number, offset: number): void {
    if (timestamp < 0) return;
    const rel = offset - this.baseOffset;
    const count = this.entries;
    if (count > 0 && (timestamp <= this.#timestamps[count - 1]! || rel < this.relOffsetAt(count - 1))) return;
    // Not `this.#timestamps[this.appendEntry(rel)] = …`: the array is read before appendEntry may replace it.
    const entry = this.appendEntry(rel);
    this.#timestamps[entry] = timestamp;
  }

  /** Index of the first entry whose timestamp is ≥ `timestamp`, or `entries` when there is none. */
  firstEntryAtOrAfter(timestamp: number): number {
    let lo = 0;
    let hi = this.entries;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#timestamps[mid]! < timestamp) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  protected growColumn(capacity: number, count: number): void {
    const timestamps = new Float64Array(capacity);
    timestamps.set(this.#timestamps.subarray(0, count));
    this.#timestamps = timestamps;
  }

  protected encodeEntry(buf: Buffer, at: number, entry: number): void {
    writeInt64(buf, at, this.#timestamps[entry]!);
    buf.writeInt32BE(this.relOffsetAt(entry), at + 8);
  }

  protected decodeEntry(bytes: Buffer, at: number, entry: number): number | null {
    const timestamp = readInt64(bytes, at);
    const rel = bytes.readInt32BE(at + 8);
    const prevTimestamp = entry > 0 ? this.#timestamps[entry - 1]! : -Infinity;
    const prevRel = entry > 0 ? this.relOffsetAt(entry - 1) : 0;
    if (timestamp < 0 || timestamp <= prevTimestamp || rel < prevRel) return null;
    this.#timestamps[entry] = timestamp;
    return rel;
  }
}
