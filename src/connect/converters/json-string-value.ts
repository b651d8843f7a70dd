import type { EncodableValue } from '../../client/index.js';
import { maxQuotedBytes, writeJsonString } from './json-string.js';

/**
 * The constant bytes around a JsonConverter payload: the envelope's opening with the schema and its closing brace
 * (`schemas.enable=true`), or nothing.
 */
export class JsonFrame {
  readonly prefix: Buffer;
  readonly suffix: Buffer;

  constructor(prefix: string, suffix: string) {
    this.prefix = Buffer.from(prefix);
    this.suffix = Buffer.from(suffix);
  }
}

/**
 * A string value in JsonConverter form, which the producer has write itself straight into its batch: the bytes of
 * `JsonConverter.fromConnectData` for it, without the string or Buffer per record that building them costs.
 */
export class JsonStringValue implements EncodableValue {
  readonly minByteLength: number;
  readonly maxByteLength: number;
  readonly #frame: JsonFrame;
  readonly #text: string;

  constructor(frame: JsonFrame, text: string) {
    this.#frame = frame;
    this.#text = text;
    const around = frame.prefix.length + frame.suffix.length;
    // Every UTF-16 unit takes at least one byte, plus the two quotes.
    this.minByteLength = around + text.length + 2;
    this.maxByteLength = around + maxQuotedBytes(text.length);
  }

  encodeInto(target: Buffer, offset: number): number {
    const { prefix, suffix } = this.#frame;
    target.set(prefix, offset);
    const end = writeJsonString(target, offset + prefix.length, this.#text);
    target.set(suffix, end);
    return end + suffix.length - offset;
  }
}
