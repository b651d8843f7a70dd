import fs from 'node:fs';
import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import {
  BatchLayout,
  CURRENT_MAGIC,
  HEADER_SIZE,
  LOG_OVERHEAD,
  batchBaseOffsetAt,
  batchLastOffsetAt,
  batchMaxTimestampAt,
  batchSizeAt,
  isBatchCrcValid,
} from '../../protocol/record-batch.js';
import { OffsetIndex } from './offset-index.js';
import {
  HeaderCursor,
  INDEX_FILE_SUFFIX,
  LOG_FILE_SUFFIX,
  SCRATCH,
  TIME_INDEX_FILE_SUFFIX,
  readFully,
  segmentFile,
  writeFully,
} from './segment-io.js';
import { TimeIndex } from './time-index.js';

/** Recovery reads whole batches (for the CRC) in chunks of at least this size. */
const RECOVERY_CHUNK_BYTES = 4 * 1024 * 1024;
const MIN_BATCH_SIZE = HEADER_SIZE;
const INT32_MAX = 0x7fff_ffff;
const EMPTY: Buffer = Buffer.alloc(0);

export interface SegmentOptions {
  readonly indexIntervalBytes: number;
  /** Subtracted from segment.ms for this segment, so partitions created together do not all roll together. */
  readonly rollJitterMs: number;
  readonly clock: () => number;
}

export interface SegmentRead {
  /** File position of the first returned batch. */
  readonly position: number;
  readonly size: number;
  /** Whole batches only; length 0 when nothing fitted. */
  readonly buffer: Buffer;
}

export interface SegmentRecovery {
  readonly validBytes: number;
  readonly truncatedBytes: number;
  /** The offset after the last valid batch: where the cut happened. */
  readonly nextOffset: number;
  /** Why the tail was cut; null when nothing was. */
  readonly reason: string | null;
}

/**
 * Receives one stored batch header: 61 bytes at `at` in `header`, a buffer shared by every header walk, so the
 * bytes are valid only during the call and the visitor must not read the log.
 */
export type BatchHeaderVisitor = (header: Buffer, at: number) => void;

export interface TimestampMatch {
  readonly offset: number;
  readonly timestamp: number;
}

/**
 * One segment of a partition log: the `.log` file of batches stored as received plus its sparse offset and
 * time indexes, named by the segment's base offset. All I/O is synchronous and positional; an append is one
 * write, a read one read of whole batches (plus a header walk from the nearest index entry to find where to
 * start).
 */
export class LogSegment {
  readonly baseOffset: number;
  readonly file: string;
  readonly offsetIndex: OffsetIndex;
  readonly timeIndex: TimeIndex;
  readonly #options: SegmentOptions;
  #fd: number;
  #size: number;
  #nextOffset: number;
  #maxTimestampSoFar = -1;
  #offsetOfMaxTimestampSoFar = -1;
  /** maxTimestamp of the first batch, the base of time-based rolling; undefined until known. */
  #firstBatchTimestamp: number | undefined;
  #createdMs: number;
  #bytesSinceLastIndexEntry = 0;
  /** End of the last read (next offset → position): a consumer's next fetch usually starts exactly there. */
  #readEndOffset = -1;
  #readEndPosition = 0;
  #foundPosition = 0;
  #foundSize = 0;

  private constructor(dir: string, baseOffset: number, fd: number, size: number, createdMs: number, options: SegmentOptions) {
    this.baseOffset = baseOffset;
    this.file = segmentFile(dir, baseOffset, LOG_FILE_SUFFIX);
    this.offsetIndex = new OffsetIndex(segmentFile(dir, baseOffset, INDEX_FILE_SUFFIX), baseOffset);
    this.timeIndex = new TimeIndex(segmentFile(dir, baseOffset, TIME_INDEX_FILE_SUFFIX), baseOffset);
    this.#options = options;
    this.#fd = fd;
    this.#size = size;
    this.#nextOffset = baseOffset;
    this.#createdMs = createdMs;
  }

  /** A new, empty segment; existing files of the same name are replaced. */
  static create(dir: string, baseOffset: number, options: SegmentOptions): LogSegment {
    const fd = fs.openSync(segmentFile(dir, baseOffset, LOG_FILE_SUFFIX), 'w+');
    const segment = new LogSegment(dir, baseOffset, fd, 0, options.clock(), options);
    segment.offsetIndex.create();
    segment.timeIndex.create();
    return segment;
  }

