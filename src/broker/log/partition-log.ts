import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import {
  batchBaseOffsetAt,
  batchLastOffsetAt,
  batchMaxTimestampAt,
  batchSizeAt,
  setBaseOffset,
  setLogAppendTime,
  setPartitionLeaderEpoch,
  validateBatches,
} from '../../protocol/record-batch.js';
import type { BatchSummary } from '../../protocol/record-batch.js';
import type { LogConfig } from './log-config.js';
import { loadSegments } from './log-loader.js';
import type { LogLoadSummary } from './log-loader.js';
import { LogSegment } from './segment.js';
import type { BatchHeaderVisitor, SegmentOptions } from './segment.js';

/** What the log needs from a logger: one string per event (pino's methods accept this form). */
export interface LogLogger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface PartitionLogOptions {
  /** Offsets below this were fsynced before the last shutdown; segments wholly below it are not re-checked. */
  readonly recoveryPoint: number;
  readonly logger: LogLogger;
  /** @default Date.now */
  readonly clock?: () => number;
  /** Upper bound on a batch's size while recovering. @default max(maxMessageBytes, segmentBytes) */
  readonly maxBatchBytes?: number;
  /** The high watermark restored by the replication layer. @default the log end offset */
  readonly highWatermark?: number;
  /** Source of the per-segment roll jitter. @default Math.random */
  readonly random?: () => number;
}

export interface LeaderAppendInfo {
  readonly firstOffset: number;
  readonly lastOffset: number;
  /** The timestamp stamped into the batches, -1 unless the topic uses LogAppendTime. */
  readonly logAppendTime: number;
  readonly logStartOffset: number;
  readonly recordCount: number;
}

export interface FollowerAppendInfo {
  readonly firstOffset: number;
  readonly lastOffset: number;
}

export interface ReadOptions {
  /** No batch starting at or above this offset is returned. @default the high watermark */
  readonly maxOffset?: number;
  /** Return the first batch whole even when it exceeds maxBytes. @default true */
  readonly minOneBatch?: boolean;
}

export interface LogReadResult {
  /** Whole batches as stored; zero-length when there is nothing to return. */
  readonly records: Buffer;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
}

/** ListOffsets' special timestamps. */
export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

/** Positions in the offset index are int32, so no segment may grow past this. */
const MAX_SEGMENT_BYTES = 0x7fff_ffff;
/** Offsets in both indexes are int32 relative to the segment's base offset. */
const MAX_RELATIVE_OFFSET = 0x7fff_ffff;
const EMPTY: Buffer = Buffer.alloc(0);

/**
 * One partition's log (Kafka's `UnifiedLog`): a directory of segments, the last one active. Batches are stored
 * as received with only baseOffset and partitionLeaderEpoch rewritten. The high watermark is kept apart from
 * the log end offset so that replication can hold it back; on one broker the partition advances it after each
 * append.
 *
 * Lifecycle: `open` (load, recover what was not flushed) → appends and reads → `flush` (periodic) → `close`.
 */
export class PartitionLog {
  readonly dir: string;
  readonly name: string;
  #config: LogConfig;
  readonly #logger: LogLogger;
  readonly #clock: () => number;
  readonly #random: () => number;
  #segments: LogSegment[] = [];
  #logStartOffset = 0;
  #highWatermark = 0;
  #recoveryPoint = 0;
  #unflushedMessages = 0;
  #lastFlushMs: number;
  #loadSummary: LogLoadSummary = { segmentsLoaded: 0, segmentsRecovered: 0, bytesTruncated: 0 };
  /** Cached position of a read bound below the log end (the high watermark while followers lag). */
  #boundOffset = -1;
  #boundSegment: LogSegment | null = null;
  #boundSegmentPosition = 0;
  /** Outputs of #resolveBound, fields rather than a returned object so that reads do not allocate. */
  #boundIndex = 0;
  #boundPosition = 0;

  private constructor(dir: string, config: LogConfig, options: PartitionLogOptions) {
    this.dir = dir;
    this.name = path.basename(dir);
    this.#config = config;
    this.#logger = options.logger;
    this.#clock = options.clock ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#lastFlushMs = this.#clock();
  }

  /** Opens (creating when absent) the log in `dir`, recovering every segment not known to be flushed. */
  static open(dir: string, config: LogConfig, options: PartitionLogOptions): PartitionLog {
    fs.mkdirSync(dir, { recursive: true });
    const log = new PartitionLog(dir, config, options);
    log.#load(options);
    return log;
  }

  get config(): LogConfig {
    return this.#config;
  }

  /** Takes effect for the next append, roll and retention check. */
  updateConfig(config: LogConfig): void {
    this.#config = config;
  }

