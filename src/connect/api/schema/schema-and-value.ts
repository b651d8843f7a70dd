import type { Schema } from './schema.js';

/** A value and the schema describing it, as converters return them; `SchemaAndValue.NULL` for a tombstone. */
export class SchemaAndValue {
  static readonly NULL: SchemaAndValue = new SchemaAndValue(null, null);

  readonly schema: Schema | null;
  readonly value: unknown;

  constructor(schema: Schema | null, value: unknown) {
    this.schema = schema;
    this.value = value;
  }
}