  /**
   * Opens an existing `.log`. Its indexes and next offset are unknown until `loadIndexes` or `recover` runs;
   * the file's mtime stands in for the creation time, as in Kafka.
   */
  static open(dir: string, baseOffset: number, options: SegmentOptions): LogSegment {
    const fd = fs.openSync(segmentFile(dir, baseOffset, LOG_FILE_SUFFIX), 'r+');
    const stat = fs.fstatSync(fd);
    return new LogSegment(dir, baseOffset, fd, stat.size, stat.mtimeMs, options);
  }

  get size(): number {
    return this.#size;
  }

  /** One past the last offset stored, the base offset when empty. */
  get nextOffset(): number {
    return this.#nextOffset;
  }

  /** The largest batch timestamp, or the file's mtime when no batch carries one (Kafka's rule for retention). */
  get largestTimestamp(): number {
    return this.#maxTimestampSoFar >= 0 ? this.#maxTimestampSoFar : fs.statSync(this.file).mtimeMs;
  }

  get createdMs(): number {
    return this.#createdMs;
  }

  /**
   * How old the segment is for `segment.ms`: the incoming batch's timestamp minus the first batch's when the
   * segment has one (Kafka's rule, so a log replayed with old timestamps rolls as it did originally), else
   * wall-clock time since creation.
   */
  timeWaitedForRoll(nowMs: number, incomingTimestamp: number): number {
    const first = this.#firstBatchTimestamp;
    return first !== undefined && first >= 0 ? incomingTimestamp - first : nowMs - this.#createdMs;
  }

  get rollJitterMs(): number {
    return this.#options.rollJitterMs;
  }

