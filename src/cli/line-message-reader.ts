import type { RecordHeader } from '../protocol/record-batch-builder.js';
import { isTrue } from './key-value-args.js';
import { UsageError } from './usage-error.js';

/** A line `console-producer` could not turn into a record (Kafka's KafkaException from `LineMessageReader`). */
export class LineFormatError extends UsageError {
  readonly lineNumber: number;

  constructor(lineNumber: number, message: string) {
    super(message);
    this.name = 'LineFormatError';
    this.lineNumber = lineNumber;
  }
}

export interface ParsedLine {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly RecordHeader[];
}

const NO_HEADERS: readonly RecordHeader[] = Object.freeze([]);

/**
 * Kafka 3's `LineMessageReader`, configured by `console-producer --property name=value`: `parse.key` with
 * `key.separator` (tab), `parse.headers` with `headers.delimiter` (tab), `headers.separator` (comma) and
 * `headers.key.separator` (colon), `null.marker` (a key, value or header value equal to it is null) and
 * `ignore.error` (a line missing a separator becomes the value instead of failing). A line is
 * `[headers<delimiter>][key<separator>]value`. Key and value are slices of the line, not copies.
 */
export class LineMessageReader {
  readonly #parseKey: boolean;
  readonly #parseHeaders: boolean;
  readonly #ignoreError: boolean;
  readonly #keySeparator: Buffer;
  readonly #headersDelimiter: Buffer;
  readonly #headersSeparator: string;
  readonly #headersKeySeparator: string;
  readonly #nullMarker: Buffer | undefined;
  #lineNumber = 0;

  /** @throws UsageError for separators that would make lines ambiguous, as Kafka refuses them */
  constructor(properties: ReadonlyMap<string, string>) {
    this.#parseKey = isTrue(properties.get('parse.key'));
    this.#parseHeaders = isTrue(properties.get('parse.headers'));
    this.#ignoreError = isTrue(properties.get('ignore.error'));
    this.#keySeparator = Buffer.from(properties.get('key.separator') ?? '\t', 'utf8');
    this.#headersDelimiter = Buffer.from(properties.get('headers.delimiter') ?? '\t', 'utf8');
    this.#headersSeparator = properties.get('headers.separator') ?? ',';
    this.#headersKeySeparator = properties.get('headers.key.separator') ?? ':';
    const nullMarker = properties.get('null.marker');
    this.#nullMarker = nullMarker === undefined ? undefined : Buffer.from(nullMarker, 'utf8');
    for (const [name, separator] of [
      ['key.separator', this.#keySeparator],
      ['headers.delimiter', this.#headersDelimiter],
    ] as const) {
      if (separator.length === 0) throw new UsageError(`${name} must not be empty`);
    }
    if (this.#parseHeaders && this.#headersSeparator === this.#headersKeySeparator) {
      throw new UsageError('headers.separator and headers.key.separator may not be equal');
    }
    if (nullMarker !== undefined && [properties.get('key.separator') ?? '\t', properties.get('headers.delimiter') ?? '\t'].includes(nullMarker)) {
      throw new UsageError('null.marker may not be equal to key.separator or headers.delimiter');
    }
  }

  /** @throws LineFormatError for a line without a required separator (unless `ignore.error=true`) */
  parse(line: Buffer): ParsedLine {
    this.#lineNumber++;
    let offset = 0;
    let headers = NO_HEADERS;
    if (this.#parseHeaders) {
      const end = this.#find(line, 0, this.#headersDelimiter, 'headers delimiter');
      if (end >= 0) {
        const text = line.toString('utf8', 0, end);
        if (!this.#isNull(line.subarray(0, end))) headers = this.#splitHeaders(text);
        offset = end + this.#headersDelimiter.length;
      }
    }
    let key: Buffer | null = null;
    if (this.#parseKey) {
      const end = this.#find(line, offset, this.#keySeparator, 'key separator');
      if (end >= 0) {
        key = line.subarray(offset, end);
        if (this.#isNull(key)) key = null;
        offset = end + this.#keySeparator.length;
      }
    }
    const value = line.subarray(offset);
    return { key, value: this.#isNull(value) ? null : value, headers };
  }

  #find(line: Buffer, from: number, separator: Buffer, what: string): number {
    const at = line.indexOf(separator, from);
    if (at < 0 && !this.#ignoreError) {
      throw new LineFormatError(this.#lineNumber, `No ${what} found on line number ${this.#lineNumber}: '${line.toString('utf8')}'`);
    }
    return at;
  }

  #isNull(bytes: Buffer): boolean {
    return this.#nullMarker !== undefined && bytes.equals(this.#nullMarker);
  }

  #splitHeaders(text: string): RecordHeader[] {
    return text.split(this.#headersSeparator).map((pair): RecordHeader => {
      const at = pair.indexOf(this.#headersKeySeparator);
      if (at < 0) {
        if (this.#ignoreError) return { key: pair, value: null };
        throw new LineFormatError(this.#lineNumber, `No header key separator found in pair '${pair}' on line number ${this.#lineNumber}`);
      }
      const key = pair.slice(0, at);
      const nullMarker = this.#nullMarker?.toString('utf8');
      if (key === nullMarker) {
        throw new LineFormatError(this.#lineNumber, `Header keys should not be equal to the null marker '${nullMarker}' as they can't be null`);
      }
      const value = pair.slice(at + this.#headersKeySeparator.length);
      return { key, value: value === nullMarker ? null : Buffer.from(value, 'utf8') };
    });
  }
}
