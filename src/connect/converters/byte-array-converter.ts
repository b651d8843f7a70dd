import { defineConfig } from '../api/config-definition.js';
import type { ConfigDefinition } from '../api/config-definition.js';
import type { Converter } from '../api/converter.js';
import { DataException } from '../api/errors.js';
import type { HeaderConverter } from '../api/header-converter.js';
import { Schema } from '../api/schema/schema.js';
import { SchemaAndValue } from '../api/schema/schema-and-value.js';
import { Type, typeLabel } from '../api/schema/type.js';
import { kindOf } from './value-kind.js';

const BYTE_ARRAY_CONVERTER_CONFIG = defineConfig([]);

/**
 * Kafka's `ByteArrayConverter`: passes bytes through untouched in both directions (no copy), with schema
 * `OPTIONAL_BYTES` on read. Writing refuses a schema other than bytes and values that are not bytes.
 */
export class ByteArrayConverter implements Converter, HeaderConverter {
  config(): ConfigDefinition {
    return BYTE_ARRAY_CONVERTER_CONFIG;
  }

  configure(_configs: Readonly<Record<string, string>>, _isKey = false): void {}

  fromConnectData(_topic: string, schema: Schema | null, value: unknown): Buffer | null {
    if (schema !== null && schema.type !== Type.BYTES) {
      throw new DataException(`Invalid schema type for ByteArrayConverter: ${typeLabel(schema.type)}`);
    }
    if (value === null || value === undefined) return null;
    if (Buffer.isBuffer(value)) return value;
    if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    throw new DataException(`ByteArrayConverter is not compatible with objects of type ${kindOf(value)}`);
  }

  toConnectData(_topic: string, value: Buffer | null): SchemaAndValue {
    return new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, value);
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, value);
  }

  close(): void {}
}
