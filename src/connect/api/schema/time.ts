import { DataException } from '../errors.js';
import { LogicalName } from './logical-names.js';
import type { Schema } from './schema.js';
import { SchemaBuilder } from './schema-builder.js';

const MILLIS_PER_DAY = 86_400_000;

function checkSchema(schema: Schema): void {
  if (schema.name !== LogicalName.TIME) {
    throw new DataException('Requested conversion of Time object but the schema does not match.');
  }
}

/**
 * The Time logical type: an int32 schema named `org.apache.kafka.connect.data.Time`, version 1, counting
 * milliseconds since midnight. Values are JavaScript `Date`s on 1970-01-01 UTC.
 */
export const Time = Object.freeze({
  LOGICAL_NAME: LogicalName.TIME,
  SCHEMA: SchemaBuilder.int32().name(LogicalName.TIME).version(1).build() as Schema,

  builder(): SchemaBuilder {
    return SchemaBuilder.int32().name(LogicalName.TIME).version(1);
  },

  /** @throws DataException when the date is not on 1970-01-01 UTC */
  fromLogical(schema: Schema, value: Date): number {
    checkSchema(schema);
    const millis = value.getTime();
    if (millis < 0 || millis > MILLIS_PER_DAY) {
      throw new DataException('Kafka Connect Time type should not have any date fields set to non-zero values.');
    }
    return millis;
  },

  toLogical(schema: Schema, millisOfDay: number): Date {
    checkSchema(schema);
    if (millisOfDay < 0 || millisOfDay > MILLIS_PER_DAY) {
      throw new DataException('Time values must use number of milliseconds greater than 0 and less than 86400000');
    }
    return new Date(millisOfDay);
  },
});
