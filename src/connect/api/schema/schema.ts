import { ConnectSchema } from './connect-schema.js';
import type { Field } from './field.js';
import { Type } from './type.js';

/**
 * A Kafka Connect schema: the type of a key, value, header or struct field, with its optionality, default and the
 * metadata (`name`, `version`, `doc`, `parameters`) that logical types and converters use. Schemas are immutable;
 * build them with {@link SchemaBuilder} or take the predefined ones (`Schema.STRING_SCHEMA`, …).
 */
export interface Schema {
  readonly type: Type;
  /** True when null is a valid value. */
  readonly optional: boolean;
  /** The value used when a field's value is null; null when there is none. */
  readonly defaultValue: unknown;
  /** Names a struct or a logical type (`org.apache.kafka.connect.data.Decimal`); null when unnamed. */
  readonly name: string | null;
  readonly version: number | null;
  readonly doc: string | null;
  /** Free-form string parameters (Decimal's `scale`); null when there are none. */
  readonly parameters: Readonly<Record<string, string>> | null;
  /** A map's key schema. @throws DataException for any other type */
  readonly keySchema: Schema;
  /** An array's element schema or a map's value schema. @throws DataException for any other type */
  readonly valueSchema: Schema;
  /** A struct's fields in order. @throws DataException for any other type */
  readonly fields: readonly Field[];
  /** A struct's field by name, null when absent. @throws DataException for any other type */
  field(name: string): Field | null;
  /** Same type, optionality, default, metadata and nested schemas. */
  equals(other: unknown): boolean;
}

function primitive(type: Type, optional: boolean): Schema {
  return new ConnectSchema({ type, optional });
}

/** The predefined primitive schemas, as Kafka's `Schema` interface declares them. */
export const Schema = {
  INT8_SCHEMA: primitive(Type.INT8, false),
  INT16_SCHEMA: primitive(Type.INT16, false),
  INT32_SCHEMA: primitive(Type.INT32, false),
  INT64_SCHEMA: primitive(Type.INT64, false),
  FLOAT32_SCHEMA: primitive(Type.FLOAT32, false),
  FLOAT64_SCHEMA: primitive(Type.FLOAT64, false),
  BOOLEAN_SCHEMA: primitive(Type.BOOLEAN, false),
  STRING_SCHEMA: primitive(Type.STRING, false),
  BYTES_SCHEMA: primitive(Type.BYTES, false),
  OPTIONAL_INT8_SCHEMA: primitive(Type.INT8, true),
  OPTIONAL_INT16_SCHEMA: primitive(Type.INT16, true),
  OPTIONAL_INT32_SCHEMA: primitive(Type.INT32, true),
  OPTIONAL_INT64_SCHEMA: primitive(Type.INT64, true),
  OPTIONAL_FLOAT32_SCHEMA: primitive(Type.FLOAT32, true),
  OPTIONAL_FLOAT64_SCHEMA: primitive(Type.FLOAT64, true),
  OPTIONAL_BOOLEAN_SCHEMA: primitive(Type.BOOLEAN, true),
  OPTIONAL_STRING_SCHEMA: primitive(Type.STRING, true),
  OPTIONAL_BYTES_SCHEMA: primitive(Type.BYTES, true),
} as const;
