import type { ConsumerRecord } from '../client/consumer/consumer-record.js';
import type { BufferedOutput } from './buffered-output.js';
import { deserializerFor } from './deserializers.js';
import type { Deserializer } from './deserializers.js';
import { isTrue } from './key-value-args.js';

/**
 * Kafka 3's `DefaultMessageFormatter`, configured by `console-consumer --property name=value`:
 * `print.timestamp`, `print.partition`, `print.offset`, `print.headers`, `print.key`, `print.value` (default true),
 * `key.separator` (tab), `line.separator` (newline), `headers.separator` (comma), `null.literal` (`null`) and
 * `key.deserializer` / `value.deserializer` / `headers.deserializer`. Columns come in that order, each followed by
 * the key separator except the last, which ends with the line separator. Without a deserializer the stored bytes are
 * written unchanged.
 */
export class DefaultMessageFormatter {
  readonly #printTimestamp: boolean;
  readonly #printPartition: boolean;
  readonly #printOffset: boolean;
  readonly #printHeaders: boolean;
  readonly #printKey: boolean;
  readonly #printValue: boolean;
  readonly #keySeparator: Buffer;
  readonly #lineSeparator: Buffer;
  readonly #headersSeparator: Buffer;
  readonly #nullLiteral: Buffer;
  readonly #keyDeserializer: Deserializer | undefined;
  readonly #valueDeserializer: Deserializer | undefined;
  readonly #headersDeserializer: Deserializer | undefined;

  /** @throws UsageError for an unknown deserializer class */
  constructor(properties: ReadonlyMap<string, string>) {
    this.#printTimestamp = isTrue(properties.get('print.timestamp'));
    this.#printPartition = isTrue(properties.get('print.partition'));
    this.#printOffset = isTrue(properties.get('print.offset'));
    this.#printHeaders = isTrue(properties.get('print.headers'));
    this.#printKey = isTrue(properties.get('print.key'));
    this.#printValue = properties.has('print.value') ? isTrue(properties.get('print.value')) : true;
    this.#keySeparator = Buffer.from(properties.get('key.separator') ?? '\t', 'utf8');
    this.#lineSeparator = Buffer.from(properties.get('line.separator') ?? '\n', 'utf8');
    this.#headersSeparator = Buffer.from(properties.get('headers.separator') ?? ',', 'utf8');
    this.#nullLiteral = Buffer.from(properties.get('null.literal') ?? 'null', 'utf8');
    const deserializer = (name: string) => {
      const className = properties.get(name);
      return className === undefined ? undefined : deserializerFor(name, className);
    };
    this.#keyDeserializer = deserializer('key.deserializer');
    this.#valueDeserializer = deserializer('value.deserializer');
    this.#headersDeserializer = deserializer('headers.deserializer');
  }

  /** @throws DeserializationError when a configured deserializer refuses the bytes */
  writeTo(record: ConsumerRecord, out: BufferedOutput): void {
    const timestamp = this.#printTimestamp;
    const partition = this.#printPartition;
    const offset = this.#printOffset;
    const headers = this.#printHeaders;
    const key = this.#printKey;
    const value = this.#printValue;
    if (timestamp) {
      out.writeString(`${record.timestampType}:${record.timestamp}`);
      this.#separator(out, partition || offset || headers || key || value);
    }
    if (partition) {
      out.writeString(`Partition:${record.partition}`);
      this.#separator(out, offset || headers || key || value);
    }
    if (offset) {
      out.writeString(`Offset:${record.offset}`);
      this.#separator(out, headers || key || value);
    }
    if (headers) {
      const list = record.headers;
      if (list.length === 0) out.writeString('NO_HEADERS');
      for (let i = 0; i < list.length; i++) {
        const header = list[i]!;
        out.writeString(`${header.key}:`);
        this.#field(out, header.value, this.#headersDeserializer);
        if (i < list.length - 1) out.write(this.#headersSeparator);
      }
      this.#separator(out, key || value);
    }
    if (key) {
      this.#field(out, record.key, this.#keyDeserializer);
      this.#separator(out, value);
    }
    if (value) {
      this.#field(out, record.value, this.#valueDeserializer);
      out.write(this.#lineSeparator);
    }
  }

  #separator(out: BufferedOutput, moreColumns: boolean): void {
    out.write(moreColumns ? this.#keySeparator : this.#lineSeparator);
  }

  #field(out: BufferedOutput, bytes: Buffer | null, deserializer: Deserializer | undefined): void {
    if (bytes === null) {
      out.write(this.#nullLiteral);
      return;
    }
    if (deserializer === undefined) {
      out.write(bytes);
      return;
    }
    const converted = deserializer(bytes);
    if (typeof converted === 'string') out.writeString(converted);
    else out.write(converted);
  }
}
