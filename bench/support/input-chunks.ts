/**
 * Reads the benchmark input file (fixed-size lines: value + '\n', see `writeInputFile`) a chunk at a time, the way
 * kcat's `-l` reads lines: the producer runners never hold the whole file, so their peak RSS is the client's own.
 * Each chunk is a fresh buffer and its values are views into it, because a producer may still hold a value after
 * the next chunk has been read (kafkajs encodes at send time).
 */
import { closeSync, openSync, readSync } from 'node:fs';

export class InputFileError extends Error {
  readonly file: string;

  constructor(file: string, detail: string) {
    super(`input file ${file}: ${detail}`);
    this.name = 'InputFileError';
    this.file = file;
  }
}

const NEWLINE = 0x0a;

export class InputChunks {
  readonly #file: string;
  readonly #fd: number;
  readonly #size: number;
  readonly #chunkMessages: number;
  #remaining: number;

  /** `messages` values of `size` bytes, handed out `chunkMessages` at a time. */
  constructor(file: string, messages: number, size: number, chunkMessages: number) {
    this.#file = file;
    this.#fd = openSync(file, 'r');
    this.#size = size;
    this.#chunkMessages = chunkMessages;
    this.#remaining = messages;
  }

  /**
   * The next values, or undefined once all were handed out.
   * @throws InputFileError when the file is shorter than promised or a line is not `size` bytes + '\n'
   */
  next(): Buffer[] | undefined {
    if (this.#remaining === 0) return undefined;
    const count = Math.min(this.#remaining, this.#chunkMessages);
    const line = this.#size + 1;
    const buffer = Buffer.allocUnsafe(count * line);
    let filled = 0;
    while (filled < buffer.length) {
      const read = readSync(this.#fd, buffer, filled, buffer.length - filled, null);
      if (read === 0) throw new InputFileError(this.#file, `ends ${this.#remaining - Math.floor(filled / line)} lines early`);
      filled += read;
    }
    const values = new Array<Buffer>(count);
    for (let i = 0, start = 0; i < count; i++, start += line) {
      if (buffer[start + this.#size] !== NEWLINE) throw new InputFileError(this.#file, `a line is not ${this.#size} bytes + newline`);
      values[i] = buffer.subarray(start, start + this.#size);
    }
    this.#remaining -= count;
    return values;
  }

  close(): void {
    closeSync(this.#fd);
  }
}
