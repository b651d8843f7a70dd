import type { Writable } from 'node:stream';

const CHUNK_BYTES = 64 * 1024;

/** Standard output went away (the reader of a pipe exited): Kafka's "Unable to write to standard out". */
export class OutputClosedError extends Error {
  constructor(cause: unknown) {
    super('Unable to write to standard out', { cause });
    this.name = 'OutputClosedError';
  }
}

/**
 * Byte output for record dumps: records are copied into one large chunk and the chunk is handed to the stream
 * when full or on `flush()`, so printing a record costs a copy, not a stream write (and its allocations). `flush()`
 * honours back-pressure, so a slow reader slows the consumer instead of growing memory.
 */
export class BufferedOutput {
  readonly #stream: Writable;
  #chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  #used = 0;
  #error: OutputClosedError | undefined;
  #pendingDrain: Promise<void> | undefined;

  constructor(stream: Writable) {
    this.#stream = stream;
    stream.on('error', (error) => {
      this.#error ??= new OutputClosedError(error);
    });
  }

  /** Set once a write failed (EPIPE and the like); nothing is written after that. */
  get closedError(): OutputClosedError | undefined {
    return this.#error;
  }

  write(bytes: Uint8Array): void {
    if (bytes.length > this.#chunk.length - this.#used) {
      this.#handOver();
      if (bytes.length >= CHUNK_BYTES) {
        // A large value goes out as its own write; copying it would only cost time.
        this.#send(Buffer.from(bytes));
        return;
      }
    }
    this.#chunk.set(bytes, this.#used);
    this.#used += bytes.length;
  }

  writeString(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (text.length * 3 > this.#chunk.length - this.#used) {
      this.#handOver();
      if (text.length * 3 >= CHUNK_BYTES) {
        this.#send(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.#used += this.#chunk.write(text, this.#used, 'utf8');
  }

  /** Hands everything buffered to the stream and waits while the stream is over its high-water mark. */
  async flush(): Promise<void> {
    this.#handOver();
    if (this.#pendingDrain !== undefined) await this.#pendingDrain;
    if (this.#error !== undefined) throw this.#error;
  }

  #handOver(): void {
    if (this.#used === 0) return;
    const full = this.#chunk.subarray(0, this.#used);
    this.#chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.#used = 0;
    this.#send(full);
  }

  #send(bytes: Buffer): void {
    if (this.#error !== undefined) return;
    if (!this.#stream.write(bytes) && this.#pendingDrain === undefined) {
      this.#pendingDrain = new Promise<void>((resolve) => {
        const done = (): void => {
          this.#stream.off('drain', done);
          this.#stream.off('error', done);
          this.#stream.off('close', done);
          this.#pendingDrain = undefined;
          resolve();
        };
        this.#stream.on('drain', done);
        this.#stream.on('error', done);
        this.#stream.on('close', done);
      });
    }
  }
}