  get logStartOffset(): number {
    return this.#logStartOffset;
  }

  get logEndOffset(): number {
    return this.#active.nextOffset;
  }

  get highWatermark(): number {
    return this.#highWatermark;
  }

  get recoveryPoint(): number {
    return this.#recoveryPoint;
  }

  get size(): number {
    let total = 0;
    for (const segment of this.#segments) total += segment.size;
    return total;
  }

  get segmentCount(): number {
    return this.#segments.length;
  }

  get lastFlushMs(): number {
    return this.#lastFlushMs;
  }

  /** What `open` found: segments loaded, segments walked and CRC-checked, bytes cut off. */
  get loadSummary(): LogLoadSummary {
    return this.#loadSummary;
  }

  /**
   * Validates a produce request's record set, assigns consecutive offsets from the log end by rewriting each
   * batch's baseOffset in place (the broker owns the request buffer; nothing is copied), stamps the leader
   * epoch and, for LogAppendTime topics, the append time, then appends it with one write. A caller that has
   * validated the records already (for producer-state checks) passes the summary so the CRC is computed once.
   */
  appendAsLeader(records: Buffer, leaderEpoch: number, validated?: BatchSummary): LeaderAppendInfo {
    const summary = validated ?? validateBatches(records, this.#config.maxMessageBytes);
    this.#checkFitsSegment(records);
    const now = this.#clock();
    const logAppendTime = this.#config.messageTimestampType === 'LogAppendTime' ? now : -1;
    const firstOffset = this.logEndOffset;
    let nextOffset = firstOffset;
    let maxTimestamp = -1;
    let offsetOfMaxTimestamp = -1;
    for (let pos = 0; pos < records.length; pos += batchSizeAt(records, pos)) {
      setBaseOffset(records, pos, nextOffset);
      setPartitionLeaderEpoch(records, pos, leaderEpoch);
      if (logAppendTime >= 0) setLogAppendTime(records, pos, logAppendTime);
      const last = batchLastOffsetAt(records, pos);
      const timestamp = batchMaxTimestampAt(records, pos);
      if (timestamp > maxTimestamp) {
        maxTimestamp = timestamp;
        offsetOfMaxTimestamp = last;
      }
      nextOffset = last + 1;
    }
    const lastOffset = nextOffset - 1;
    this.#append(records, firstOffset, lastOffset, maxTimestamp, offsetOfMaxTimestamp, summary.recordCount, now);
    return { firstOffset, lastOffset, logAppendTime, logStartOffset: this.#logStartOffset, recordCount: summary.recordCount };
  }

  /**
   * Appends batches that already carry their offsets (a follower copying its leader): validated as stored data
   * (control batches and compacted batches allowed) and required to start at or after the log end and increase.
   */
  appendAsFollower(records: Buffer): FollowerAppendInfo | null {
    if (records.length === 0) return null;
    const summary = validateBatches(records, this.#config.maxMessageBytes, 'replica');
    this.#checkFitsSegment(records);
    const firstOffset = batchBaseOffsetAt(records, 0);
    let nextOffset = this.logEndOffset;
    let maxTimestamp = -1;
    let offsetOfMaxTimestamp = -1;
    for (let pos = 0; pos < records.length; pos += batchSizeAt(records, pos)) {
      const base = batchBaseOffsetAt(records, pos);
      if (base < nextOffset) {
        throw new KafkaError(
          ErrorCode.OFFSET_OUT_OF_RANGE,
          `${this.name}: replicated batch at offset ${base} is below the expected offset ${nextOffset}`,
        );
      }
      const last = batchLastOffsetAt(records, pos);
      const timestamp = batchMaxTimestampAt(records, pos);
      if (timestamp > maxTimestamp) {
        maxTimestamp = timestamp;
        offsetOfMaxTimestamp = last;
      }
      nextOffset = last + 1;
    }
    const lastOffset = nextOffset - 1;
    this.#append(records, firstOffset, lastOffset, maxTimestamp, offsetOfMaxTimestamp, summary.recordCount, this.#clock());
    return { firstOffset, lastOffset };
  }

  /** Moves the high watermark, kept within [log start, log end]. */
  updateHighWatermark(offset: number): void {
    this.#highWatermark = Math.min(Math.max(offset, this.#logStartOffset), this.logEndOffset);
  }

  /**
   * Whole batches from the one containing `fetchOffset`, across segments if needed, never a batch that starts at
   * or above `maxOffset`; the first batch is never cut (with `minOneBatch`) and reading stops before a batch that
   * would exceed `maxBytes` once something was added.
   */
  read(fetchOffset: number, maxBytes: number, options: ReadOptions = {}): LogReadResult {
    const logEndOffset = this.logEndOffset;
    if (fetchOffset < this.#logStartOffset || fetchOffset > logEndOffset) {
      throw new KafkaError(
        ErrorCode.OFFSET_OUT_OF_RANGE,
        `${this.name}: fetch offset ${fetchOffset} is outside the log's range ${this.#logStartOffset}..${logEndOffset}`,
      );
    }
    const maxOffset = Math.min(options.maxOffset ?? this.#highWatermark, logEndOffset);
    const minOneBatch = options.minOneBatch ?? true;
    let records: Buffer = EMPTY;
    if (fetchOffset < maxOffset) {
      this.#resolveBound(maxOffset);
      let first: Buffer | null = null;
      let parts: Buffer[] | null = null;
      let total = 0;
      for (let i = this.#floorIndex(fetchOffset); i <= this.#boundIndex; i++) {
        const segment = this.#segments[i]!;
        const maxPosition = i === this.#boundIndex ? this.#boundPosition : segment.size;
        const startOffset = first === null ? fetchOffset : segment.baseOffset;
        const read = segment.read(startOffset, maxBytes - total, maxPosition, minOneBatch && first === null);
        if (read === null) continue;
        if (read.size === 0) break;
        if (first === null) first = read.buffer;
        else (parts ??= [first]).push(read.buffer);
        total += read.size;
        if (read.position + read.size < maxPosition || total >= maxBytes) break;
      }
      // Joining copies, but only when a read crosses a segment boundary: once per segment per reader.
      records = parts !== null ? Buffer.concat(parts, total) : (first ?? EMPTY);
    }
    return { records, highWatermark: this.#highWatermark, logStartOffset: this.#logStartOffset, logEndOffset };
  }

  /**
   * ListOffsets: -1 → the high watermark, -2 → the log start, otherwise the first batch whose maxTimestamp is
   * ≥ `timestamp` (its base offset and maxTimestamp), or null when there is none below the high watermark.
   */
  offsetForTimestamp(timestamp: number): { offset: number; timestamp: number } | null {
    if (timestamp === LATEST_TIMESTAMP) return { offset: this.#highWatermark, timestamp: -1 };
    if (timestamp === EARLIEST_TIMESTAMP) return { offset: this.#logStartOffset, timestamp: -1 };
    for (const segment of this.#segments) {
      const match = segment.findOffsetByTimestamp(timestamp);
      if (match === null) continue;
      const offset = Math.max(match.offset, this.#logStartOffset);
      return offset < this.#highWatermark ? { offset, timestamp: match.timestamp } : null;
    }
    return null;
  }

  /**
   * Calls `visit` with the header of every batch from the one holding `fromOffset` (clamped to the log start) to
   * the log end, in offset order. Only headers are read (see `LogSegment.forEachBatchHeader`), so start-up
   * replays of per-batch metadata (producer state) cost a fraction of the data. The header bytes are valid only
   * during the call, which must not read or write the log.
   */
  forEachBatchHeader(fromOffset: number, visit: BatchHeaderVisitor): void {
    const from = Math.max(fromOffset, this.#logStartOffset);
    const first = this.#floorIndex(from);
    for (let i = first; i < this.#segments.length; i++) {
      const segment = this.#segments[i]!;
      segment.forEachBatchHeader(i === first ? from : segment.baseOffset, visit);
    }
  }

  /** Base offset of the `count`-th segment from the end, or of the first segment when there are fewer. */
  tailSegmentsStart(count: number): number {
    return this.#segments[Math.max(0, this.#segments.length - count)]!.baseOffset;
  }

  /**
   * Deletes whole segments from the start: those whose newest batch is older than retention.ms, then, oldest
   * first, while the log stays at or above retention.bytes without them. Only data below the high watermark
   * goes; an expired active segment is rolled first. Returns the number of segments deleted.
   */
  deleteRetentionSegments(now: number): number {
    if (!this.#config.cleanupPolicy.includes('delete')) return 0;
    const segments = this.#segments;
    const { retentionMs, retentionBytes } = this.#config;
    let count = 0;
    if (retentionMs >= 0) {
      while (count < segments.length && this.#deletable(count) && now - segments[count]!.largestTimestamp > retentionMs) count++;
    }
    if (retentionBytes >= 0) {
      let excess = this.size - retentionBytes;
      for (let i = 0; i < count; i++) excess -= segments[i]!.size;
      while (count < segments.length && this.#deletable(count) && excess - segments[count]!.size >= 0) {
        excess -= segments[count]!.size;
        count++;
      }
    }
    if (count === 0) return 0;
    if (count === segments.length) this.#roll(this.logEndOffset);
    this.#deleteLeadingSegments(count);
    this.#logger.info(
      `${this.name}: deleted ${count} segment(s) by retention (retention.ms ${retentionMs}, retention.bytes ${retentionBytes}); log start offset is now ${this.#logStartOffset}`,
    );
    return count;
  }

  /**
   * Deletes the segments whose offsets all lie below `offset`, whatever the cleanup policy, for owners that
   * manage their own cleanup (the offsets topic drops what a snapshot superseded). Whole segments only: the log
   * start offset moves to the first remaining segment's base, at or below `offset`. The active segment always
   * stays, and, as with retention, nothing at or above the high watermark goes. Returns the number deleted.
   */
  deleteSegmentsBefore(offset: number): number {
    const bound = Math.min(offset, this.#highWatermark);
    const segments = this.#segments;
    let count = 0;
    while (count < segments.length - 1 && segments[count + 1]!.baseOffset <= bound) count++;
    if (count === 0) return 0;
    this.#deleteLeadingSegments(count);
    this.#logger.info(`${this.name}: deleted ${count} segment(s) below offset ${offset}; log start offset is now ${this.#logStartOffset}`);
    return count;
  }

  /** Starts a new active segment at the log end (no-op when the active segment is empty). */
  roll(): void {
    this.#roll(this.logEndOffset);
  }

  /** fsyncs every segment holding data beyond the recovery point; returns the new recovery point. */
  flush(): number {
    const end = this.logEndOffset;
    if (this.#recoveryPoint < end) {
      for (let i = this.#floorIndex(this.#recoveryPoint); i < this.#segments.length; i++) this.#segments[i]!.flush();
      this.#recoveryPoint = end;
    }
    this.#unflushedMessages = 0;
    this.#lastFlushMs = this.#clock();
    return this.#recoveryPoint;
  }

  /**
   * Removes every offset ≥ `offset` (a follower diverging from its leader). Below the log start the whole log
   * is emptied and restarts at `offset`.
   */
  truncateTo(offset: number): void {
    if (offset >= this.logEndOffset) return;
    const keep = this.#segments.filter((segment) => segment.baseOffset < offset);
    const doomed = this.#segments.slice(keep.length);
    for (const segment of doomed) segment.delete();
    let removed = 0;
    if (keep.length === 0) {
      keep.push(LogSegment.create(this.dir, offset, this.#segmentOptions()));
      this.#logStartOffset = offset;
    } else {
      removed = keep[keep.length - 1]!.truncateTo(offset);
    }
    this.#segments = keep;
    const end = this.logEndOffset;
    this.#highWatermark = Math.min(Math.max(this.#highWatermark, this.#logStartOffset), end);
    this.#recoveryPoint = Math.min(this.#recoveryPoint, end);
    this.#boundOffset = -1;
    this.#logger.info(`${this.name}: truncated to offset ${offset} (${doomed.length} segment(s) deleted, ${removed} bytes cut); log end offset is now ${end}`);
  }

  close(): void {
    for (const segment of this.#segments) segment.close();
  }

  /** Closes and removes the whole directory. */
  delete(): void {
    for (const segment of this.#segments) segment.delete();
    this.#segments = [];
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  get #active(): LogSegment {
    return this.#segments[this.#segments.length - 1]!;
  }

  #load(options: PartitionLogOptions): void {
    const started = this.#clock();
    const loaded = loadSegments(this.dir, {
      recoveryPoint: options.recoveryPoint,
      maxBatchBytes: options.maxBatchBytes ?? Math.max(this.#config.maxMessageBytes, this.#config.segmentBytes),
      logger: this.#logger,
      segmentOptions: () => this.#segmentOptions(),
    });
    this.#segments = loaded.segments;
    this.#loadSummary = loaded.summary;
    const end = this.logEndOffset;
    this.#logStartOffset = this.#segments[0]!.baseOffset;
    // Recovered segments were fsynced and the others were already below the recovery point.
    this.#recoveryPoint = end;
    this.#highWatermark = Math.min(Math.max(options.highWatermark ?? end, this.#logStartOffset), end);
    const { segmentsLoaded, segmentsRecovered, bytesTruncated } = loaded.summary;
    if (segmentsRecovered > 0) {
      this.#logger.info(
        `${this.name}: recovered ${segmentsRecovered} of ${segmentsLoaded} segment(s) in ${this.#clock() - started} ms, ${bytesTruncated} bytes truncated; log end offset ${end}`,
      );
    }
  }

  #append(records: Buffer, firstOffset: number, lastOffset: number, maxTimestamp: number, offsetOfMaxTimestamp: number, recordCount: number, now: number): void {
    let segment = this.#active;
    if (this.#shouldRoll(segment, records.length, maxTimestamp, lastOffset, now)) segment = this.#roll(firstOffset);
    segment.append(records, firstOffset, lastOffset, maxTimestamp, offsetOfMaxTimestamp);
    this.#unflushedMessages += recordCount;
    if (this.#unflushedMessages >= this.#config.flushIntervalMessages) this.flush();
  }

  /** Removes the first `count` segments (never all of them) and moves the log start to the new first one. */
  #deleteLeadingSegments(count: number): void {
    const doomed = this.#segments.splice(0, count);
    this.#logStartOffset = Math.max(this.#logStartOffset, this.#segments[0]!.baseOffset);
    this.#highWatermark = Math.max(this.#highWatermark, this.#logStartOffset);
    this.#boundOffset = -1;
    for (const segment of doomed) segment.delete();
  }

  #shouldRoll(segment: LogSegment, appendBytes: number, maxTimestamp: number, lastOffset: number, now: number): boolean {
    if (segment.size === 0) return lastOffset - segment.baseOffset > MAX_RELATIVE_OFFSET;
    return (
      segment.size > this.#segmentBytes - appendBytes ||
      segment.timeWaitedForRoll(now, maxTimestamp) > this.#config.segmentMs - segment.rollJitterMs ||
      lastOffset - segment.baseOffset > MAX_RELATIVE_OFFSET
    );
  }

  #roll(baseOffset: number): LogSegment {
    const newBase = Math.max(baseOffset, this.logEndOffset);
    const active = this.#active;
    if (active.size === 0) {
      if (active.baseOffset === newBase) return active;
      this.#segments.pop();
      active.delete();
      this.#boundOffset = -1;
    } else {
      active.onBecomeInactive();
    }
    const segment = LogSegment.create(this.dir, newBase, this.#segmentOptions());
    this.#segments.push(segment);
    this.#logger.info(`${this.name}: rolled a new segment at offset ${newBase}`);
    return segment;
  }

  get #segmentBytes(): number {
    return Math.min(this.#config.segmentBytes, MAX_SEGMENT_BYTES);
  }

  #checkFitsSegment(records: Buffer): void {
    if (records.length > this.#segmentBytes) {
      throw new KafkaError(
        ErrorCode.RECORD_LIST_TOO_LARGE,
        `${this.name}: a record set of ${records.length} bytes exceeds segment.bytes ${this.#segmentBytes}`,
      );
    }
  }

  #segmentOptions(): SegmentOptions {
    const jitterMs = this.#config.segmentJitterMs ?? 0;
    return {
      indexIntervalBytes: this.#config.indexIntervalBytes,
      rollJitterMs: jitterMs > 0 ? Math.floor(this.#random() * Math.min(jitterMs, this.#config.segmentMs)) : 0,
      clock: this.#clock,
    };
  }

  /** A segment may go by retention only when all of its data is below the high watermark and it holds some. */
  #deletable(index: number): boolean {
    const segment = this.#segments[index]!;
    const isLast = index === this.#segments.length - 1;
    const upperBound = isLast ? this.logEndOffset : this.#segments[index + 1]!.baseOffset;
    return this.#highWatermark >= upperBound && !(isLast && segment.size === 0);
  }

  /** Index of the segment whose base offset is the greatest ≤ `offset` (0 when below every base). */
  #floorIndex(offset: number): number {
    let lo = 0;
    let hi = this.#segments.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#segments[mid]!.baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Sets #boundIndex/#boundPosition: where batches starting at `maxOffset` or later begin. */
  #resolveBound(maxOffset: number): void {
    if (maxOffset >= this.logEndOffset) {
      this.#boundIndex = this.#segments.length - 1;
      this.#boundPosition = this.#active.size;
      return;
    }
    if (maxOffset === this.#boundOffset && this.#boundSegment !== null) {
      const index = this.#floorIndex(this.#boundSegment.baseOffset);
      if (this.#segments[index] === this.#boundSegment) {
        this.#boundIndex = index;
        this.#boundPosition = this.#boundSegmentPosition;
        return;
      }
    }
    this.#boundIndex = this.#floorIndex(maxOffset);
    this.#boundSegment = this.#segments[this.#boundIndex]!;
    this.#boundSegmentPosition = this.#boundSegment.boundaryPosition(maxOffset);
    this.#boundPosition = this.#boundSegmentPosition;
    this.#boundOffset = maxOffset;
  }
}
