import assert from 'node:assert/strict';
import { BigDecimal, ConnectDate, Schema, SchemaBuilder, Struct, Timestamp } from '../../../../src/connect/api/index.js';
import { BUILTIN_CONVERTERS, SimpleHeaderConverter } from '../../../../src/connect/converters/index.js';

describe('SimpleHeaderConverter', () => {
  const c = new SimpleHeaderConverter();
  c.configure({});

  const written: [string, Schema | null, unknown, string][] = [
    ['a string', Schema.STRING_SCHEMA, 'a "b"', 'a "b"'],
    ['an int', Schema.INT32_SCHEMA, 42, '42'],
    ['a double', Schema.FLOAT64_SCHEMA, 1, '1.0'],
    ['a float', Schema.FLOAT32_SCHEMA, 0.1, '0.1'],
    ['a boolean', null, true, 'true'],
    ['bytes', Schema.BYTES_SCHEMA, Buffer.from('hi'), 'aGk='],
    ['a Decimal', null, new BigDecimal(230n, 2), '2.30'],
    ['a Date', ConnectDate.SCHEMA, new Date(Date.UTC(2024, 0, 2)), '2024-01-02'],
    ['a Timestamp', Timestamp.SCHEMA, new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), '2024-01-02T03:04:05.006Z'],
    ['an array', SchemaBuilder.array(Schema.STRING_SCHEMA).build(), ['a', 'b"'], '["a","b\\""]'],
    ['a map', null, { k: 1, n: null }, '{"k":1,"n":null}'],
  ];
  for (const [what, schema, value, text] of written) {
    it(`writes ${what} as Kafka's Values does`, () => {
      assert.equal(c.fromConnectHeader('t', 'h', schema, value)?.toString(), text);
    });
  }

  it('writes a struct by field', () => {
    const schema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).field('b', Schema.STRING_SCHEMA).build();
    assert.equal(c.fromConnectHeader('t', 'h', schema, new Struct(schema).put('a', 1).put('b', 'x'))?.toString(), '{"a":1,"b":"x"}');
  });

  it('keeps null as null', () => {
    assert.equal(c.fromConnectHeader('t', 'h', Schema.OPTIONAL_STRING_SCHEMA, null), null);
    assert.equal(c.toConnectHeader('t', 'h', null).value, null);
  });

  const parsed: [string, Schema | null, unknown][] = [
    ['', Schema.STRING_SCHEMA, ''],
    ['hello world', Schema.STRING_SCHEMA, 'hello world'],
    ['true', Schema.BOOLEAN_SCHEMA, true],
    ['FALSE', Schema.BOOLEAN_SCHEMA, false],
    ['null', null, null],
    ['12', Schema.INT8_SCHEMA, 12],
    ['-300', Schema.INT16_SCHEMA, -300],
    ['70000', Schema.INT32_SCHEMA, 70000],
    ['5000000000', Schema.INT64_SCHEMA, 5000000000],
    ['9223372036854775807', Schema.INT64_SCHEMA, 9223372036854775807n],
    ['2.0', Schema.INT8_SCHEMA, 2],
    ['1.5', Schema.FLOAT32_SCHEMA, 1.5],
    ['1e300', Schema.FLOAT64_SCHEMA, 1e300],
    ['12abc', Schema.STRING_SCHEMA, '12abc'],
  ];
  for (const [text, schema, value] of parsed) {
    it(`reads ${JSON.stringify(text)} with its schema inferred`, () => {
      const read = c.toConnectHeader('t', 'h', Buffer.from(text));
      if (schema === null) assert.equal(read.schema, null);
      else assert.ok(schema.equals(read.schema), String(read.schema));
      assert.equal(read.value, value);
    });
  }

  it('reads an integer beyond int64 as a Decimal', () => {
    const read = c.toConnectHeader('t', 'h', Buffer.from('99999999999999999999'));
    assert.equal(read.schema?.name, 'org.apache.kafka.connect.data.Decimal');
    assert.ok(new BigDecimal(99999999999999999999n, 0).equals(read.value));
  });

  it('is registered under Kafka\'s class name', () => {
    assert.equal(BUILTIN_CONVERTERS.get('org.apache.kafka.connect.storage.SimpleHeaderConverter'), SimpleHeaderConverter);
  });
});
