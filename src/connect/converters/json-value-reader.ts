import { DataException } from '../api/errors.js';
import { BigDecimal } from '../api/schema/big-decimal.js';
import { ConnectDate } from '../api/schema/date.js';
import { Decimal } from '../api/schema/decimal.js';
import { LogicalName } from '../api/schema/logical-names.js';
import type { Schema } from '../api/schema/schema.js';
import { Struct } from '../api/schema/struct.js';
import { Time } from '../api/schema/time.js';
import { Timestamp } from '../api/schema/timestamp.js';
import { Type, typeLabel } from '../api/schema/type.js';
import { JsonNumberText } from './json-text.js';

export interface JsonValueReaderOptions {
  /** Read a null (or missing) field that has a default as its default (Kafka's `replace.null.with.default`). */
  replaceNullWithDefault: boolean;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const NON_FINITE: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity };

/**
 * Parsed JSON → Connect data, as Kafka's `JsonConverter.convertToConnect`: typed by the schema, or inferred without
 * one (integers → int64, fractions → float64, objects → maps with string keys, arrays → arrays). Values of a
 * mismatched JSON type are refused with a `DataException` rather than read as zero or false.
 */
export class JsonValueReader {
  readonly #replaceNullWithDefault: boolean;

  constructor(options: JsonValueReaderOptions) {
    this.#replaceNullWithDefault = options.replaceNullWithDefault;
  }

  read(schema: Schema | null, node: unknown): unknown {
    if (schema === null) return inferred(node);
    if (node === null || node === undefined) {
      if (schema.defaultValue !== null && this.#replaceNullWithDefault) return schema.defaultValue;
      if (schema.optional) return null;
      throw new DataException(`Invalid null value for required ${typeLabel(schema.type)} field`);
    }
    switch (schema.name) {
      case LogicalName.DECIMAL:
        return readDecimal(schema, node);
      case LogicalName.DATE:
        return ConnectDate.toLogical(schema, expectInt('Date', node));
      case LogicalName.TIME:
        return Time.toLogical(schema, expectInt('Time', node));
      case LogicalName.TIMESTAMP:
        if (!isIntegral(node)) {
          throw new DataException(
            `Invalid type for Timestamp, underlying representation should be integral but was ${nodeType(node)}`,
          );
        }
        return Timestamp.toLogical(schema, readInt64(node));
      default:
        return this.#readTyped(schema, node);
    }
  }

  #readTyped(schema: Schema, node: unknown): unknown {
    const type = schema.type;
    switch (type) {
      case Type.INT8:
        return (readInt32(type, node) << 24) >> 24;
      case Type.INT16:
        return (readInt32(type, node) << 16) >> 16;
      case Type.INT32:
        return readInt32(type, node);
      case Type.INT64:
        if (typeof node !== 'number' && !(node instanceof JsonNumberText)) throw mismatch(type, node);
        return readInt64(node);
      case Type.FLOAT32:
      case Type.FLOAT64:
        return readFloat(type, node);
      case Type.BOOLEAN:
        if (typeof node !== 'boolean') throw mismatch(type, node);
        return node;
      case Type.STRING:
        if (typeof node !== 'string') throw mismatch(type, node);
        return node;
      case Type.BYTES:
        return readBytes(node);
      case Type.ARRAY: {
        if (!Array.isArray(node)) throw mismatch(type, node);
        const elementSchema = schema.valueSchema;
        return node.map((element: unknown) => this.read(elementSchema, element));
      }
      case Type.MAP:
        return this.#readMap(schema, node);
      case Type.STRUCT:
        return this.#readStruct(schema, node);
    }
  }

