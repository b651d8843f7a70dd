import { defineConfig } from '../api/config-definition.js';
import type { ConfigDefinition } from '../api/config-definition.js';
import type { Converter } from '../api/converter.js';
import type { HeaderConverter } from '../api/header-converter.js';
import { BigDecimal } from '../api/schema/big-decimal.js';
import { isPlainObject, mapEntries } from '../api/schema/connect-schema.js';
import { Decimal } from '../api/schema/decimal.js';
import { LogicalName } from '../api/schema/logical-names.js';
import { Schema } from '../api/schema/schema.js';
import { SchemaAndValue } from '../api/schema/schema-and-value.js';
import { Struct } from '../api/schema/struct.js';
import { Type } from '../api/schema/type.js';
import { formatJavaDouble, formatJavaFloat } from './java-number-format.js';

const SIMPLE_HEADER_CONVERTER_CONFIG = defineConfig([]);
const NUMBER = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INT_RANGES: readonly [Schema, bigint, bigint][] = [
  [Schema.INT8_SCHEMA, -(2n ** 7n), 2n ** 7n - 1n],
  [Schema.INT16_SCHEMA, -(2n ** 15n), 2n ** 15n - 1n],
  [Schema.INT32_SCHEMA, -(2n ** 31n), 2n ** 31n - 1n],
  [Schema.INT64_SCHEMA, -(2n ** 63n), 2n ** 63n - 1n],
];
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Kafka's `SimpleHeaderConverter`, the default `header.converter`: a header value is written as its text (Kafka's
 * `Values.convertToString`: numbers as Java prints them, bytes as base64, dates as ISO text, arrays, maps and
 * structs in Kafka's `[a,b]` / `{"k":v}` notation) and read back with its schema inferred from the text as Kafka's
 * `Values.parseString` does for scalars: `true`/`false` → boolean, whole numbers → the smallest int type (a Decimal
 * beyond int64), fractions → float32 (float64 beyond float32's range), anything else a string. Arrays, maps and
 * dates written as text are read back as strings.
 */
export class SimpleHeaderConverter implements HeaderConverter, Converter {
  config(): ConfigDefinition {
    return SIMPLE_HEADER_CONVERTER_CONFIG;
  }

  configure(_configs: Readonly<Record<string, string>>, _isKey = false): void {}

  fromConnectHeader(_topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    return Buffer.from(toText(schema, value, false), 'utf8');
  }

  toConnectHeader(_topic: string, _headerKey: string, value: Buffer | null): SchemaAndValue {
    if (value === null) return SchemaAndValue.NULL;
    return parseText(value.toString('utf8'));
  }

  fromConnectData(topic: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectHeader(topic, '', schema, value);
  }

  toConnectData(topic: string, value: Buffer | null): SchemaAndValue {
    return this.toConnectHeader(topic, '', value);
  }

  close(): void {}
}

function parseText(text: string): SchemaAndValue {
  if (text === '') return new SchemaAndValue(Schema.STRING_SCHEMA, text);
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === 'false') return new SchemaAndValue(Schema.BOOLEAN_SCHEMA, lower === 'true');
  if (lower === 'null') return SchemaAndValue.NULL;
  if (!NUMBER.test(text)) return new SchemaAndValue(Schema.STRING_SCHEMA, text);
  const decimal = BigDecimal.parse(text);
  const whole = wholeValue(decimal);
  if (whole !== null) {
    for (const [schema, min, max] of INT_RANGES) {
      if (whole >= min && whole <= max) {
        return new SchemaAndValue(schema, schema === Schema.INT64_SCHEMA && !isSafe(whole) ? whole : Number(whole));
      }
    }
  }
  const n = decimal.toNumber();
  if (decimal.scale !== 0 && Math.abs(n) <= FLOAT32_MAX) return new SchemaAndValue(Schema.FLOAT32_SCHEMA, n);
  if (decimal.scale !== 0 && Number.isFinite(n)) return new SchemaAndValue(Schema.FLOAT64_SCHEMA, n);
  return new SchemaAndValue(Decimal.schema(decimal.scale), decimal);
}

/** The integer a decimal equals (2.00 → 2), or null when it has a fraction. */
function wholeValue(decimal: BigDecimal): bigint | null {
  if (decimal.scale <= 0) return decimal.unscaled * 10n ** BigInt(-decimal.scale);
  const divisor = 10n ** BigInt(decimal.scale);
  return decimal.unscaled % divisor === 0n ? decimal.unscaled / divisor : null;
}

function isSafe(n: bigint): boolean {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER);
}

/** Kafka's `Values.convertToString`/`append`; `embedded` values (inside arrays, maps, structs) quote strings. */
function toText(schema: Schema | null, value: unknown, embedded: boolean): string {
  if (value === null || value === undefined) return 'null';
  switch (schema?.name) {
    case LogicalName.DATE:
      if (value instanceof Date) return quoted(value.toISOString().slice(0, 10), embedded);
      break;
    case LogicalName.TIME:
      if (value instanceof Date) return quoted(`${value.toISOString().slice(11, 23)}Z`, embedded);
      break;
    case LogicalName.TIMESTAMP:
      if (value instanceof Date) return quoted(`${value.toISOString().slice(0, 23)}Z`, embedded);
      break;
    default:
      break;
  }
  switch (typeof value) {
    case 'string':
      return embedded ? `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : value;
    case 'number':
      if (schema?.type === Type.FLOAT32) return formatJavaFloat(value);
      if (schema?.type === Type.FLOAT64 || !Number.isInteger(value)) return formatJavaDouble(value);
      return String(value);
    case 'bigint':
    case 'boolean':
      return String(value);
    default:
      break;
  }
  if (value instanceof Uint8Array) {
    return quoted(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'), embedded);
  }
  if (value instanceof BigDecimal) return value.toString();
  if (value instanceof Date) return quoted(`${value.toISOString().slice(0, 23)}Z`, embedded);
  if (Array.isArray(value)) {
    const element = schema?.type === Type.ARRAY ? schema.valueSchema : null;
    return `[${value.map((v: unknown) => toText(element, v, true)).join(',')}]`;
  }
  if (value instanceof Struct) {
    return `{${value.schema.fields.map((f) => `${toText(null, f.name, true)}:${toText(f.schema, value.get(f), true)}`).join(',')}}`;
  }
  if (value instanceof Map || isPlainObject(value)) {
    const keySchema = schema?.type === Type.MAP ? schema.keySchema : null;
    const valueSchema = schema?.type === Type.MAP ? schema.valueSchema : null;
    const parts: string[] = [];
    for (const [k, v] of mapEntries(value)) parts.push(`${toText(keySchema, k, true)}:${toText(valueSchema, v, true)}`);
    return `{${parts.join(',')}}`;
  }
  return String(value);
}

function quoted(text: string, embedded: boolean): string {
  return embedded ? `"${text}"` : text;
}
