import { DataException } from '../errors.js';
import { BigDecimal } from './big-decimal.js';
import type { Field } from './field.js';
import { LogicalName } from './logical-names.js';
import type { Schema } from './schema.js';
import { Struct } from './struct.js';
import { Type, typeLabel } from './type.js';
import { valuesEqual } from './values-equal.js';

/** What a schema is made of; every part but `type` is optional. */
export interface ConnectSchemaInit {
  type: Type;
  optional?: boolean;
  defaultValue?: unknown;
  name?: string | null;
  version?: number | null;
  doc?: string | null;
  parameters?: Readonly<Record<string, string>> | null;
  /** Struct fields, in order, with `index` matching their position. */
  fields?: readonly Field[];
  keySchema?: Schema | null;
  valueSchema?: Schema | null;
}

const INT_RANGES: Partial<Record<Type, readonly [number, number]>> = {
  [Type.INT8]: [-128, 127],
  [Type.INT16]: [-32768, 32767],
  [Type.INT32]: [-2147483648, 2147483647],
};
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The immutable {@link Schema} implementation (Kafka's `ConnectSchema`). */
export class ConnectSchema implements Schema {
  readonly type: Type;
  readonly optional: boolean;
  readonly defaultValue: unknown;
  readonly name: string | null;
  readonly version: number | null;
  readonly doc: string | null;
  readonly parameters: Readonly<Record<string, string>> | null;
  readonly #fields: readonly Field[] | null;
  readonly #fieldsByName: ReadonlyMap<string, Field> | null;
  readonly #keySchema: Schema | null;
  readonly #valueSchema: Schema | null;

  constructor(init: ConnectSchemaInit) {
    this.type = init.type;
    this.optional = init.optional ?? false;
    this.defaultValue = init.defaultValue ?? null;
    this.name = init.name ?? null;
    this.version = init.version ?? null;
    this.doc = init.doc ?? null;
    this.parameters = init.parameters == null ? null : Object.freeze({ ...init.parameters });
    if (this.type === Type.STRUCT) {
      this.#fields = Object.freeze([...(init.fields ?? [])]);
      this.#fieldsByName = new Map(this.#fields.map((f) => [f.name, f]));
    } else {
      this.#fields = null;
      this.#fieldsByName = null;
    }
    this.#keySchema = this.type === Type.MAP ? (init.keySchema ?? null) : null;
    this.#valueSchema = this.type === Type.MAP || this.type === Type.ARRAY ? (init.valueSchema ?? null) : null;
  }

  get keySchema(): Schema {
    if (this.#keySchema === null) throw new DataException(`Cannot look up key schema on non-map type ${typeLabel(this.type)}`);
    return this.#keySchema;
  }

  get valueSchema(): Schema {
    if (this.#valueSchema === null) {
      throw new DataException(`Cannot look up value schema on non-array and non-map type ${typeLabel(this.type)}`);
    }
    return this.#valueSchema;
  }

  get fields(): readonly Field[] {
    if (this.#fields === null) throw new DataException(`Cannot list fields on non-struct type ${typeLabel(this.type)}`);
    return this.#fields;
  }

  field(name: string): Field | null {
    if (this.#fieldsByName === null) throw new DataException(`Cannot look up fields on non-struct type ${typeLabel(this.type)}`);
    return this.#fieldsByName.get(name) ?? null;
  }

  equals(other: unknown): boolean {
    if (other === this) return true;
    if (!(other instanceof ConnectSchema)) return false;
    return (
      this.type === other.type &&
      this.optional === other.optional &&
      this.name === other.name &&
      this.version === other.version &&
      this.doc === other.doc &&
      valuesEqual(this.parameters, other.parameters) &&
      valuesEqual(this.defaultValue, other.defaultValue) &&
      sameNested(this.#keySchema, other.#keySchema) &&
      sameNested(this.#valueSchema, other.#valueSchema) &&
      sameFields(this.#fields, other.#fields)
    );
  }

  /** `Schema{STRING}`, or `Schema{com.example.Row:STRUCT}` when named, as Kafka prints it. */
  toString(): string {
    return this.name === null ? `Schema{${typeLabel(this.type)}}` : `Schema{${this.name}:${typeLabel(this.type)}}`;
  }

  /**
   * Checks a value against a schema, recursing into arrays, maps and structs (Kafka's `validateValue`).
   * @param field named in the error message; null for a top-level value
   * @throws DataException naming the field and what was expected
   */
  static validateValue(schema: Schema, value: unknown, field: string | null = null): void {
    validate(schema, value, field === null ? 'value' : `field: "${field}"`);
  }
}

function sameNested(a: Schema | null, b: Schema | null): boolean {
  return a === null ? b === null : b !== null && a.equals(b);
}

function sameFields(a: readonly Field[] | null, b: readonly Field[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((f, i) => f.equals(b[i]));
}

function validate(schema: Schema, value: unknown, location: string): void {
  if (value === null || value === undefined) {
    if (!schema.optional) {
      throw new DataException(`Invalid value: null used for required ${location}, schema type: ${typeLabel(schema.type)}`);
    }
    return;
  }
  if (!matchesType(schema, value)) {
    const named = schema.name === null ? '' : ` "${schema.name}"`;
    throw new DataException(
      `Invalid value for schema${named} with type ${typeLabel(schema.type)}: ${describe(value)} for ${location}`,
    );
  }
  switch (schema.type) {
    case Type.STRUCT: {
      const struct = value as Struct;
      if (!struct.schema.equals(schema)) throw new DataException('Struct schemas do not match.');
      struct.validate();
      return;
    }
    case Type.ARRAY:
      for (const element of value as unknown[]) validate(schema.valueSchema, element, `element of array ${location}`);
      return;
    case Type.MAP:
      for (const [k, v] of mapEntries(value)) {
        validate(schema.keySchema, k, `key of map ${location}`);
        validate(schema.valueSchema, v, `value of map ${location}`);
      }
      return;
    default:
      return;
  }
}

/** A map value's entries, whether it is a `Map` or a plain object with string keys. */
export function mapEntries(value: unknown): Iterable<[unknown, unknown]> {
  return value instanceof Map ? value.entries() : Object.entries(value as Record<string, unknown>);
}

/** A plain object (not an array, class instance or buffer), which may stand for a map with string keys. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function matchesType(schema: Schema, value: unknown): boolean {
  switch (schema.name) {
    case LogicalName.DECIMAL:
      return value instanceof BigDecimal;
    case LogicalName.DATE:
    case LogicalName.TIME:
    case LogicalName.TIMESTAMP:
      return value instanceof Date;
    default:
      break;
  }
  switch (schema.type) {
    case Type.INT8:
    case Type.INT16:
    case Type.INT32: {
      const [min, max] = INT_RANGES[schema.type] as readonly [number, number];
      return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
    }
    case Type.INT64:
      return typeof value === 'bigint' ? value >= INT64_MIN && value <= INT64_MAX : Number.isInteger(value);
    case Type.FLOAT32:
    case Type.FLOAT64:
      return typeof value === 'number';
    case Type.BOOLEAN:
      return typeof value === 'boolean';
    case Type.STRING:
      return typeof value === 'string';
    case Type.BYTES:
      return value instanceof Uint8Array;
    case Type.ARRAY:
      return Array.isArray(value);
    case Type.MAP:
      return value instanceof Map || isPlainObject(value);
    case Type.STRUCT:
      return value instanceof Struct;
  }
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return `${typeof value} ${String(value)}`;
  return value.constructor?.name ?? 'object';
}
