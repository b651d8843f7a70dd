import { DataException } from '../errors.js';
import { BigDecimal } from './big-decimal.js';
import { LogicalName } from './logical-names.js';
import type { Schema } from './schema.js';
import { SchemaBuilder } from './schema-builder.js';

const SCALE_FIELD = 'scale';

function scaleOf(schema: Schema): number {
  const text = schema.parameters?.[SCALE_FIELD];
  if (text === undefined) throw new DataException('Invalid Decimal schema: scale parameter not found.');
  if (!/^[+-]?[0-9]+$/.test(text)) throw new DataException(`Invalid scale parameter found in Decimal schema: ${text}`);
  return Number(text);
}

/** Java's `BigInteger.toByteArray()`: big-endian two's complement in the fewest bytes that keep the sign. */
function toTwosComplement(value: bigint): Buffer {
  const magnitudeBits = (value < 0n ? -value - 1n : value).toString(2).length;
  const bytes = Math.floor((value === 0n || value === -1n ? 0 : magnitudeBits) / 8) + 1;
  const hex = BigInt.asUintN(bytes * 8, value).toString(16).padStart(bytes * 2, '0');
  return Buffer.from(hex, 'hex');
}

function fromTwosComplement(bytes: Uint8Array): bigint {
  if (bytes.length === 0) throw new DataException('Invalid Decimal value: zero length');
  return BigInt.asIntN(bytes.length * 8, BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')}`));
}

/**
 * The Decimal logical type: a bytes schema named `org.apache.kafka.connect.data.Decimal`, version 1, whose
 * `scale` parameter (a string, as Kafka writes it) fixes the scale; the bytes are the unscaled value in
 * big-endian two's complement. Values are {@link BigDecimal}s with exactly that scale.
 */
export const Decimal = Object.freeze({
  LOGICAL_NAME: LogicalName.DECIMAL,
  SCALE_FIELD,

  builder(scale: number): SchemaBuilder {
    return SchemaBuilder.bytes().name(LogicalName.DECIMAL).parameter(SCALE_FIELD, String(scale)).version(1);
  },

  schema(scale: number): Schema {
    return Decimal.builder(scale).build();
  },

  /** The schema's scale. @throws DataException when the parameter is missing or not an integer */
  scale(schema: Schema): number {
    return scaleOf(schema);
  },

  /** @throws DataException when the value's scale differs from the schema's */
  fromLogical(schema: Schema, value: BigDecimal): Buffer {
    const scale = scaleOf(schema);
    if (value.scale !== scale) {
      throw new DataException(
        `BigDecimal has mismatching scale value for given Decimal schema. BigDecimal has scale ${value.scale}, schema has scale ${scale}`,
      );
    }
    return toTwosComplement(value.unscaled);
  },

  toLogical(schema: Schema, bytes: Uint8Array): BigDecimal {
    return new BigDecimal(fromTwosComplement(bytes), scaleOf(schema));
  },
});
