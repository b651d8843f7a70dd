import type { Readable } from 'node:stream';
import type { ChangeSignal } from './change-signal.js';
import { LineReader } from './line-reader.js';

/** Stop reading the stream while this many bytes wait to be polled, so a fast producer cannot fill memory. */
const HIGH_WATER_BYTES = 1024 * 1024;

/**
 * Lines from standard input (or any readable stream), for a file source configured without a file, as Kafka's
 * reads stdin. No offsets: a stream cannot be resumed. The stream's last line is handed out at its end even without
 * a newline.
 */
export class StreamLines {
  readonly #stream: Readable;
  readonly #signal: ChangeSignal;
  readonly #reader = new LineReader();
  #ended = false;
  readonly #onData = (chunk: Buffer | string): void => {
    this.#reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    if (this.#reader.pendingBytes >= HIGH_WATER_BYTES) this.#stream.pause();
    this.#signal.notify();
  };
  readonly #onEnd = (): void => {
    this.#ended = true;
    this.#signal.notify();
  };

  constructor(stream: Readable, signal: ChangeSignal) {
    this.#stream = stream;
    this.#signal = signal;
    stream.on('data', this.#onData);
    stream.on('end', this.#onEnd);
  }

  /** Hands up to `max` lines to `sink`; returns how many. */
  read(max: number, sink: (line: string) => void): number {
    let count = 0;
    let line: string | null;
    while (count < max && (line = this.#reader.nextLine()) !== null) {
      sink(line);
      count++;
    }
    if (count < max && this.#ended) {
      const tail = this.#reader.remainder();
      if (tail !== null) {
        sink(tail);
        count++;
      }
    }
    if (!this.#ended && this.#reader.pendingBytes < HIGH_WATER_BYTES) this.#stream.resume();
    return count;
  }

  close(): void {
    this.#stream.off('data', this.#onData);
    this.#stream.off('end', this.#onEnd);
    this.#stream.pause();
  }
}