  /**
   * Loads both index files and checks them against the log: the last offset-index entry must point at a batch
   * header starting at or below its offset, and every entry must lie before the next offset, which is found by
   * walking the batch headers after the last entry. Returns false when anything is missing or inconsistent; the caller then
   * rebuilds the segment with `recover`.
   */
  loadIndexes(nextSegmentBaseOffset: number | null): boolean {
    if (!this.offsetIndex.load(this.#size) || !this.timeIndex.load()) return false;
    const cursor = new HeaderCursor(this.#fd, this.#size);
    if (this.offsetIndex.entries > 0) {
      const h = cursor.at(this.offsetIndex.lastPosition);
      if (h < 0 || !plausibleHeader(SCRATCH, h)) return false;
      // One entry may cover a multi-batch append (Kafka indexes the append's start with its last offset).
      if (batchBaseOffsetAt(SCRATCH, h) > this.offsetIndex.lastOffset) return false;
    }
    if (!this.#scanTail(cursor)) return false;
    if (this.offsetIndex.entries > 0 && this.offsetIndex.lastOffset >= this.#nextOffset) return false;
    if (this.timeIndex.entries > 0 && this.timeIndex.lastOffset >= this.#nextOffset) return false;
    if (nextSegmentBaseOffset !== null && this.#nextOffset > nextSegmentBaseOffset) return false;
    this.#loadFirstBatchTimestamp(cursor);
    return true;
  }

  /**
   * Walks every batch checking length, magic, CRC and offset order, rebuilds both indexes, and truncates the file
   * at the first batch that fails (or is cut short). Kafka's `LogSegment.recover`.
   */
  recover(maxBatchBytes: number): SegmentRecovery {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.#resetReadCache();
    const fileSize = this.#size;
    let chunk = Buffer.allocUnsafe(Math.max(HEADER_SIZE, Math.min(RECOVERY_CHUNK_BYTES, fileSize)));
    let chunkStart = 0;
    let chunkEnd = 0;
    const ensure = (pos: number, length: number): number => {
      if (pos < chunkStart || pos + length > chunkEnd) {
        const want = Math.min(Math.max(length, RECOVERY_CHUNK_BYTES), fileSize - pos);
        if (chunk.length < want) chunk = Buffer.allocUnsafe(want);
        readFully(this.#fd, chunk, want, pos);
        chunkStart = pos;
        chunkEnd = pos + want;
      }
      return pos - chunkStart;
    };

    let pos = 0;
    let lastIndexEntry = 0;
    let nextOffset = this.baseOffset;
    let maxTimestamp = -1;
    let offsetOfMaxTimestamp = -1;
    let firstBatchTimestamp: number | undefined;
    let reason: string | null = null;
    while (pos < fileSize) {
      const remaining = fileSize - pos;
      if (remaining < HEADER_SIZE) {
        reason = `partial batch header (${remaining} bytes)`;
        break;
      }
      const h = ensure(pos, HEADER_SIZE);
      const size = batchSizeAt(chunk, h);
      if (size < MIN_BATCH_SIZE || size > maxBatchBytes) {
        reason = `invalid batch size ${size}`;
        break;
      }
      const magic = chunk.readInt8(h + BatchLayout.MAGIC);
      if (magic !== CURRENT_MAGIC) {
        reason = `invalid magic ${magic}`;
        break;
      }
      if (size > remaining) {
        reason = `partial batch (${remaining} of ${size} bytes)`;
        break;
      }
      const b = ensure(pos, size);
      if (!isBatchCrcValid(chunk, b, size)) {
        reason = 'CRC mismatch';
        break;
      }
      const base = batchBaseOffsetAt(chunk, b);
      const last = batchLastOffsetAt(chunk, b);
      if (base < nextOffset || last < base || last - this.baseOffset > INT32_MAX) {
        reason = `batch offsets ${base}..${last} out of order (expected ≥ ${nextOffset})`;
        break;
      }
      const batchMaxTimestamp = batchMaxTimestampAt(chunk, b);
      firstBatchTimestamp ??= batchMaxTimestamp;
      if (batchMaxTimestamp > maxTimestamp) {
        maxTimestamp = batchMaxTimestamp;
        offsetOfMaxTimestamp = last;
      }
      if (pos - lastIndexEntry > this.#options.indexIntervalBytes) {
        this.offsetIndex.append(last, pos);
        this.timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp);
        lastIndexEntry = pos;
      }
      nextOffset = last + 1;
      pos += size;
    }
    if (pos < fileSize) fs.ftruncateSync(this.#fd, pos);
    this.#size = pos;
    this.#nextOffset = nextOffset;
    this.#maxTimestampSoFar = maxTimestamp;
    this.#offsetOfMaxTimestampSoFar = offsetOfMaxTimestamp;
    this.#firstBatchTimestamp = firstBatchTimestamp;
    this.#bytesSinceLastIndexEntry = pos - lastIndexEntry;
    return { validBytes: pos, truncatedBytes: fileSize - pos, nextOffset, reason };
  }

  /**
   * Appends already-validated batches holding offsets `firstOffset..lastOffset` with one positional write, and
   * adds an index entry when `indexIntervalBytes` have accumulated since the last one (Kafka's rule: at most one
   * entry per append, pointing at the append's start).
   */
  append(batches: Buffer, firstOffset: number, lastOffset: number, maxTimestamp: number, offsetOfMaxTimestamp: number): void {
    if (firstOffset < this.#nextOffset || lastOffset - this.baseOffset > INT32_MAX) {
      throw new KafkaError(
        ErrorCode.UNKNOWN_SERVER_ERROR,
        `append of offsets ${firstOffset}..${lastOffset} does not fit segment ${this.file} (next offset ${this.#nextOffset})`,
      );
    }
    const position = this.#size;
    writeFully(this.#fd, batches, position);
    this.#size += batches.length;
    if (position === 0) this.#firstBatchTimestamp = maxTimestamp;
    if (maxTimestamp > this.#maxTimestampSoFar) {
      this.#maxTimestampSoFar = maxTimestamp;
      this.#offsetOfMaxTimestampSoFar = offsetOfMaxTimestamp;
    }
    if (this.#bytesSinceLastIndexEntry > this.#options.indexIntervalBytes) {
      this.offsetIndex.append(lastOffset, position);
      this.timeIndex.maybeAppend(this.#maxTimestampSoFar, this.#offsetOfMaxTimestampSoFar);
      this.#bytesSinceLastIndexEntry = 0;
    }
    this.#bytesSinceLastIndexEntry += batches.length;
    this.#nextOffset = lastOffset + 1;
  }

  /**
   * Reads whole batches starting with the one that contains `startOffset` (or the first after it), ending before
   * `maxPosition` and within `maxBytes` — except that with `minOneBatch` the first batch is returned whole even
   * when larger. Returns null when the segment holds nothing at or after `startOffset`.
   */
  read(startOffset: number, maxBytes: number, maxPosition: number, minOneBatch: boolean): SegmentRead | null {
    const limit = Math.min(maxPosition, this.#size);
    let start: number;
    let firstSize = -1;
    if (startOffset === this.#readEndOffset) {
      start = this.#readEndPosition;
      if (start >= this.#size) return null;
    } else {
      if (!this.#find(startOffset)) return null;
      start = this.#foundPosition;
      firstSize = this.#foundSize;
    }
    if (start >= limit) return { position: start, size: 0, buffer: EMPTY };
    let want = Math.min(maxBytes, limit - start);
    if (minOneBatch && firstSize > want) want = firstSize;
    if (want < LOG_OVERHEAD && !minOneBatch) return { position: start, size: 0, buffer: EMPTY };

    let buffer = EMPTY;
    let end = 0;
    let lastBatch = 0;
    if (want >= LOG_OVERHEAD) {
      buffer = Buffer.allocUnsafe(want);
      readFully(this.#fd, buffer, want, start);
      while (want - end >= LOG_OVERHEAD) {
        const size = this.#checkedSize(buffer, end, start + end);
        if (end + size > want) break;
        lastBatch = end;
        end += size;
      }
    }
    if (end === 0) {
      if (!minOneBatch) return { position: start, size: 0, buffer: EMPTY };
      // Only reached from the cached position, where the first batch's size was not known before reading.
      const size = want >= LOG_OVERHEAD ? this.#checkedSize(buffer, 0, start) : this.#batchSizeAt(start);
      buffer = Buffer.allocUnsafe(size);
      readFully(this.#fd, buffer, size, start);
      end = size;
    }
    this.#readEndOffset = batchLastOffsetAt(buffer, lastBatch) + 1;
    this.#readEndPosition = start + end;
    return { position: start, size: end, buffer: end === buffer.length ? buffer : buffer.subarray(0, end) };
  }

  /** File position of the first batch whose base offset is ≥ `offset`, or the segment size when there is none. */
  boundaryPosition(offset: number): number {
    let pos = this.offsetIndex.lookup(offset);
    const cursor = new HeaderCursor(this.#fd, this.#size);
    for (let h = cursor.at(pos); h >= 0; h = cursor.at(pos)) {
      if (batchBaseOffsetAt(SCRATCH, h) >= offset) return pos;
      pos += this.#checkedSize(SCRATCH, h, pos);
    }
    return this.#size;
  }

  /**
   * Calls `visit` with the header of every batch from the one holding `fromOffset` (or the first after it) to the
   * end of the segment. Only headers are read: 64 KiB windows over small batches, the header alone past large
   * ones.
   */
  forEachBatchHeader(fromOffset: number, visit: BatchHeaderVisitor): void {
    if (!this.#find(fromOffset)) return;
    let pos = this.#foundPosition;
    const cursor = new HeaderCursor(this.#fd, this.#size);
    for (let h = cursor.at(pos); h >= 0; h = cursor.at(pos)) {
      const size = this.#checkedSize(SCRATCH, h, pos);
      visit(SCRATCH, h);
      pos += size;
    }
  }

  /** The first batch whose maxTimestamp is ≥ `timestamp`: its base offset and that maxTimestamp. */
  findOffsetByTimestamp(timestamp: number): TimestampMatch | null {
    if (this.#maxTimestampSoFar < timestamp) return null;
    // Entries before `entry` have timestamps below the target, and no batch up to their offsets can match.
    const entry = this.timeIndex.firstEntryAtOrAfter(timestamp);
    let pos = entry > 0 ? this.offsetIndex.lookup(this.timeIndex.offsetAt(entry - 1)) : 0;
    const cursor = new HeaderCursor(this.#fd, this.#size);
    for (let h = cursor.at(pos); h >= 0; h = cursor.at(pos)) {
      const batchMax = batchMaxTimestampAt(SCRATCH, h);
      if (batchMax >= timestamp) return { offset: batchBaseOffsetAt(SCRATCH, h), timestamp: batchMax };
      pos += this.#checkedSize(SCRATCH, h, pos);
    }
    return null;
  }

  /**
   * Removes every batch holding an offset ≥ `offset` (the batch containing `offset` goes whole) and the index
   * entries pointing at them. Returns the bytes removed.
   */
  truncateTo(offset: number): number {
    if (offset >= this.#nextOffset || !this.#find(offset)) return 0;
    const position = this.#foundPosition;
    const removed = this.#size - position;
    fs.ftruncateSync(this.#fd, position);
    this.#size = position;
    this.offsetIndex.truncateTo(offset);
    this.timeIndex.truncateTo(offset);
    this.#resetReadCache();
    const cursor = new HeaderCursor(this.#fd, this.#size);
    this.#scanTail(cursor);
    if (position === 0) {
      this.#createdMs = this.#options.clock();
      this.#firstBatchTimestamp = undefined;
    }
    this.#bytesSinceLastIndexEntry = this.#size - this.offsetIndex.lastPosition;
    return removed;
  }

  /** Adds the final time-index entry when the segment stops being the active one (as Kafka does). */
  onBecomeInactive(): void {
    this.timeIndex.maybeAppend(this.#maxTimestampSoFar, this.#offsetOfMaxTimestampSoFar);
    this.offsetIndex.flush(false);
    this.timeIndex.flush(false);
  }

  /** fsyncs the log and both indexes. */
  flush(): void {
    fs.fsyncSync(this.#fd);
    this.offsetIndex.flush(true);
    this.timeIndex.flush(true);
  }

  /** Adds the final time-index entry and leaves both indexes durable (the log itself is fsynced by `flush`). */
  close(): void {
    if (this.#fd < 0) return;
    this.timeIndex.maybeAppend(this.#maxTimestampSoFar, this.#offsetOfMaxTimestampSoFar);
    this.offsetIndex.flush(true);
    this.timeIndex.flush(true);
    fs.closeSync(this.#fd);
    this.#fd = -1;
  }

  /** Closes and removes the three files. */
  delete(): void {
    if (this.#fd >= 0) {
      fs.closeSync(this.#fd);
      this.#fd = -1;
    }
    fs.rmSync(this.file, { force: true });
    this.offsetIndex.delete();
    this.timeIndex.delete();
  }

  /**
   * Walks headers from the last offset-index entry to the end of the file, setting the next offset and the
   * largest timestamp (the time index's last entry covers everything before that entry). False when a header
   * is implausible or a batch runs past the end.
   */
  #scanTail(cursor: HeaderCursor): boolean {
    let pos = this.offsetIndex.lastPosition;
    let nextOffset = this.baseOffset;
    let maxTimestamp = this.timeIndex.lastTimestamp;
    let offsetOfMaxTimestamp = this.timeIndex.entries > 0 ? this.timeIndex.lastOffset : -1;
    while (pos < this.#size) {
      const h = cursor.at(pos);
      if (h < 0 || !plausibleHeader(SCRATCH, h)) return false;
      const size = batchSizeAt(SCRATCH, h);
      const base = batchBaseOffsetAt(SCRATCH, h);
      const last = batchLastOffsetAt(SCRATCH, h);
      if (pos + size > this.#size || base < nextOffset || last < base) return false;
      const batchMax = batchMaxTimestampAt(SCRATCH, h);
      if (batchMax > maxTimestamp) {
        maxTimestamp = batchMax;
        offsetOfMaxTimestamp = last;
      }
      nextOffset = last + 1;
      pos += size;
    }
    this.#nextOffset = nextOffset;
    this.#maxTimestampSoFar = maxTimestamp;
    this.#offsetOfMaxTimestampSoFar = offsetOfMaxTimestamp;
    this.#bytesSinceLastIndexEntry = this.#size - this.offsetIndex.lastPosition;
    return true;
  }

  #loadFirstBatchTimestamp(cursor: HeaderCursor): void {
    const h = cursor.at(0);
    this.#firstBatchTimestamp = h >= 0 ? batchMaxTimestampAt(SCRATCH, h) : undefined;
  }

  /** Finds the first batch whose last offset is ≥ `offset`; sets #foundPosition/#foundSize (no allocation). */
  #find(offset: number): boolean {
    let pos = this.offsetIndex.lookup(offset);
    const cursor = new HeaderCursor(this.#fd, this.#size);
    for (let h = cursor.at(pos); h >= 0; h = cursor.at(pos)) {
      const size = this.#checkedSize(SCRATCH, h, pos);
      if (batchLastOffsetAt(SCRATCH, h) >= offset) {
        this.#foundPosition = pos;
        this.#foundSize = size;
        return true;
      }
      pos += size;
    }
    return false;
  }

  #batchSizeAt(position: number): number {
    const h = new HeaderCursor(this.#fd, this.#size).at(position);
    if (h < 0) throw new KafkaError(ErrorCode.KAFKA_STORAGE_ERROR, `no batch header at ${this.file}:${position}`);
    return this.#checkedSize(SCRATCH, h, position);
  }

  /** A batch size read from the file; an impossible one would stall a walk, so it is a storage error. */
  #checkedSize(buf: Buffer, at: number, position: number): number {
    const size = batchSizeAt(buf, at);
    if (size < MIN_BATCH_SIZE) {
      throw new KafkaError(ErrorCode.KAFKA_STORAGE_ERROR, `corrupt batch length ${size} at ${this.file}:${position}`);
    }
    return size;
  }

  #resetReadCache(): void {
    this.#readEndOffset = -1;
    this.#readEndPosition = 0;
  }
}

/** Length and magic look like a v2 batch header (no CRC check: that needs the whole batch). */
function plausibleHeader(buf: Buffer, h: number): boolean {
  return batchSizeAt(buf, h) >= MIN_BATCH_SIZE && buf.readInt8(h + BatchLayout.MAGIC) === CURRENT_MAGIC;
}