  #readMap(schema: Schema, node: unknown): unknown {
    const valueSchema = schema.valueSchema;
    if (schema.keySchema.type === Type.STRING) {
      if (!isJsonObject(node)) {
        throw new DataException(`Maps with string fields should be encoded as JSON objects, but found ${nodeType(node)}`);
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(node)) {
        Object.defineProperty(out, key, {
          value: this.read(valueSchema, node[key]),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    if (!Array.isArray(node)) {
      throw new DataException(
        `Maps with non-string fields should be encoded as JSON array of tuples, but found ${nodeType(node)}`,
      );
    }
    const out = new Map<unknown, unknown>();
    for (const entry of node as unknown[]) {
      if (!Array.isArray(entry)) {
        throw new DataException(`Found invalid map entry instead of array tuple: ${nodeType(entry)}`);
      }
      if (entry.length !== 2) {
        throw new DataException(`Found invalid map entry, expected length 2 but found :${entry.length}`);
      }
      out.set(this.read(schema.keySchema, entry[0]), this.read(valueSchema, entry[1]));
    }
    return out;
  }

  #readStruct(schema: Schema, node: unknown): Struct {
    if (!isJsonObject(node)) {
      throw new DataException(`Structs should be encoded as JSON objects, but found ${nodeType(node)}`);
    }
    const struct = new Struct(schema);
    for (const field of schema.fields) {
      const fieldNode = Object.hasOwn(node, field.name) ? node[field.name] : null;
      struct.put(field, this.read(field.schema, fieldNode));
    }
    return struct;
  }
}

function inferred(node: unknown): unknown {
  if (node === undefined) return null;
  if (node instanceof JsonNumberText) return node.integral ? readInt64(node) : node.toNumber();
  if (Array.isArray(node)) return node.map(inferred);
  if (isJsonObject(node)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      Object.defineProperty(out, key, { value: inferred(node[key]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return node;
}

function readDecimal(schema: Schema, node: unknown): BigDecimal {
  if (typeof node === 'number' || node instanceof JsonNumberText) {
    const decimal = typeof node === 'number' ? BigDecimal.fromNumber(node) : BigDecimal.parse(node.text);
    // A NUMERIC decimal's text may carry fewer or more digits than the schema's scale; the value must match it.
    return decimal.setScale(Decimal.scale(schema));
  }
  if (typeof node === 'string') {
    if (!BASE64.test(node)) throw new DataException('Invalid bytes for Decimal field');
    return Decimal.toLogical(schema, Buffer.from(node, 'base64'));
  }
  throw new DataException(
    `Invalid type for Decimal, underlying representation should be numeric or bytes but was ${nodeType(node)}`,
  );
}

function expectInt(logical: string, node: unknown): number {
  if (typeof node !== 'number' || !Number.isInteger(node) || node < -(2 ** 31) || node >= 2 ** 31) {
    throw new DataException(
      `Invalid type for ${logical}, underlying representation should be integer but was ${nodeType(node)}`,
    );
  }
  return node;
}

function isIntegral(node: unknown): boolean {
  return node instanceof JsonNumberText ? node.integral : Number.isInteger(node);
}

/** Jackson's `intValue()`: fractions truncated, then the low 32 bits. */
function readInt32(type: Type, node: unknown): number {
  if (node instanceof JsonNumberText) return Number(BigInt.asIntN(32, integerPart(node)));
  if (typeof node !== 'number') throw mismatch(type, node);
  return Math.trunc(node) | 0;
}

/** Jackson's `longValue()`: a number when it is a safe integer, else a bigint of the low 64 bits. */
function readInt64(node: number | JsonNumberText | unknown): number | bigint {
  if (typeof node === 'number') {
    const n = Math.trunc(node);
    return Number.isSafeInteger(n) ? n : BigInt.asIntN(64, BigInt(n));
  }
  const big = BigInt.asIntN(64, integerPart(node as JsonNumberText));
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

function integerPart(node: JsonNumberText): bigint {
  if (node.integral) return BigInt(node.text);
  const decimal = BigDecimal.parse(node.text);
  return decimal.scale <= 0 ? decimal.unscaled * 10n ** BigInt(-decimal.scale) : decimal.unscaled / 10n ** BigInt(decimal.scale);
}

function readFloat(type: Type, node: unknown): number {
  if (typeof node === 'number') return node;
  if (node instanceof JsonNumberText) return node.toNumber();
  // Jackson writes non-finite floats as these strings (QUOTE_NON_NUMERIC_NUMBERS); read them back as numbers.
  if (typeof node === 'string' && Object.hasOwn(NON_FINITE, node)) return NON_FINITE[node] as number;
  throw mismatch(type, node);
}

function readBytes(node: unknown): Buffer {
  if (typeof node !== 'string') throw mismatch(Type.BYTES, node);
  if (!BASE64.test(node)) throw new DataException('Invalid bytes field');
  return Buffer.from(node, 'base64');
}

function isJsonObject(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && !(node instanceof JsonNumberText);
}

/** Jackson's `JsonNodeType` name of a parsed value, for error messages. */
export function nodeType(node: unknown): string {
  if (node === null || node === undefined) return 'NULL';
  if (typeof node === 'number' || node instanceof JsonNumberText) return 'NUMBER';
  if (typeof node === 'string') return 'STRING';
  if (typeof node === 'boolean') return 'BOOLEAN';
  return Array.isArray(node) ? 'ARRAY' : 'OBJECT';
}

function mismatch(type: Type, node: unknown): DataException {
  return new DataException(`Invalid value for ${typeLabel(type)} field: found JSON ${nodeType(node)}`);
}
