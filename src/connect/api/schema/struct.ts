import { DataException } from '../errors.js';
import { BigDecimal } from './big-decimal.js';
import { ConnectSchema } from './connect-schema.js';
import type { Field } from './field.js';
import type { Schema } from './schema.js';
import { Type, typeLabel } from './type.js';
import { valuesEqual } from './values-equal.js';

/**
 * A structured value: one value per field of a struct schema (Kafka's `Struct`). `put` checks each value against its
 * field's schema as it is set; `validate` checks that every required field has a value, which a converter calls
 * before serializing.
 *
 * @example
 * const schema = SchemaBuilder.struct().name('com.example.Row').field('id', Schema.INT32_SCHEMA).build();
 * const row = new Struct(schema).put('id', 1);
 */
export class Struct {
  readonly schema: Schema;
  readonly #values: unknown[];

  constructor(schema: Schema) {
    if (schema.type !== Type.STRUCT) throw new DataException(`Not a struct schema: ${String(schema)}`);
    this.schema = schema;
    this.#values = new Array<unknown>(schema.fields.length).fill(null);
  }

  /** The field's value, or its schema's default when the value is null. */
  get(field: string | Field): unknown {
    const f = this.#lookup(field);
    const value = this.#values[f.index];
    return value === null ? f.schema.defaultValue : value;
  }

  /** The value as set, null when unset, ignoring the schema's default. */
  getWithoutDefault(field: string | Field): unknown {
    return this.#values[this.#lookup(field).index];
  }

  getInt8(field: string): number | null {
    return this.#checked(field, Type.INT8) as number | null;
  }

  getInt16(field: string): number | null {
    return this.#checked(field, Type.INT16) as number | null;
  }

  getInt32(field: string): number | null {
    return this.#checked(field, Type.INT32) as number | null;
  }

  getInt64(field: string): number | bigint | null {
    return this.#checked(field, Type.INT64) as number | bigint | null;
  }

  getFloat32(field: string): number | null {
    return this.#checked(field, Type.FLOAT32) as number | null;
  }

  getFloat64(field: string): number | null {
    return this.#checked(field, Type.FLOAT64) as number | null;
  }

  getBoolean(field: string): boolean | null {
    return this.#checked(field, Type.BOOLEAN) as boolean | null;
  }

  getString(field: string): string | null {
    return this.#checked(field, Type.STRING) as string | null;
  }

  getBytes(field: string): Uint8Array | null {
    return this.#checked(field, Type.BYTES) as Uint8Array | null;
  }

  getDecimal(field: string): BigDecimal | null {
    const value = this.#checked(field, Type.BYTES);
    if (value !== null && !(value instanceof BigDecimal)) throw new DataException(`Field '${field}' is not a Decimal`);
    return value;
  }

  getArray(field: string): unknown[] | null {
    return this.#checked(field, Type.ARRAY) as unknown[] | null;
  }

  getMap(field: string): ReadonlyMap<unknown, unknown> | Readonly<Record<string, unknown>> | null {
    return this.#checked(field, Type.MAP) as ReadonlyMap<unknown, unknown> | Readonly<Record<string, unknown>> | null;
  }

  getStruct(field: string): Struct | null {
    return this.#checked(field, Type.STRUCT) as Struct | null;
  }

  /**
   * Sets a field's value after checking it against the field's schema.
   * @throws DataException for an unknown field or a value that does not match
   */
  put(field: string | Field, value: unknown): this {
    const f = this.#lookup(field);
    ConnectSchema.validateValue(f.schema, value, f.name);
    this.#values[f.index] = value ?? null;
    return this;
  }

  /**
   * Checks every field: a null value is accepted only for an optional field or one with a default.
   * @throws DataException naming the first invalid field
   */
  validate(): void {
    for (const f of this.schema.fields) {
      const value = this.#values[f.index];
      if (value === null && (f.schema.optional || f.schema.defaultValue !== null)) continue;
      ConnectSchema.validateValue(f.schema, value, f.name);
    }
  }

  equals(other: unknown): boolean {
    if (other === this) return true;
    if (!(other instanceof Struct) || !this.schema.equals(other.schema)) return false;
    return this.#values.every((value, i) => valuesEqual(value, other.#values[i]));
  }

  /** `Struct{id=1,name=a}`: the fields that have a value, as Kafka prints them. */
  toString(): string {
    const parts: string[] = [];
    for (const f of this.schema.fields) {
      const value = this.#values[f.index];
      if (value !== null) parts.push(`${f.name}=${formatValue(value)}`);
    }
    return `Struct{${parts.join(',')}}`;
  }

  /** The fields by name, so `JSON.stringify` of a struct reads naturally in logs. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const f of this.schema.fields) out[f.name] = this.#values[f.index];
    return out;
  }

  #lookup(field: string | Field): Field {
    if (typeof field !== 'string') {
      if (this.schema.fields[field.index] !== field && !this.schema.fields[field.index]?.equals(field)) {
        throw new DataException(`${field.name} is not a valid field name`);
      }
      return field;
    }
    const found = this.schema.field(field);
    if (found === null) throw new DataException(`${field} is not a valid field name`);
    return found;
  }

  #checked(name: string, type: Type): unknown {
    const f = this.#lookup(name);
    if (f.schema.type !== type) throw new DataException(`Field '${name}' is not of type ${typeLabel(type)}`);
    const value = this.#values[f.index];
    return value === null ? f.schema.defaultValue : value;
  }
}

function formatValue(value: unknown): string {
  if (value instanceof Uint8Array) return `[${Array.from(value).join(', ')}]`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  return String(value);
}
