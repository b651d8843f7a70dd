import { defineConfig } from '../api/config-definition.js';
import type { ConfigDefinition } from '../api/config-definition.js';
import type { Converter } from '../api/converter.js';
import type { HeaderConverter } from '../api/header-converter.js';
import { Schema } from '../api/schema/schema.js';
import { SchemaAndValue } from '../api/schema/schema-and-value.js';

/** Java charset names Kafka users write → Node's encodings. */
const ENCODINGS: Readonly<Record<string, BufferEncoding>> = {
  'UTF-8': 'utf8',
  UTF8: 'utf8',
  'UTF-16LE': 'utf16le',
  'ISO-8859-1': 'latin1',
  LATIN1: 'latin1',
  'US-ASCII': 'latin1',
  ASCII: 'latin1',
};
const ASCII_NAMES: ReadonlySet<string> = new Set(['US-ASCII', 'ASCII']);
const NON_ASCII = /[^\u0000-\u007f]/g;

export const STRING_CONVERTER_CONFIG = defineConfig([
  {
    name: 'converter.encoding',
    type: 'string',
    default: 'UTF-8',
    validator: { pattern: '(?:[Uu][Tt][Ff]-?8|[Uu][Tt][Ff]-16[Ll][Ee]|[Ii][Ss][Oo]-8859-1|[Ll][Aa][Tt][Ii][Nn]1|(?:[Uu][Ss]-)?[Aa][Ss][Cc][Ii][Ii])' },
    importance: 'high',
    group: 'Converter',
    documentation:
      'The name of the Java character set to use for encoding strings as byte arrays: UTF-8 (default), UTF-16LE, ISO-8859-1 or US-ASCII.',
  },
]);

/**
 * Kafka's `StringConverter`: writes any value as its string form in `converter.encoding`, and reads bytes back as
 * an optional string (schema `OPTIONAL_STRING`). Null stays null.
 */
export class StringConverter implements Converter, HeaderConverter {
  #encoding: BufferEncoding = 'utf8';
  #asciiOnly = false;

  config(): ConfigDefinition {
    return STRING_CONVERTER_CONFIG;
  }

  /** @throws ConfigException for an unsupported encoding */
  configure(configs: Readonly<Record<string, string>>, _isKey = false): void {
    const name = STRING_CONVERTER_CONFIG.parse(configs)['converter.encoding'].toUpperCase();
    this.#encoding = ENCODINGS[name] ?? 'utf8';
    this.#asciiOnly = ASCII_NAMES.has(name);
  }

  fromConnectData(topic: string, schema: Schema | null, value: unknown): Buffer | null {
    const bytes = this.fromConnectDataText(topic, schema, value);
    return typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  }

  /**
   * The value as UTF-8 text when `converter.encoding` is UTF-8, so a producer writes it straight into its batch
   * (no Buffer per record); the encoded bytes otherwise.
   */
  fromConnectDataText(_topic: string, _schema: Schema | null, value: unknown): Buffer | string | null {
    if (value === null || value === undefined) return null;
    const text = typeof value === 'string' ? value : String(value);
    if (this.#encoding === 'utf8') return text;
    // Java's encoder replaces what US-ASCII cannot represent with '?'.
    return Buffer.from(this.#asciiOnly ? text.replace(NON_ASCII, '?') : text, this.#encoding);
  }

  toConnectData(_topic: string, value: Buffer | null): SchemaAndValue {
    return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, value === null ? null : value.toString(this.#encoding));
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, value);
  }

  close(): void {}
}
