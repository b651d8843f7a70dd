const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into lines the way Java's `BufferedReader.readLine` does (which Kafka's console producer
 * reads with): `\n`, `\r` and `\r\n` each end a line, the terminator is dropped, and text after the last
 * terminator is a last line. Lines are slices of the input chunks, copied only when one spans two chunks.
 */
export class LineSplitter {
  #carry: Buffer | undefined;
  /** The previous chunk ended in `\r`: a `\n` starting the next one belongs to it. */
  #skipLf = false;

  /** Calls `onLine` for each line `chunk` completes; a line may be handed on only once its terminator arrived. */
  push(chunk: Buffer, onLine: (line: Buffer) => void): void {
    let start = 0;
    if (this.#skipLf && chunk.length > 0) {
      if (chunk[0] === LF) start = 1;
      this.#skipLf = false;
    }
    let nextLf = chunk.indexOf(LF, start);
    let nextCr = chunk.indexOf(CR, start);
    while (nextLf >= 0 || nextCr >= 0) {
      const end = nextCr < 0 || (nextLf >= 0 && nextLf < nextCr) ? nextLf : nextCr;
      let line = chunk.subarray(start, end);
      if (this.#carry !== undefined) {
        line = Buffer.concat([this.#carry, line]);
        this.#carry = undefined;
      }
      start = end + 1;
      if (end === nextCr) {
        if (start === chunk.length) this.#skipLf = true;
        else if (chunk[start] === LF) start++;
      }
      onLine(line);
      if (nextLf >= 0 && nextLf < start) nextLf = chunk.indexOf(LF, start);
      if (nextCr >= 0 && nextCr < start) nextCr = chunk.indexOf(CR, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.#carry = this.#carry === undefined ? rest : Buffer.concat([this.#carry, rest]);
    }
  }

  /** The end of input: an unterminated last line is still a line. */
  end(onLine: (line: Buffer) => void): void {
    const rest = this.#carry;
    this.#carry = undefined;
    if (rest !== undefined) onLine(rest);
  }
}
