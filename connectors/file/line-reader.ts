/**
 * Splits bytes read from a file into lines, tracking every line's position in **bytes** from the start of the file.
 *
 * A line ends at `\n`, `\r\n` or a lone `\r`. Splitting works on bytes, never on decoded text: `\n` and `\r` cannot
 * occur inside a multi-byte UTF-8 sequence, so each line decodes on its own and positions stay exact whatever the
 * encoding of the characters around them (Kafka's FileStreamSource counts UTF-16 units and resumes wrongly there).
 *
 * A `\r` that is the last byte read so far may be the first half of `\r\n`, so its line waits for the next byte;
 * a last line without a terminator waits for one. `remainder()` hands out such an unfinished tail when the file is
 * known to be complete (a rotated-away file that has been read to its end).
 *
 * One working buffer is reused: callers read straight into `buffer` at `writeOffset()` and report the count with
 * `advance(n)`; consumed bytes are dropped by moving the unfinished tail to the front only when space runs out, and
 * the buffer doubles only for a line longer than itself.
 *
 * Bytes that are all ASCII (checked once per read, as most log files are) are decoded in one go and lines are cut
 * from that text: one native call per read instead of two per line (a byte search and a decode each cost more than
 * the rest of a line's handling). Lines cut so are V8 sliced strings sharing the read's text, which lives as long
 * as any of its lines does; a record's value is normally gone once it has been converted. Otherwise each line is
 * decoded from its bytes.
 */

import { isAscii } from 'node:buffer';

const LF = 0x0a;
const CR = 0x0d;
const NOT_FOUND = -1;
/** Below this many pending bytes (a line's tail) decoding everything at once saves nothing. */
const MIN_TEXT_BYTES = 256;

/**
 * Bytes per read: the most whose decoded text is still an ordinary V8 heap object (strings over 128 KiB go to the
 * large-object space, which cost more than they saved). 120 KiB reads ingested 5–8 % more lines per second than
 * 64 KiB ones.
 */
export const DEFAULT_READ_BUFFER_BYTES = 120 * 1024;

export class LineReader {
  #buffer: Buffer;
  /** File position of `#buffer[0]`. */
  #base = 0;
  /** First byte not yet returned as part of a line. */
  #start = 0;
  /** End of the bytes read so far. */
  #end = 0;
  /** Where the last `\n` search found one, or -1 for none before `#lfTo`; likewise `#cr`/`#crTo` for `\r`. */
  #lf = NOT_FOUND;
  #lfTo = 0;
  #cr = NOT_FOUND;
  #crTo = 0;
  /** `#buffer[#textStart, #decodedTo)` decoded, when those bytes are all ASCII; otherwise null. */
  #text: string | null = null;
  #textStart = 0;
  /** `#end` when `#text` was last decided, or -1 to decide again. */
  #decodedTo = NOT_FOUND;

  constructor(bufferBytes: number = DEFAULT_READ_BUFFER_BYTES) {
    this.#buffer = Buffer.allocUnsafe(bufferBytes);
  }

  /** The working buffer; valid only until the next `writeOffset()` call, which may replace it. */
  get buffer(): Buffer {
    return this.#buffer;
  }

  /** File position just after the last line returned: where reading resumes after a restart. */
  get position(): number {
    return this.#base + this.#start;
  }

  /** File position just after the last byte read: where the next read from the file starts. */
  get readPosition(): number {
    return this.#base + this.#end;
  }

  /** Bytes read but not yet part of a returned line. */
  get pendingBytes(): number {
    return this.#end - this.#start;
  }

  /** Forgets everything buffered and continues as if the file had been read up to `position`. */
  reset(position: number): void {
    this.#base = position;
    this.#start = 0;
    this.#end = 0;
    this.#forgetSearches();
  }

