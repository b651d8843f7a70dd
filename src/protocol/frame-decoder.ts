import { FrameTooLargeError } from './errors.js';

/** Kafka's default `socket.request.max.bytes`. */
export const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;

export interface FrameDecoderOptions {
  /**
   * Largest frame accepted, prefix excluded (the broker's `socket.request.max.bytes`).
   * @default 104857600
   */
  readonly maxFrameBytes?: number;
}

/**
 * Splits a TCP byte stream into Kafka frames (int32 size prefix, then that many bytes), returning each frame
 * without its prefix.
 *
 * Incoming chunks are queued by reference. A frame lying within one chunk is returned as a view of it (no copy);
 * a frame spread over several chunks is copied once, when its last byte arrives. The size prefix is validated as
 * soon as its four bytes are in, so a hostile size fails before anything is allocated for it.
 */
export class FrameDecoder {
  readonly maxFrameBytes: number;
  readonly #chunks: Buffer[] = [];
  /** Read position within `#chunks[0]`. */
  #head = 0;
  #buffered = 0;
  /** Size of the frame being waited for, once its prefix has been read and checked; -1 before. */
  #pendingSize = -1;

  constructor(options: FrameDecoderOptions = {}) {
    const max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!Number.isInteger(max) || max < 0) {
      throw new RangeError(`Expected \`maxFrameBytes\` to be an integer >= 0, got ${max}`);
    }
    this.maxFrameBytes = max;
  }

  /** Bytes received but not yet returned in a frame (a partial prefix or frame). */
  get bufferedBytes(): number {
    return this.#buffered;
  }

  /** Queues a chunk; throws FrameTooLargeError if it completes an invalid size prefix. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    this.#readSize();
  }

  /** The next complete frame, or null until more bytes arrive. */
  next(): Buffer | null {
    const size = this.#readSize();
    if (size < 0 || this.#buffered < size) return null;
    this.#pendingSize = -1;
    this.#buffered -= size;
    const first = this.#chunks[0];
    if (first !== undefined && first.length - this.#head >= size) {
      const frame = first.subarray(this.#head, this.#head + size);
      this.#advance(size);
      return frame;
    }
    const frame = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const chunk = this.#chunks[0]!;
      const n = Math.min(chunk.length - this.#head, size - filled);
      chunk.copy(frame, filled, this.#head, this.#head + n);
      filled += n;
      this.#advance(n);
    }
    return frame;
  }

  /**
   * Reads and checks the size prefix if it is not pending yet and four bytes are available; returns the pending
   * size or -1.
   */
  #readSize(): number {
    if (this.#pendingSize >= 0) return this.#pendingSize;
    if (this.#buffered < 4) return -1;
    const size = this.#takeInt32();
    this.#buffered -= 4;
    if (size < 0 || size > this.maxFrameBytes) throw new FrameTooLargeError(size, this.maxFrameBytes);
    this.#pendingSize = size;
    return size;
  }

  #takeInt32(): number {
    const first = this.#chunks[0]!;
    if (first.length - this.#head >= 4) {
      const v = first.readInt32BE(this.#head);
      this.#advance(4);
      return v;
    }
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const chunk = this.#chunks[0]!;
      v = (v << 8) | chunk[this.#head]!;
      this.#advance(1);
    }
    return v;
  }

  #advance(n: number): void {
    this.#head += n;
    if (this.#head === this.#chunks[0]!.length) {
      this.#chunks.shift();
      this.#head = 0;
    }
  }
}
