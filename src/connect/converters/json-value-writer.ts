import { DataException } from '../api/errors.js';
import { BigDecimal } from '../api/schema/big-decimal.js';
import { isPlainObject } from '../api/schema/connect-schema.js';
import { ConnectDate } from '../api/schema/date.js';
import { Decimal } from '../api/schema/decimal.js';
import { LogicalName } from '../api/schema/logical-names.js';
import type { Schema } from '../api/schema/schema.js';
import { Struct } from '../api/schema/struct.js';
import { Time } from '../api/schema/time.js';
import { Timestamp } from '../api/schema/timestamp.js';
import { Type, typeLabel } from '../api/schema/type.js';
import { formatJavaDouble, formatJavaFloat } from './java-number-format.js';
import { quoteJson } from './json-string.js';
import { kindOf } from './value-kind.js';

/** How Decimal values are written: base64 of the unscaled bytes (Kafka's default) or a JSON number. */
export const DecimalFormat = {
  BASE64: 'BASE64',
  NUMERIC: 'NUMERIC',
} as const;

export type DecimalFormat = (typeof DecimalFormat)[keyof typeof DecimalFormat];

export interface JsonValueWriterOptions {
  decimalFormat: DecimalFormat;
  /** Write a null field that has a default as its default (Kafka's `replace.null.with.default`). */
  replaceNullWithDefault: boolean;
}

/**
 * Connect data → JSON text, exactly as Kafka's `JsonConverter.convertToJson` followed by Jackson's serializer writes
 * it, built directly as a string (no intermediate tree).
 */
export class JsonValueWriter {
  readonly #decimalFormat: DecimalFormat;
  readonly #replaceNullWithDefault: boolean;

  constructor(options: JsonValueWriterOptions) {
    this.#decimalFormat = options.decimalFormat;
    this.#replaceNullWithDefault = options.replaceNullWithDefault;
  }

  /**
   * @param schema null to infer each value's type from its JavaScript type
   * @throws DataException when the value does not match the schema
   */
  write(schema: Schema | null, value: unknown): string {
    if (value === null || value === undefined) {
      if (schema === null) return 'null';
      if (schema.defaultValue !== null && this.#replaceNullWithDefault) return this.write(schema, schema.defaultValue);
      if (schema.optional) return 'null';
      throw new DataException('Conversion error: null value for field that is required and has no default value');
    }
    if (schema === null) return this.#writeInferred(value);
    if (schema.name !== null) {
      const logical = this.#writeLogical(schema, value);
      if (logical !== null) return logical;
    }
    return this.#writeTyped(schema, schema.type, value);
  }

  #writeTyped(schema: Schema | null, type: Type, value: unknown): string {
    switch (type) {
      case Type.INT8:
      case Type.INT16:
      case Type.INT32:
        if (!Number.isInteger(value)) throw invalidType(type, value);
        return String(value);
      case Type.INT64:
        return writeInt64(value);
      case Type.FLOAT32:
        if (typeof value !== 'number') throw invalidType(type, value);
        return Number.isFinite(value) ? formatJavaFloat(value) : `"${formatJavaFloat(value)}"`;
      case Type.FLOAT64:
        if (typeof value !== 'number') throw invalidType(type, value);
        return Number.isFinite(value) ? formatJavaDouble(value) : `"${formatJavaDouble(value)}"`;
      case Type.BOOLEAN:
        if (typeof value !== 'boolean') throw invalidType(type, value);
        return value ? 'true' : 'false';
      case Type.STRING:
        if (typeof value !== 'string') throw invalidType(type, value);
        return quoteJson(value);
      case Type.BYTES:
        if (!(value instanceof Uint8Array)) throw invalidType(type, value);
        return `"${base64(value)}"`;
      case Type.ARRAY:
        return this.#writeArray(schema, value);
      case Type.MAP:
        return this.#writeMap(schema, value);
      case Type.STRUCT:
        return this.#writeStruct(schema, value);
    }
  }