  /** Makes room for a read and returns where in `buffer` it goes; `buffer.length - writeOffset()` bytes fit. */
  writeOffset(): number {
    if (this.#end < this.#buffer.length) return this.#end;
    if (this.#start > 0) {
      this.#buffer.copyWithin(0, this.#start, this.#end);
      this.#base += this.#start;
      this.#end -= this.#start;
      this.#start = 0;
      this.#forgetSearches();
      return this.#end;
    }
    const grown = Buffer.allocUnsafe(this.#buffer.length * 2);
    this.#buffer.copy(grown, 0, 0, this.#end);
    this.#buffer = grown;
    return this.#end;
  }

  /** Records that `bytes` bytes were read into `buffer` at `writeOffset()`. */
  advance(bytes: number): void {
    this.#end += bytes;
  }

  /** Copies `chunk` in, making room as needed; for callers that already hold the bytes. */
  push(chunk: Buffer): void {
    let copied = 0;
    while (copied < chunk.length) {
      const offset = this.writeOffset();
      const n = chunk.copy(this.#buffer, offset, copied);
      this.advance(n);
      copied += n;
    }
  }

  /** The next complete line without its terminator, or null when the bytes so far end inside a line. */
  nextLine(): string | null {
    if (this.#decodedTo !== this.#end) this.#decode();
    const start = this.#start;
    const lf = this.#find(LF, start);
    const cr = this.#find(CR, start);
    let eol: number;
    let next: number;
    if (cr !== NOT_FOUND && (lf === NOT_FOUND || cr < lf)) {
      // A `\r` ends the line, but only the next byte tells whether `\n` belongs to it.
      if (cr + 1 >= this.#end) return null;
      eol = cr;
      next = this.#buffer[cr + 1] === LF ? cr + 2 : cr + 1;
    } else if (lf !== NOT_FOUND) {
      eol = lf;
      next = lf + 1;
    } else {
      return null;
    }
    this.#start = next;
    const text = this.#text;
    return text === null ? this.#buffer.toString('utf8', start, eol) : text.slice(start - this.#textStart, eol - this.#textStart);
  }

  /**
   * The unfinished tail as a last line (a lone trailing `\r` dropped as its terminator), or null when nothing is
   * pending. Only for a file that will not grow any more.
   */
  remainder(): string | null {
    if (this.#start === this.#end) return null;
    const start = this.#start;
    const end = this.#buffer[this.#end - 1] === CR ? this.#end - 1 : this.#end;
    this.#start = this.#end;
    return this.#buffer.toString('utf8', start, end);
  }

  /**
   * `indexOf` from `from`, remembering the answer so that scanning a buffer line by line stays linear: a byte that
   * is rare in the data (usually `\r`) would otherwise be searched for to the end of the buffer once per line.
   * Valid because `from` only grows between `#forgetSearches()` calls and bytes before `#end` never change.
   */
  #find(byte: number, from: number): number {
    const lf = byte === LF;
    const cached = lf ? this.#lf : this.#cr;
    if (cached !== NOT_FOUND && cached >= from) return cached;
    const searchedTo = lf ? this.#lfTo : this.#crTo;
    const origin = cached === NOT_FOUND ? Math.max(from, searchedTo) : from;
    let at = NOT_FOUND;
    if (origin < this.#end) {
      const text = this.#text;
      if (text === null) {
        at = this.#buffer.indexOf(byte, origin);
      } else {
        const index = text.indexOf(lf ? '\n' : '\r', origin - this.#textStart);
        at = index < 0 ? NOT_FOUND : index + this.#textStart;
      }
      if (at >= this.#end) at = NOT_FOUND;
    }
    if (lf) {
      this.#lf = at;
      this.#lfTo = this.#end;
    } else {
      this.#cr = at;
      this.#crTo = this.#end;
    }
    return at;
  }

  /** Decides, for the bytes pending now, between cutting lines from decoded text and decoding line by line. */
  #decode(): void {
    this.#decodedTo = this.#end;
    const start = this.#start;
    const pending = this.#end - start;
    if (pending >= MIN_TEXT_BYTES && isAscii(this.#buffer.subarray(start, this.#end))) {
      this.#text = this.#buffer.toString('latin1', start, this.#end);
      this.#textStart = start;
    } else {
      this.#text = null;
    }
  }

  #forgetSearches(): void {
    this.#lf = NOT_FOUND;
    this.#lfTo = 0;
    this.#cr = NOT_FOUND;
    this.#crTo = 0;
    this.#text = null;
    this.#decodedTo = NOT_FOUND;
  }
}
