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

const PREFIX_BYTES = 4;

/**
 * Splits a TCP byte stream into Kafka frames (int32 size prefix, then that many bytes), returning each frame
 * without its prefix.
 *
 * A frame lying within one chunk is returned as a view of it (no copy). A frame spread over several chunks gets a
 * buffer of its size once its prefix is in and checked (as Kafka's `NetworkReceive` allocates on the size), and
 * each chunk is copied into it as it arrives: chunks are let go at once instead of being queued until the frame is
 * whole, which for a 1 MB produce request meant sixteen 64 KiB chunks outliving V8's young generation. A hostile
 * size fails on its prefix, before anything is allocated for it.
 */
export class FrameDecoder {
  readonly maxFrameBytes: number;
  /** Frames complete and not yet returned by `next()`. */
  readonly #ready: Buffer[] = [];
  readonly #prefix = Buffer.alloc(PREFIX_BYTES);
  #prefixFilled = 0;
  /** The frame being filled, and how much of it is. */
  #partial: Buffer | null = null;
  #partialFilled = 0;

  constructor(options: FrameDecoderOptions = {}) {
    const max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!Number.isInteger(max) || max < 0) {
      throw new RangeError(`Expected \`maxFrameBytes\` to be an integer >= 0, got ${max}`);
    }
    this.maxFrameBytes = max;
  }

  /** Bytes received but not yet returned in a frame (a partial prefix or frame, or frames not taken yet). */
  get bufferedBytes(): number {
    let bytes = this.#prefixFilled + this.#partialFilled;
    for (const frame of this.#ready) bytes += frame.length;
    return bytes;
  }

  /** Takes in a chunk; throws FrameTooLargeError if it completes an invalid size prefix. */
  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      const partial = this.#partial;
      if (partial !== null) {
        const n = chunk.copy(partial, this.#partialFilled, at);
        this.#partialFilled += n;
        at += n;
        if (this.#partialFilled === partial.length) {
          this.#ready.push(partial);
          this.#partial = null;
          this.#partialFilled = 0;
        }
        continue;
      }
      let size: number;
      if (this.#prefixFilled === 0 && chunk.length - at >= PREFIX_BYTES) {
        size = chunk.readInt32BE(at);
        at += PREFIX_BYTES;
      } else {
        const n = Math.min(PREFIX_BYTES - this.#prefixFilled, chunk.length - at);
        chunk.copy(this.#prefix, this.#prefixFilled, at, at + n);
        this.#prefixFilled += n;
        at += n;
        if (this.#prefixFilled < PREFIX_BYTES) return;
        this.#prefixFilled = 0;
        size = this.#prefix.readInt32BE(0);
      }
      if (size < 0 || size > this.maxFrameBytes) throw new FrameTooLargeError(size, this.maxFrameBytes);
      if (chunk.length - at >= size) {
        this.#ready.push(chunk.subarray(at, at + size));
        at += size;
      } else {
        this.#partial = Buffer.allocUnsafe(size);
        this.#partialFilled = 0;
      }
    }
  }

  /** The next complete frame, or null until more bytes arrive. */
  next(): Buffer | null {
    return this.#ready.shift() ?? null;
  }
}