  #writeArray(schema: Schema | null, value: unknown): string {
    if (!Array.isArray(value)) throw invalidType(Type.ARRAY, value);
    const elementSchema = schema === null ? null : schema.valueSchema;
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += this.write(elementSchema, value[i]);
    }
    return `${out}]`;
  }

  #writeMap(schema: Schema | null, value: unknown): string {
    const entries = value instanceof Map ? [...value.entries()] : isPlainObject(value) ? Object.entries(value) : null;
    if (entries === null) throw invalidType(Type.MAP, value);
    const keySchema = schema === null ? null : schema.keySchema;
    const valueSchema = schema === null ? null : schema.valueSchema;
    const objectMode = keySchema === null ? entries.every(([k]) => typeof k === 'string') : keySchema.type === Type.STRING;
    let out = objectMode ? '{' : '[';
    let first = true;
    for (const [k, v] of entries) {
      if (!first) out += ',';
      first = false;
      if (objectMode) {
        if (typeof k !== 'string') throw invalidType(Type.STRING, k);
        out += `${quoteJson(k)}:${this.write(valueSchema, v)}`;
      } else {
        out += `[${this.write(keySchema, k)},${this.write(valueSchema, v)}]`;
      }
    }
    return out + (objectMode ? '}' : ']');
  }

  #writeStruct(schema: Schema | null, value: unknown): string {
    if (!(value instanceof Struct)) throw invalidType(Type.STRUCT, value);
    const structSchema = schema ?? value.schema;
    if (schema !== null && !value.schema.equals(schema)) throw new DataException('Mismatching schema.');
    let out = '{';
    const fields = structSchema.fields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      if (field === undefined) continue;
      if (i > 0) out += ',';
      const fieldValue = this.#replaceNullWithDefault ? value.get(field) : value.getWithoutDefault(field);
      out += `${quoteJson(field.name)}:${this.write(field.schema, fieldValue)}`;
    }
    return `${out}}`;
  }

  #writeLogical(schema: Schema, value: unknown): string | null {
    switch (schema.name) {
      case LogicalName.DECIMAL:
        if (!(value instanceof BigDecimal)) {
          throw new DataException(`Invalid type for Decimal, expected BigDecimal but was ${kindOf(value)}`);
        }
        return this.#decimalFormat === DecimalFormat.NUMERIC
          ? value.toString()
          : `"${base64(Decimal.fromLogical(schema, value))}"`;
      case LogicalName.DATE:
        return String(ConnectDate.fromLogical(schema, expectDate('Date', value)));
      case LogicalName.TIME:
        return String(Time.fromLogical(schema, expectDate('Time', value)));
      case LogicalName.TIMESTAMP:
        return String(Timestamp.fromLogical(schema, expectDate('Timestamp', value)));
      default:
        return null;
    }
  }

  /** Kafka's schemaless branch: the type follows from the value's own type. */
  #writeInferred(value: unknown): string {
    switch (typeof value) {
      case 'number':
        return Number.isInteger(value) ? writeInt64(value) : this.#writeTyped(null, Type.FLOAT64, value);
      case 'bigint':
        return writeInt64(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'string':
        return quoteJson(value);
      default:
        break;
    }
    if (value instanceof Uint8Array) return `"${base64(value)}"`;
    if (Array.isArray(value)) return this.#writeArray(null, value);
    if (value instanceof Map || isPlainObject(value)) return this.#writeMap(null, value);
    if (value instanceof Struct) return this.#writeStruct(null, value);
    throw new DataException(`${kindOf(value)} does not have corresponding schema type.`);
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function writeInt64(value: unknown): string {
  if (typeof value === 'bigint') {
    if (value < INT64_MIN || value > INT64_MAX) throw invalidType(Type.INT64, value);
    return value.toString();
  }
  if (!Number.isInteger(value)) throw invalidType(Type.INT64, value);
  // Beyond 2^53 String() would print rounded digits padded with zeros; the exact integer of the double is wanted.
  return Number.isSafeInteger(value) ? String(value) : BigInt(value as number).toString();
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function expectDate(logical: string, value: unknown): Date {
  if (!(value instanceof Date)) throw new DataException(`Invalid type for ${logical}, expected Date but was ${kindOf(value)}`);
  return value;
}

function invalidType(type: Type, value: unknown): DataException {
  return new DataException(`Invalid type for ${typeLabel(type)}: ${kindOf(value)}`);
}
