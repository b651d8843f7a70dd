import { DataException } from '../errors.js';
import { LogicalName } from './logical-names.js';
import type { Schema } from './schema.js';
import { SchemaBuilder } from './schema-builder.js';

const MILLIS_PER_DAY = 86_400_000;

function checkSchema(schema: Schema): void {
  if (schema.name !== LogicalName.DATE) {
    throw new DataException('Requested conversion of Date object but the schema does not match.');
  }
}

/**
 * The Date logical type: an int32 schema named `org.apache.kafka.connect.data.Date`, version 1, counting days since
 * the Unix epoch. Values are JavaScript `Date`s at UTC midnight. (Exported as `ConnectDate` so that importing it does
 * not shadow the global `Date`.)
 */
export const ConnectDate = Object.freeze({
  LOGICAL_NAME: LogicalName.DATE,
  SCHEMA: SchemaBuilder.int32().name(LogicalName.DATE).version(1).build() as Schema,

  builder(): SchemaBuilder {
    return SchemaBuilder.int32().name(LogicalName.DATE).version(1);
  },

  /** @throws DataException when the date has a time of day other than UTC midnight */
  fromLogical(schema: Schema, value: Date): number {
    checkSchema(schema);
    const millis = value.getTime();
    if (millis % MILLIS_PER_DAY !== 0) {
      throw new DataException('Kafka Connect Date type should not have any time fields set to non-zero values.');
    }
    return millis / MILLIS_PER_DAY;
  },

  toLogical(schema: Schema, days: number): Date {
    checkSchema(schema);
    return new Date(days * MILLIS_PER_DAY);
  },
});
