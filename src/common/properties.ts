import { readFileSync } from 'node:fs';

/**
 * Java `.properties` files, parsed exactly as `java.util.Properties.load(Reader)` does (JDK 9+ `LineReader`,
 * `load0`, `loadConvert`), keeping the line each value came from so config errors can point at it.
 *
 * Written by hand rather than on `properties-file`: that package throws an untyped `Error` without a line number
 * for a malformed `\uXXXX`, and it departs from the JDK where a line holding only `\` is followed by `#…` (the JDK
 * reads the `#` line as a comment, the package as a property).
 */

/** A value and the 1-based physical line its logical line starts on. */
export interface PropertyEntry {
  value: string;
  line: number;
}

export type Properties = Map<string, PropertyEntry>;

/** The JDK answers a bad `\u` escape with IllegalArgumentException; we add where it is. */
export class PropertiesParseError extends Error {
  readonly file: string;
  readonly line: number;

  constructor(file: string, line: number, detail: string) {
    super(`${file}:${line}: ${detail}`);
    this.name = new.target.name;
    this.file = file;
    this.line = line;
  }
}

/** The file could not be read at all; `code` is the errno code (`ENOENT`, `EACCES`, …) when there is one. */
export class PropertiesReadError extends Error {
  readonly file: string;
  readonly code: string | undefined;

  constructor(file: string, cause: unknown) {
    const code = errnoCode(cause);
    super(`${file}: cannot read properties file${code === undefined ? '' : ` (${code})`}`, { cause });
    this.name = new.target.name;
    this.file = file;
    this.code = code;
  }
}

const CH_TAB = 0x09;
const CH_LF = 0x0a;
const CH_FF = 0x0c;
const CH_CR = 0x0d;
const CH_SPACE = 0x20;
const CH_BANG = 0x21;
const CH_HASH = 0x23;
const CH_COLON = 0x3a;
const CH_EQUALS = 0x3d;
const CH_BACKSLASH = 0x5c;

/** One logical line: its text with continuations joined, and where each physical piece starts. */
interface LogicalLine {
  text: string;
  /** Where each physical piece starts in `text`, and its 1-based line; ascending, never empty. */
  pieces: { offset: number; line: number }[];
}

/**
 * Parses `.properties` text. Later duplicates win, as with `Properties.put`.
 * @param source names the text in error messages (a file path, usually)
 */
export function parseProperties(text: string, source = '<string>'): Properties {
  const result: Properties = new Map();
  const reader = new LineReader(text);
  for (let logical = reader.next(); logical !== null; logical = reader.next()) {
    const { text: line, pieces } = logical;
    const limit = line.length;
    let keyLen = 0;
    let valueStart = limit;
    let hasSep = false;
    let precedingBackslash = false;
    while (keyLen < limit) {
      const c = line.charCodeAt(keyLen);
      if ((c === CH_EQUALS || c === CH_COLON) && !precedingBackslash) {
        valueStart = keyLen + 1;
        hasSep = true;
        break;
      }
      if (isBlank(c) && !precedingBackslash) {
        valueStart = keyLen + 1;
        break;
      }
      precedingBackslash = c === CH_BACKSLASH ? !precedingBackslash : false;
      keyLen++;
    }
    while (valueStart < limit) {
      const c = line.charCodeAt(valueStart);
      if (!isBlank(c)) {
        if (!hasSep && (c === CH_EQUALS || c === CH_COLON)) {
          hasSep = true;
        } else {
          break;
        }
      }
      valueStart++;
    }
    const malformed = (at: number): never => {
      throw new PropertiesParseError(source, physicalLine(pieces, at), 'malformed \\uXXXX escape');
    };
    const key = loadConvert(line, 0, keyLen, malformed);
    const value = loadConvert(line, valueStart, limit, malformed);
    result.set(key, { value, line: pieces[0]!.line });
  }
  return result;
}

/** Reads a file as UTF-8 and parses it; errors name the file. */
export function readPropertiesFile(path: string): Properties {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PropertiesReadError(path, err);
  }
  return parseProperties(text, path);
}

