import fs from 'node:fs';
import path from 'node:path';
import type { LogLogger } from './partition-log.js';
import { LogSegment } from './segment.js';
import type { SegmentOptions } from './segment.js';
import { INDEX_FILE_SUFFIX, LOG_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX, parseSegmentFileName } from './segment-io.js';

/** Files of interrupted deletions, compactions and swaps; nothing reads them after a restart. */
const LEFTOVER_SUFFIXES = ['.deleted', '.cleaned', '.swap'];

export interface LogLoadSummary {
  readonly segmentsLoaded: number;
  readonly segmentsRecovered: number;
  readonly bytesTruncated: number;
}

export interface LoadOptions {
  /** Offsets below this were fsynced; segments ending at or below it are only sanity-checked. */
  readonly recoveryPoint: number;
  readonly maxBatchBytes: number;
  readonly logger: LogLogger;
  /** Options for each segment opened or created (each call may draw a new roll jitter). */
  readonly segmentOptions: () => SegmentOptions;
}

export interface LoadedLog {
  /** Sorted by base offset, never empty. */
  readonly segments: LogSegment[];
  readonly summary: LogLoadSummary;
}

/**
 * Kafka's `LogLoader`: opens a partition directory's segments in base-offset order, removes leftovers, and
 * recovers (walk, CRC check, truncate the bad tail, rebuild indexes) every segment holding data past the
 * recovery point or whose indexes cannot be trusted. Segments after a truncation point are deleted. Every cut
 * is logged with its file, offset and size.
 */
export function loadSegments(dir: string, options: LoadOptions): LoadedLog {
  const name = path.basename(dir);
  const { logger } = options;
  const bases: number[] = [];
  const indexFiles: { file: string; base: number }[] = [];
  for (const file of fs.readdirSync(dir)) {
    if (LEFTOVER_SUFFIXES.some((suffix) => file.endsWith(suffix))) {
      fs.rmSync(path.join(dir, file), { recursive: true, force: true });
      logger.info(`${name}: removed leftover file ${file}`);
      continue;
    }
    const base = parseSegmentFileName(file, LOG_FILE_SUFFIX);
    if (base !== null) {
      bases.push(base);
      continue;
    }
    const indexBase = parseSegmentFileName(file, INDEX_FILE_SUFFIX) ?? parseSegmentFileName(file, TIME_INDEX_FILE_SUFFIX);
    if (indexBase !== null) indexFiles.push({ file, base: indexBase });
  }
  const logBases = new Set(bases);
  for (const { file, base } of indexFiles) {
    // An index without its log: left by a deletion interrupted after the log file went.
    if (!logBases.has(base)) fs.rmSync(path.join(dir, file), { force: true });
  }
  bases.sort((a, b) => a - b);
  const segments = bases.map((base) => LogSegment.open(dir, base, options.segmentOptions()));

  let recovered = 0;
  let truncated = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const nextBase = i + 1 < segments.length ? segments[i + 1]!.baseOffset : null;
    const indexesValid = segment.loadIndexes(nextBase);
    if (indexesValid && segment.nextOffset <= options.recoveryPoint) continue;
    if (!indexesValid) {
      logger.warn(`${name}: index of ${path.basename(segment.file)} is missing or inconsistent; rebuilding it from the log`);
    }
    const result = segment.recover(options.maxBatchBytes);
    segment.flush();
    recovered++;
    if (result.truncatedBytes === 0) continue;
    truncated += result.truncatedBytes;
    logger.warn(
      `${name}: recovery of ${segment.file} found ${result.reason} at byte ${result.validBytes}; truncated ${result.truncatedBytes} bytes at offset ${result.nextOffset}`,
    );
    const later = segments.splice(i + 1);
    for (const dropped of later) dropped.delete();
    if (later.length > 0) logger.warn(`${name}: deleted ${later.length} segment(s) after the truncation point ${result.nextOffset}`);
  }
  if (segments.length === 0) segments.push(LogSegment.create(dir, 0, options.segmentOptions()));
  return { segments, summary: { segmentsLoaded: bases.length, segmentsRecovered: recovered, bytesTruncated: truncated } };
}
