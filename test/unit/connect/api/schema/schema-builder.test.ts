import assert from 'node:assert/strict';
import { DataException, Schema, SchemaBuilder, SchemaBuilderException, Struct, Type } from '../../../../../src/connect/api/index.js';

describe('SchemaBuilder', () => {
  it('builds each primitive type, required by default', () => {
    const cases: [SchemaBuilder, Type][] = [
      [SchemaBuilder.int8(), Type.INT8],
      [SchemaBuilder.int16(), Type.INT16],
      [SchemaBuilder.int32(), Type.INT32],
      [SchemaBuilder.int64(), Type.INT64],
      [SchemaBuilder.float32(), Type.FLOAT32],
      [SchemaBuilder.float64(), Type.FLOAT64],
      [SchemaBuilder.bool(), Type.BOOLEAN],
      [SchemaBuilder.string(), Type.STRING],
      [SchemaBuilder.bytes(), Type.BYTES],
    ];
    for (const [builder, type] of cases) {
      const schema = builder.build();
      assert.equal(schema.type, type);
      assert.equal(schema.optional, false);
      assert.equal(schema.defaultValue, null);
    }
  });

  it('sets metadata', () => {
    const schema = SchemaBuilder.string().optional().name('n').version(3).doc('d').parameter('a', '1').parameters({ b: '2' }).build();
    assert.equal(schema.optional, true);
    assert.equal(schema.name, 'n');
    assert.equal(schema.version, 3);
    assert.equal(schema.doc, 'd');
    assert.deepEqual(schema.parameters, { a: '1', b: '2' });
  });

  it('equals the predefined schemas', () => {
    assert.ok(SchemaBuilder.string().build().equals(Schema.STRING_SCHEMA));
    assert.ok(SchemaBuilder.int64().optional().build().equals(Schema.OPTIONAL_INT64_SCHEMA));
    assert.ok(!SchemaBuilder.int64().build().equals(Schema.OPTIONAL_INT64_SCHEMA));
    assert.ok(!SchemaBuilder.string().name('x').build().equals(Schema.STRING_SCHEMA));
  });

  it('builds structs with ordered fields', () => {
    const schema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).field('b', SchemaBuilder.string().optional()).build();
    assert.deepEqual(
      schema.fields.map((f) => [f.name, f.index, f.schema.type]),
      [
        ['a', 0, Type.INT32],
        ['b', 1, Type.STRING],
      ],
    );
    assert.equal(schema.field('b')?.schema.optional, true);
    assert.equal(schema.field('c'), null);
  });

  it('builds arrays and maps', () => {
    const array = SchemaBuilder.array(Schema.STRING_SCHEMA).build();
    assert.ok(array.valueSchema.equals(Schema.STRING_SCHEMA));
    const map = SchemaBuilder.map(Schema.STRING_SCHEMA, SchemaBuilder.int32()).build();
    assert.ok(map.keySchema.equals(Schema.STRING_SCHEMA));
    assert.ok(map.valueSchema.equals(Schema.INT32_SCHEMA));
  });

  it('refuses fields on a non-struct and duplicate field names', () => {
    assert.throws(() => SchemaBuilder.string().field('a', Schema.INT32_SCHEMA), /Cannot create fields on type STRING/);
    assert.throws(
      () => SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).field('a', Schema.INT32_SCHEMA),
      /Cannot create field because of field name duplication a/,
    );
  });

  it('refuses setting a value twice', () => {
    assert.throws(() => SchemaBuilder.string().name('a').name('b'), /Invalid SchemaBuilder call: name has already been set\./);
    assert.throws(() => SchemaBuilder.string().optional().required(), SchemaBuilderException);
    assert.doesNotThrow(() => SchemaBuilder.string().name('a').name('a'));
  });

  it('checks the default against the schema', () => {
    assert.equal(SchemaBuilder.int32().defaultValue(5).build().defaultValue, 5);
    assert.throws(() => SchemaBuilder.int32().defaultValue('5'), SchemaBuilderException);
    assert.throws(() => SchemaBuilder.int8().defaultValue(300), /Invalid default value/);
  });

  it('throws for nested-schema accessors on the wrong type, as Kafka does', () => {
    assert.throws(() => Schema.STRING_SCHEMA.keySchema, DataException);
    assert.throws(() => Schema.STRING_SCHEMA.valueSchema, DataException);
    assert.throws(() => Schema.STRING_SCHEMA.fields, /Cannot list fields on non-struct type STRING/);
    assert.throws(() => SchemaBuilder.array(Schema.STRING_SCHEMA).build().keySchema, DataException);
  });

  it('prints schemas as Kafka does', () => {
    assert.equal(String(Schema.STRING_SCHEMA), 'Schema{STRING}');
    assert.equal(String(SchemaBuilder.struct().name('com.ex.Row').build()), 'Schema{com.ex.Row:STRUCT}');
  });

  it('compares struct schemas deeply, defaults included', () => {
    const a = () => SchemaBuilder.struct().field('x', SchemaBuilder.int32().defaultValue(1)).build();
    assert.ok(a().equals(a()));
    const b = SchemaBuilder.struct().field('x', SchemaBuilder.int32().defaultValue(2)).build();
    assert.ok(!a().equals(b));
    const withStructDefault = () => {
      const inner = SchemaBuilder.struct().field('y', Schema.STRING_SCHEMA).build();
      return SchemaBuilder.struct().field('i', SchemaBuilder.struct().field('y', Schema.STRING_SCHEMA).defaultValue(new Struct(inner).put('y', 'd'))).build();
    };
    assert.ok(withStructDefault().equals(withStructDefault()));
  });
});
