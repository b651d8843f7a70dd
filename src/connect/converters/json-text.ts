import { DataException } from '../api/errors.js';

/**
 * A JSON number token too precise for a JavaScript number: an integer beyond ±2^53 or a fraction with more than
 * 15 significant digits. Kept as text so int64 and Decimal values read back exactly, as Jackson's BigDecimal-based
 * parsing does for Kafka.
 */
export class JsonNumberText {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  /** True when the token has neither a fraction nor an exponent (Jackson's `isIntegralNumber`). */
  get integral(): boolean {
    return !/[.eE]/.test(this.text);
  }

  toNumber(): number {
    return Number(this.text);
  }
}

// A digit followed by 15 more digits or points: the only texts whose numbers JSON.parse may round. False positives
// (long digit runs inside strings) just take the exact parser.
const MAYBE_IMPRECISE = /[0-9][0-9.]{15}/;

/** A parsed JSON document; `exact` tells whether any number in it is a {@link JsonNumberText}. */
export interface ParsedJson {
  readonly value: unknown;
  readonly exact: boolean;
}

/**
 * Parses JSON text. Numbers come back as `number`, except tokens a double cannot hold exactly, which come back as
 * {@link JsonNumberText}. Plain `JSON.parse` does the work unless the text has a long digit run.
 * @throws DataException for invalid JSON
 */
export function parseJsonText(text: string): ParsedJson {
  try {
    if (!MAYBE_IMPRECISE.test(text)) return { value: JSON.parse(text), exact: false };
    const parser = new ExactParser(text);
    const value = parser.parseDocument();
    return { value, exact: parser.producedNumberText };
  } catch (err) {
    if (err instanceof DataException) throw err;
    throw new DataException(
      `Converting byte[] to Kafka Connect data failed due to serialization error: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** A strict recursive-descent JSON parser that keeps imprecise number tokens as text. */
class ExactParser {
  readonly #text: string;
  #pos = 0;
  producedNumberText = false;

  constructor(text: string) {
    this.#text = text;
  }

  parseDocument(): unknown {
    const value = this.#value();
    this.#skipWhitespace();
    if (this.#pos !== this.#text.length) this.#fail('unexpected content after the JSON value');
    return value;
  }

  #value(): unknown {
    this.#skipWhitespace();
    const c = this.#text[this.#pos];
    switch (c) {
      case '{':
        return this.#object();
      case '[':
        return this.#array();
      case '"':
        return this.#string();
      case 't':
        return this.#literal('true', true);
      case 'f':
        return this.#literal('false', false);
      case 'n':
        return this.#literal('null', null);
      default:
        return this.#number();
    }
  }

  #object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.#pos++;
    this.#skipWhitespace();
    if (this.#text[this.#pos] === '}') {
      this.#pos++;
      return out;
    }
    for (;;) {
      this.#skipWhitespace();
      if (this.#text[this.#pos] !== '"') this.#fail('expected a string key');
      const key = this.#string();
      this.#skipWhitespace();
      if (this.#text[this.#pos++] !== ':') this.#fail("expected ':'");
      // defineProperty so that a "__proto__" key is data, as JSON.parse makes it, not a prototype change.
      Object.defineProperty(out, key, { value: this.#value(), enumerable: true, writable: true, configurable: true });
      this.#skipWhitespace();
      const next = this.#text[this.#pos++];
      if (next === '}') return out;
      if (next !== ',') this.#fail("expected ',' or '}'");
    }
  }

  #array(): unknown[] {
    const out: unknown[] = [];
    this.#pos++;
    this.#skipWhitespace();
    if (this.#text[this.#pos] === ']') {
      this.#pos++;
      return out;
    }
    for (;;) {
      out.push(this.#value());
      this.#skipWhitespace();
      const next = this.#text[this.#pos++];
      if (next === ']') return out;
      if (next !== ',') this.#fail("expected ',' or ']'");
    }
  }

  #string(): string {
    const start = this.#pos;
    let i = start + 1;
    for (;;) {
      const c = this.#text.charCodeAt(i);
      if (Number.isNaN(c)) this.#fail('unterminated string');
      if (c === 0x22) break;
      i += c === 0x5c ? 2 : 1;
    }
    this.#pos = i + 1;
    // The token is delimited; JSON.parse decodes its escapes and rejects raw control characters.
    return JSON.parse(this.#text.slice(start, this.#pos)) as string;
  }

  #literal<T>(word: string, value: T): T {
    if (!this.#text.startsWith(word, this.#pos)) this.#fail('unexpected token');
    this.#pos += word.length;
    return value;
  }

  #number(): number | JsonNumberText {
    NUMBER.lastIndex = this.#pos;
    const match = NUMBER.exec(this.#text);
    if (match === null) this.#fail('unexpected token');
    const token = match[0];
    this.#pos += token.length;
    const value = Number(token);
    const integral = !/[.eE]/.test(token);
    if (integral ? Number.isSafeInteger(value) : significantDigits(token) <= 15) return value;
    this.producedNumberText = true;
    return new JsonNumberText(token);
  }

  #skipWhitespace(): void {
    WHITESPACE.lastIndex = this.#pos;
    WHITESPACE.exec(this.#text);
    this.#pos = WHITESPACE.lastIndex;
  }

  #fail(message: string): never {
    throw new DataException(
      `Converting byte[] to Kafka Connect data failed due to serialization error: ${message} at position ${this.#pos}`,
    );
  }
}

function significantDigits(token: string): number {
  const mantissa = token.replace(/^-/, '').replace(/[eE].*$/, '').replace('.', '');
  return mantissa.replace(/^0+/, '').length;
}
