import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import { HEADER_SIZE } from '../../protocol/record-batch.js';

export const LOG_FILE_SUFFIX = '.log';
export const INDEX_FILE_SUFFIX = '.index';
export const TIME_INDEX_FILE_SUFFIX = '.timeindex';

/** Header walks read this much at a time, so scanning many small batches costs one syscall per chunk. */
const HEADER_CHUNK_BYTES = 64 * 1024;

/**
 * The buffer every HeaderCursor reads into: the broker is single-threaded and each walk runs to completion
 * synchronously, so sharing it saves a 64 KiB allocation per fetch.
 */
export const SCRATCH = Buffer.allocUnsafe(HEADER_CHUNK_BYTES);

/** `<dir>/<20-digit base offset>` + suffix, Kafka's segment file naming. */
export function segmentFile(dir: string, baseOffset: number, suffix: string): string {
  return path.join(dir, String(baseOffset).padStart(20, '0') + suffix);
}

/** The base offset a segment file name encodes, or null when the name is not `<20 digits><suffix>`. */
export function parseSegmentFileName(name: string, suffix: string): number | null {
  if (!name.endsWith(suffix)) return null;
  const stem = name.slice(0, -suffix.length);
  return /^\d{20}$/.test(stem) ? Number(stem) : null;
}

/**
 * Serves batch headers at arbitrary positions of a file through SCRATCH, reading 64 KiB windows (or the header
 * alone when the walk is stepping over batches larger than that). Only one
 * cursor may be in use at a time (they share SCRATCH): create one per walk and finish the walk before the next.
 */
export class HeaderCursor {
  readonly #fd: number;
  readonly #limit: number;
  #start = 0;
  #end = 0;

  constructor(fd: number, limit: number) {
    this.#fd = fd;
    this.#limit = limit;
  }

  /** Offset in SCRATCH of the header at file position `pos`, or -1 when a full header does not fit before the limit. */
  at(pos: number): number {
    if (pos >= this.#start && pos + HEADER_SIZE <= this.#end) return pos - this.#start;
    // A walk that skipped more than a window since the last read is stepping over large batches (a producer's
    // ~1 MB batches): a window would be almost all record bytes, so only the header is read.
    const skipped = this.#end > 0 && pos - this.#end >= HEADER_CHUNK_BYTES;
    const length = Math.min(skipped ? HEADER_SIZE : HEADER_CHUNK_BYTES, this.#limit - pos);
    if (length < HEADER_SIZE) return -1;
    readFully(this.#fd, SCRATCH, length, pos);
    this.#start = pos;
    this.#end = pos + length;
    return 0;
  }
}

export function readFully(fd: number, buf: Buffer, length: number, position: number): void {
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, position + done);
    if (n === 0) {
      throw new KafkaError(ErrorCode.KAFKA_STORAGE_ERROR, `unexpected end of segment file at byte ${position + done}`);
    }
    done += n;
  }
}

export function writeFully(fd: number, buf: Buffer, position: number): void {
  let done = 0;
  while (done < buf.length) done += fs.writeSync(fd, buf, done, buf.length - done, position + done);
}