export function propertiesToObject(properties: ReadonlyMap<string, PropertyEntry>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, { value }] of properties) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * The JDK's `Properties.LineReader.readLine`: skips blank and comment lines, strips leading whitespace, joins lines
 * ending in an odd number of backslashes (dropping the continuation's leading whitespace). `\r`, `\n` and `\r\n`
 * all end a line.
 */
class LineReader {
  readonly #text: string;
  readonly #lineStarts: number[];
  #pos = 0;

  constructor(text: string) {
    this.#text = text;
    this.#lineStarts = lineStarts(text);
  }

  next(): LogicalLine | null {
    const text = this.#text;
    const end = text.length;
    let line = '';
    let pieces: LogicalLine['pieces'] = [];
    let pieceStarts = true;
    let skipWhiteSpace = true;
    let appendedLineBegin = false;
    let precedingBackslash = false;
    while (true) {
      if (this.#pos >= end) {
        if (line.length === 0) return null;
        return { text: precedingBackslash ? line.slice(0, -1) : line, pieces };
      }
      const c = text.charCodeAt(this.#pos++);
      if (skipWhiteSpace) {
        if (c === CH_SPACE || c === CH_TAB || c === CH_FF) continue;
        if (!appendedLineBegin && (c === CH_CR || c === CH_LF)) continue;
        skipWhiteSpace = false;
        appendedLineBegin = false;
      }
      if (line.length === 0 && (c === CH_HASH || c === CH_BANG)) {
        this.#skipComment();
        skipWhiteSpace = true;
        continue;
      }
      if (c !== CH_LF && c !== CH_CR) {
        if (pieceStarts) {
          pieces.push({ offset: line.length, line: lineOf(this.#lineStarts, this.#pos - 1) });
          pieceStarts = false;
        }
        line += text[this.#pos - 1];
        precedingBackslash = c === CH_BACKSLASH ? !precedingBackslash : false;
        continue;
      }
      if (line.length === 0) {
        skipWhiteSpace = true;
        continue;
      }
      if (this.#pos >= end) {
        return { text: precedingBackslash ? line.slice(0, -1) : line, pieces };
      }
      if (!precedingBackslash) return { text: line, pieces };
      line = line.slice(0, -1);
      // A line that held only the backslash leaves nothing: the JDK goes on as at a fresh logical line.
      if (line.length === 0) pieces = [];
      pieceStarts = true;
      skipWhiteSpace = true;
      appendedLineBegin = true;
      precedingBackslash = false;
      if (c === CH_CR && text.charCodeAt(this.#pos) === CH_LF) this.#pos++;
    }
  }

  #skipComment(): void {
    const text = this.#text;
    while (this.#pos < text.length) {
      const c = text.charCodeAt(this.#pos++);
      if (c === CH_LF || c === CH_CR) return;
    }
  }
}

/**
 * The JDK's `loadConvert`: `\t \n \r \f` and `\uXXXX` are escapes, any other escaped character stands for itself.
 * The reader never leaves an unescaped backslash at the end, so the character after a backslash always exists.
 */
function loadConvert(s: string, from: number, to: number, malformed: (at: number) => never): string {
  const first = s.indexOf('\\', from);
  if (first === -1 || first >= to) return s.slice(from, to);
  let out = s.slice(from, first);
  let i = first;
  while (i < to) {
    let c = s.charCodeAt(i++);
    if (c !== CH_BACKSLASH) {
      out += String.fromCharCode(c);
      continue;
    }
    const escapeAt = i - 1;
    c = s.charCodeAt(i++);
    if (c === 0x75 /* u */) {
      if (i > to - 4) malformed(escapeAt);
      let value = 0;
      for (let k = 0; k < 4; k++) {
        const digit = hexDigit(s.charCodeAt(i++));
        if (digit < 0) malformed(escapeAt);
        value = (value << 4) | digit;
      }
      out += String.fromCharCode(value);
    } else if (c === 0x74 /* t */) {
      out += '\t';
    } else if (c === 0x72 /* r */) {
      out += '\r';
    } else if (c === 0x6e /* n */) {
      out += '\n';
    } else if (c === 0x66 /* f */) {
      out += '\f';
    } else {
      out += String.fromCharCode(c);
    }
  }
  return out;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

function isBlank(c: number): boolean {
  return c === CH_SPACE || c === CH_TAB || c === CH_FF;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === CH_CR && text.charCodeAt(i + 1) === CH_LF) i++;
    if (c === CH_CR || c === CH_LF) starts.push(i + 1);
  }
  return starts;
}

/** 1-based line holding `pos`, by binary search over line starts. */
function lineOf(starts: number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function physicalLine(pieces: LogicalLine['pieces'], offset: number): number {
  let line = pieces[0]!.line;
  for (const piece of pieces) {
    if (piece.offset > offset) break;
    line = piece.line;
  }
  return line;
}

function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}
