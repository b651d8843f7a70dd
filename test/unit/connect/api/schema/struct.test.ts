import assert from 'node:assert/strict';
import { BigDecimal, DataException, Decimal, Schema, SchemaBuilder, Struct } from '../../../../../src/connect/api/index.js';

const SCHEMA = SchemaBuilder.struct()
  .name('com.ex.Row')
  .field('id', Schema.INT32_SCHEMA)
  .field('name', Schema.OPTIONAL_STRING_SCHEMA)
  .field('count', SchemaBuilder.int64().defaultValue(10))
  .field('price', Decimal.builder(2).optional())
  .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA).optional())
  .build();

describe('Struct', () => {
  it('puts and gets values by name and by field', () => {
    const row = new Struct(SCHEMA).put('id', 1).put('name', 'a');
    assert.equal(row.get('id'), 1);
    const field = SCHEMA.field('name');
    assert.ok(field !== null);
    assert.equal(row.get(field), 'a');
    assert.equal(row.getInt32('id'), 1);
    assert.equal(row.getString('name'), 'a');
  });

  it('returns the default for an unset field, unless asked for the raw value', () => {
    const row = new Struct(SCHEMA);
    assert.equal(row.get('count'), 10);
    assert.equal(row.getInt64('count'), 10);
    assert.equal(row.getWithoutDefault('count'), null);
  });

  it('checks each value against its field schema on put', () => {
    const row = new Struct(SCHEMA);
    assert.throws(() => row.put('id', 'one'), DataException);
    assert.throws(() => row.put('id', null), /null used for required field: "id"/);
    assert.throws(() => row.put('tags', ['a', 1]), DataException);
    assert.throws(() => row.put('nope', 1), /nope is not a valid field name/);
    row.put('price', new BigDecimal(100n, 2));
    assert.ok(row.getDecimal('price')?.equals(new BigDecimal(100n, 2)));
  });

  it('checks typed getters against the field type', () => {
    const row = new Struct(SCHEMA).put('id', 1);
    assert.throws(() => row.getString('id'), /Field 'id' is not of type STRING/);
  });

  it('validates that required fields without default are set', () => {
    const row = new Struct(SCHEMA);
    assert.throws(() => row.validate(), /field: "id"/);
    row.put('id', 2);
    assert.doesNotThrow(() => row.validate());
  });

  it('refuses a non-struct schema', () => {
    assert.throws(() => new Struct(Schema.STRING_SCHEMA), /Not a struct schema/);
  });

  it('compares by schema and values', () => {
    const a = new Struct(SCHEMA).put('id', 1).put('tags', ['x']);
    const b = new Struct(SCHEMA).put('id', 1).put('tags', ['x']);
    assert.ok(a.equals(b));
    b.put('tags', ['y']);
    assert.ok(!a.equals(b));
  });

  it('prints set fields as Kafka does, and serializes to JSON by field', () => {
    const row = new Struct(SCHEMA).put('id', 1).put('name', 'a');
    assert.equal(String(row), 'Struct{id=1,name=a}');
    assert.equal(JSON.stringify(row), '{"id":1,"name":"a","count":null,"price":null,"tags":null}');
  });
});
