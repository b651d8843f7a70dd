import { DataException } from '../errors.js';
import { LogicalName } from './logical-names.js';
import type { Schema } from './schema.js';
import { SchemaBuilder } from './schema-builder.js';

function checkSchema(schema: Schema): void {
  if (schema.name !== LogicalName.TIMESTAMP) {
    throw new DataException('Requested conversion of Timestamp object but the schema does not match.');
  }
}

/**
 * The Timestamp logical type: an int64 schema named `org.apache.kafka.connect.data.Timestamp`, version 1, counting
 * milliseconds since the Unix epoch. Values are JavaScript `Date`s.
 */
export const Timestamp = Object.freeze({
  LOGICAL_NAME: LogicalName.TIMESTAMP,
  SCHEMA: SchemaBuilder.int64().name(LogicalName.TIMESTAMP).version(1).build() as Schema,

  builder(): SchemaBuilder {
    return SchemaBuilder.int64().name(LogicalName.TIMESTAMP).version(1);
  },

  fromLogical(schema: Schema, value: Date): number {
    checkSchema(schema);
    return value.getTime();
  },

  toLogical(schema: Schema, millis: number | bigint): Date {
    checkSchema(schema);
    return new Date(Number(millis));
  },
});
