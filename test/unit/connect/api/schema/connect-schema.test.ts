import assert from 'node:assert/strict';
import {
  BigDecimal,
  ConnectDate,
  ConnectSchema,
  DataException,
  Decimal,
  Schema,
  SchemaBuilder,
  Struct,
  Timestamp,
} from '../../../../../src/connect/api/index.js';

function valid(schema: Schema, value: unknown): boolean {
  try {
    ConnectSchema.validateValue(schema, value);
    return true;
  } catch (err) {
    assert.ok(err instanceof DataException);
    return false;
  }
}

describe('ConnectSchema.validateValue', () => {
  const table: [string, Schema, unknown, boolean][] = [
    ['int8 in range', Schema.INT8_SCHEMA, 127, true],
    ['int8 out of range', Schema.INT8_SCHEMA, 128, false],
    ['int16 out of range', Schema.INT16_SCHEMA, -32769, false],
    ['int32 fraction', Schema.INT32_SCHEMA, 1.5, false],
    ['int32 string', Schema.INT32_SCHEMA, '1', false],
    ['int64 number', Schema.INT64_SCHEMA, 2 ** 40, true],
    ['int64 bigint', Schema.INT64_SCHEMA, -(2n ** 63n), true],
    ['int64 bigint overflow', Schema.INT64_SCHEMA, 2n ** 63n, false],
    ['float32', Schema.FLOAT32_SCHEMA, 0.5, true],
    ['float64 NaN', Schema.FLOAT64_SCHEMA, Number.NaN, true],
    ['boolean', Schema.BOOLEAN_SCHEMA, false, true],
    ['boolean as number', Schema.BOOLEAN_SCHEMA, 0, false],
    ['string', Schema.STRING_SCHEMA, '', true],
    ['bytes Buffer', Schema.BYTES_SCHEMA, Buffer.alloc(0), true],
    ['bytes Uint8Array', Schema.BYTES_SCHEMA, new Uint8Array(1), true],
    ['bytes string', Schema.BYTES_SCHEMA, 'AA==', false],
    ['required null', Schema.STRING_SCHEMA, null, false],
    ['optional null', Schema.OPTIONAL_STRING_SCHEMA, null, true],
    ['array elements', SchemaBuilder.array(Schema.INT32_SCHEMA).build(), [1, 2], true],
    ['array bad element', SchemaBuilder.array(Schema.INT32_SCHEMA).build(), [1, 'x'], false],
    ['map as Map', SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build(), new Map([[1, 'a']]), true],
    ['map bad key', SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build(), new Map([['1', 'a']]), false],
    ['map as object', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), { a: 1 }, true],
    ['map bad value', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), { a: 'x' }, false],
    ['Decimal', Decimal.schema(2), new BigDecimal(1n, 2), true],
    ['Decimal as bytes', Decimal.schema(2), Buffer.from([1]), false],
    ['Date', ConnectDate.SCHEMA, new Date(0), true],
    ['Date as days', ConnectDate.SCHEMA, 3, false],
    ['Timestamp', Timestamp.SCHEMA, new Date(), true],
  ];
  for (const [name, schema, value, expected] of table) {
    it(`${expected ? 'accepts' : 'refuses'} ${name}`, () => assert.equal(valid(schema, value), expected));
  }

  it('names the field and the type in its message', () => {
    assert.throws(
      () => ConnectSchema.validateValue(Schema.INT32_SCHEMA, 'x', 'id'),
      /Invalid value for schema with type INT32: string x for field: "id"/,
    );
    assert.throws(
      () => ConnectSchema.validateValue(Schema.STRING_SCHEMA, null, 'name'),
      /Invalid value: null used for required field: "name", schema type: STRING/,
    );
  });

  it('refuses a struct of another schema', () => {
    const a = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).build();
    const b = SchemaBuilder.struct().field('y', Schema.INT32_SCHEMA).build();
    assert.throws(() => ConnectSchema.validateValue(a, new Struct(b).put('y', 1)), /Struct schemas do not match/);
  });

  it('validates nested structs for missing required fields', () => {
    const inner = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).build();
    const outer = SchemaBuilder.struct().field('inner', inner).build();
    assert.throws(() => new Struct(outer).put('inner', new Struct(inner)), /field: "x"/);
  });
});
