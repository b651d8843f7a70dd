/**
 * The producer input: `count` lines of `size - 1` random printable ASCII characters plus `\n`, so that with
 * `kcat -P -l` every message is `size - 1` bytes of payload and the file is exactly `count × size` bytes.
 * Random (not repeated) content keeps the figures honest should compression ever be switched on.
 */
import { randomFillSync } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

const FIRST_PRINTABLE = 0x20;
const PRINTABLE_COUNT = 95;
const CHUNK_BYTES = 4 * 1024 * 1024;

export class InputSizeError extends Error {
  readonly size: number;

  constructor(size: number) {
    super(`message size must be an integer of at least 2 bytes (payload + newline), got ${size}`);
    this.name = 'InputSizeError';
    this.size = size;
  }
}

/** Writes the file and returns its length in bytes. */
export function writeInputFile(file: string, count: number, size: number): number {
  if (!Number.isInteger(size) || size < 2) throw new InputSizeError(size);
  const linesPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / size));
  const chunk = Buffer.allocUnsafe(linesPerChunk * size);
  const fd = openSync(file, 'w');
  try {
    let written = 0;
    for (let remaining = count; remaining > 0; remaining -= linesPerChunk) {
      const lines = Math.min(remaining, linesPerChunk);
      const bytes = lines * size;
      randomFillSync(chunk, 0, bytes);
      for (let i = 0; i < bytes; i++) chunk[i] = FIRST_PRINTABLE + ((chunk[i] as number) % PRINTABLE_COUNT);
      for (let end = size - 1; end < bytes; end += size) chunk[end] = 0x0a;
      written += writeSync(fd, chunk, 0, bytes);
    }
    return written;
  } finally {
    closeSync(fd);
  }
}
