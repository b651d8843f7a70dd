import assert from 'node:assert/strict';
import {
  BigDecimal,
  ConnectDate,
  DataException,
  Decimal,
  Schema,
  SchemaBuilder,
  Struct,
  Time,
  Timestamp,
  valuesEqual,
} from '../../../../src/connect/api/index.js';
import { encodeToBuffer } from '../../../../src/client/producer/producer-batch.js';
import { ENVELOPE_REQUIRED_MESSAGE, EnvelopeRequiredException, JsonConverter } from '../../../../src/connect/converters/index.js';

const TOPIC = 'topic';

function converter(configs: Record<string, string> = {}): JsonConverter {
  const c = new JsonConverter();
  c.configure(configs, false);
  return c;
}

const ROW = SchemaBuilder.struct()
  .name('com.ex.Row')
  .field('id', Schema.INT32_SCHEMA)
  .field('price', Decimal.schema(2))
  .build();
const INNER = SchemaBuilder.struct().name('com.ex.Inner').field('name', Schema.OPTIONAL_STRING_SCHEMA).build();
const OUTER = SchemaBuilder.struct()
  .field('id', Schema.INT64_SCHEMA)
  .field('inner', INNER)
  .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA).optional())
  .build();
const METADATA = SchemaBuilder.bool()
  .required()
  .name('bool')
  .version(2)
  .doc('the documentation')
  .parameter('foo', 'bar')
  .build();

interface GoldenCase {
  name: string;
  schema: Schema | null;
  value: unknown;
  json: string;
  /** What reading `json` back gives, when not `value` itself. */
  readBack?: unknown;
}

/** Each type's exact bytes, as Kafka's JsonConverter (Jackson) writes them with schemas.enable=true. */
const GOLDEN: GoldenCase[] = [
  {
    name: 'the quickstart string',
    schema: Schema.STRING_SCHEMA,
    value: 'foo',
    json: '{"schema":{"type":"string","optional":false},"payload":"foo"}',
  },
  { name: 'boolean', schema: Schema.BOOLEAN_SCHEMA, value: true, json: '{"schema":{"type":"boolean","optional":false},"payload":true}' },
  { name: 'int8', schema: Schema.INT8_SCHEMA, value: -12, json: '{"schema":{"type":"int8","optional":false},"payload":-12}' },
  { name: 'int16', schema: Schema.INT16_SCHEMA, value: 12345, json: '{"schema":{"type":"int16","optional":false},"payload":12345}' },
  {
    name: 'int32',
    schema: Schema.INT32_SCHEMA,
    value: 2147483647,
    json: '{"schema":{"type":"int32","optional":false},"payload":2147483647}',
  },
  {
    name: 'int64 as a number',
    schema: Schema.INT64_SCHEMA,
    value: 4398046511104,
    json: '{"schema":{"type":"int64","optional":false},"payload":4398046511104}',
  },
  {
    name: 'int64 beyond 2^53 as a bigint',
    schema: Schema.INT64_SCHEMA,
    value: 9223372036854775807n,
    json: '{"schema":{"type":"int64","optional":false},"payload":9223372036854775807}',
  },
  { name: 'float32', schema: Schema.FLOAT32_SCHEMA, value: 12.34, json: '{"schema":{"type":"float","optional":false},"payload":12.34}' },
  { name: 'float64', schema: Schema.FLOAT64_SCHEMA, value: 12.34, json: '{"schema":{"type":"double","optional":false},"payload":12.34}' },
  { name: 'float64 integral', schema: Schema.FLOAT64_SCHEMA, value: 1, json: '{"schema":{"type":"double","optional":false},"payload":1.0}' },
  { name: 'float64 large', schema: Schema.FLOAT64_SCHEMA, value: 1e21, json: '{"schema":{"type":"double","optional":false},"payload":1.0E21}' },
  { name: 'float64 small', schema: Schema.FLOAT64_SCHEMA, value: 1.5e-5, json: '{"schema":{"type":"double","optional":false},"payload":1.5E-5}' },
  {
    name: 'float64 NaN as a string',
    schema: Schema.FLOAT64_SCHEMA,
    value: Number.NaN,
    json: '{"schema":{"type":"double","optional":false},"payload":"NaN"}',
  },
  {
    name: 'bytes as base64',
    schema: Schema.BYTES_SCHEMA,
    value: Buffer.from('test-string'),
    json: '{"schema":{"type":"bytes","optional":false},"payload":"dGVzdC1zdHJpbmc="}',
  },
  {
    name: 'string with escapes, control characters in upper-case hex',
    schema: Schema.STRING_SCHEMA,
    value: 'a"b\\c\n\t\u0001\u001f\u00e9\u{1f600}',
    json: '{"schema":{"type":"string","optional":false},"payload":"a\\"b\\\\c\\n\\t\\u0001\\u001F\u00e9\u{1f600}"}',
  },
  {
    name: 'optional string, null',
    schema: Schema.OPTIONAL_STRING_SCHEMA,
    value: null,
    json: '{"schema":{"type":"string","optional":true},"payload":null}',
  },
  {
    name: 'name, version, doc and parameters',
    schema: METADATA,
    value: true,
    json: '{"schema":{"type":"boolean","optional":false,"name":"bool","version":2,"doc":"the documentation","parameters":{"foo":"bar"}},"payload":true}',
  },
  {
    name: 'a default replacing null',
    schema: SchemaBuilder.int32().optional().defaultValue(42).build(),
    value: null,
    json: '{"schema":{"type":"int32","optional":true,"default":42},"payload":42}',
    readBack: 42,
  },
  {
    name: 'array',
    schema: SchemaBuilder.array(Schema.INT32_SCHEMA).build(),
    value: [1, 2, 3],
    json: '{"schema":{"type":"array","items":{"type":"int32","optional":false},"optional":false},"payload":[1,2,3]}',
  },
  {
    name: 'map with string keys as an object',
    schema: SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(),
    value: { key1: 12, key2: 15 },
    json: '{"schema":{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":false},"payload":{"key1":12,"key2":15}}',
  },
  {
    name: 'map with non-string keys as pairs',
    schema: SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build(),
    value: new Map<number, string>([
      [1, 'a'],
      [2, 'b'],
    ]),
    json: '{"schema":{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"string","optional":false},"optional":false},"payload":[[1,"a"],[2,"b"]]}',
  },
  {
    name: 'struct with a Decimal field (the reference example)',
    schema: ROW,
    value: new Struct(ROW).put('id', 1).put('price', new BigDecimal(230n, 2)),
    json: '{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"},"field":"price"}],"optional":false,"name":"com.ex.Row"},"payload":{"id":1,"price":"AOY="}}',
  },
  {
    name: 'nested struct with an optional array',
    schema: OUTER,
    value: new Struct(OUTER).put('id', 7).put('inner', new Struct(INNER).put('name', 'x')).put('tags', ['a']),
    json: '{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},{"type":"struct","fields":[{"type":"string","optional":true,"field":"name"}],"optional":false,"name":"com.ex.Inner","field":"inner"},{"type":"array","items":{"type":"string","optional":false},"optional":true,"field":"tags"}],"optional":false},"payload":{"id":7,"inner":{"name":"x"},"tags":["a"]}}',
  },
  {
    name: 'negative Decimal',
    schema: Decimal.schema(2),
    value: new BigDecimal(-230n, 2),
    json: '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":"/xo="}',
  },
  {
    name: 'Date',
    schema: ConnectDate.SCHEMA,
    value: new Date(Date.UTC(2024, 0, 2)),
    json: '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":19724}',
  },
  {
    name: 'Time',
    schema: Time.SCHEMA,
    value: new Date(43_200_001),
    json: '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1},"payload":43200001}',
  },
  {
    name: 'Timestamp',
    schema: Timestamp.SCHEMA,
    value: new Date(1_700_000_000_123),
    json: '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":1700000000123}',
  },
  {
    name: 'no schema',
    schema: null,
    value: { a: 1, b: [1.5, 'x', true] },
    json: '{"schema":null,"payload":{"a":1,"b":[1.5,"x",true]}}',
  },
  {
    name: 'no schema, a map with non-string keys',
    schema: null,
    value: new Map<unknown, unknown>([[1, 'a']]),
    json: '{"schema":null,"payload":[[1,"a"]]}',
    readBack: [[1, 'a']],
  },
];

describe('JsonConverter', () => {
  describe('golden bytes with schemas.enable=true', () => {
    const c = converter();
    for (const golden of GOLDEN) {
      it(`writes ${golden.name}`, () => {
        const bytes = c.fromConnectData(TOPIC, golden.schema, golden.value);
        assert.equal(bytes?.toString('utf8'), golden.json);
      });
      it(`reads ${golden.name} back`, () => {
        const read = c.toConnectData(TOPIC, Buffer.from(golden.json));
        if (golden.schema === null) assert.equal(read.schema, null);
        else assert.ok(golden.schema.equals(read.schema), `schema ${String(read.schema)}`);
        const expected = 'readBack' in golden ? golden.readBack : golden.value;
        assert.ok(valuesEqual(read.value, expected), `read ${String(read.value)}`);
      });
    }

    it('gives the same JSON as text as it writes as bytes (the text path the worker uses)', () => {
      for (const golden of GOLDEN) assert.equal(c.fromConnectDataText(TOPIC, golden.schema, golden.value), golden.json, golden.name);
      assert.equal(c.fromConnectDataText(TOPIC, null, null), null);
    });

    it('escapes strings as Jackson does whether or not they need escaping', () => {
      const cases: [string, string][] = [
        ['plain text, no escapes', '"plain text, no escapes"'],
        ['', '""'],
        ['quote " and backslash \\', '"quote \\" and backslash \\\\"'],
        ['tab\there', '"tab\\there"'],
        ['\u0000\u007f', '"\\u0000\u007f"'],
        ['lone \ud800 surrogate', '"lone \\ud800 surrogate"'],
        ['pair \u{1f600}', '"pair \u{1f600}"'],
      ];
      for (const [value, payload] of cases) {
        assert.equal(c.fromConnectDataText(TOPIC, Schema.STRING_SCHEMA, value), `{"schema":{"type":"string","optional":false},"payload":${payload}}`);
      }
    });

    it('has string values write themselves into a batch as exactly the bytes it writes', () => {
      const values = ['plain', '', 'quote " and \\', 'tab\there\r\n', '\u0000\u001f\u007f', 'lone \ud800 and \udc00', 'pair \u{1f600}',
        'ünïcødé 日本語', 'literal \\u0041'];
      for (const configs of [{}, { 'schemas.enable': 'false' }] as Record<string, string>[]) {
        const conv = converter(configs);
        for (const schema of [Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA, null]) {
          for (const value of values) {
            const encodable = conv.fromConnectDataEncodable(TOPIC, schema, value);
            assert.ok(encodable !== null && typeof encodable === 'object' && !(encodable instanceof Uint8Array), 'an encodable value');
            const bytes = encodeToBuffer(encodable);
            assert.ok(bytes.equals(conv.fromConnectData(TOPIC, schema, value)!), `${JSON.stringify(configs)} ${String(schema)} ${JSON.stringify(value)}`);
            assert.ok(bytes.length >= encodable.minByteLength && bytes.length <= encodable.maxByteLength);
          }
        }
      }
      // Anything else comes as text.
      assert.equal(c.fromConnectDataEncodable(TOPIC, ROW, new Struct(ROW).put('id', 1).put('price', new BigDecimal(1n, 2))),
        c.fromConnectDataText(TOPIC, ROW, new Struct(ROW).put('id', 1).put('price', new BigDecimal(1n, 2))));
      assert.equal(c.fromConnectDataEncodable(TOPIC, null, null), null);
    });

    it('writes the same bytes again from the cached schema', () => {
      const first = c.fromConnectData(TOPIC, ROW, new Struct(ROW).put('id', 1).put('price', new BigDecimal(230n, 2)));
      const second = c.fromConnectData(TOPIC, ROW, new Struct(ROW).put('id', 2).put('price', new BigDecimal(5n, 2)));
      assert.equal(
        second?.toString(),
        first?.toString().replace('"payload":{"id":1,"price":"AOY="}', '"payload":{"id":2,"price":"BQ=="}'),
      );
    });

    it('turns a null value without schema into a tombstone and back', () => {
      assert.equal(c.fromConnectData(TOPIC, null, null), null);
      const read = c.toConnectData(TOPIC, null);
      assert.equal(read.schema, null);
      assert.equal(read.value, null);
    });

    it('refuses null for a required schema', () => {
      assert.throws(() => c.fromConnectData(TOPIC, Schema.STRING_SCHEMA, null), DataException);
    });

    it('refuses a value of the wrong type', () => {
      assert.throws(() => c.fromConnectData(TOPIC, Schema.INT32_SCHEMA, 'x'), /Invalid type for INT32: string/);
      assert.throws(() => c.fromConnectData(TOPIC, Schema.INT32_SCHEMA, 1.5), DataException);
    });

    it('refuses a Decimal whose scale differs from the schema', () => {
      assert.throws(
        () => c.fromConnectData(TOPIC, Decimal.schema(2), new BigDecimal(23n, 1)),
        /BigDecimal has mismatching scale value for given Decimal schema/,
      );
    });
  });

  describe('reading envelopes', () => {
    const c = converter();

    it('reads envelopes with whitespace and schemas without optional, as Kafka does', () => {
      const read = c.toConnectData(TOPIC, Buffer.from('{ "schema": { "type": "boolean" }, "payload": true }'));
      assert.ok(Schema.BOOLEAN_SCHEMA.equals(read.schema));
      assert.equal(read.value, true);
    });

    it('reads an envelope with payload first', () => {
      const read = c.toConnectData(TOPIC, Buffer.from('{"payload":"x","schema":{"type":"string","optional":false}}'));
      assert.ok(Schema.STRING_SCHEMA.equals(read.schema));
      assert.equal(read.value, 'x');
    });

    it('reads a default from the schema for a null payload', () => {
      const read = c.toConnectData(TOPIC, Buffer.from('{ "schema": { "type": "boolean", "default": true }, "payload": null }'));
      assert.ok(SchemaBuilder.bool().defaultValue(true).build().equals(read.schema));
      assert.equal(read.value, true);
    });

    it('reads a struct with a missing optional field', () => {
      const json =
        '{ "schema": { "type": "struct", "fields": [{ "field":"optional", "type": "string", "optional": true }, ' +
        '{ "field": "required", "type": "string" }] }, "payload": { "required": "required" } }';
      const read = c.toConnectData(TOPIC, Buffer.from(json));
      const schema = SchemaBuilder.struct().field('optional', Schema.OPTIONAL_STRING_SCHEMA).field('required', Schema.STRING_SCHEMA).build();
      assert.ok(valuesEqual(read.value, new Struct(schema).put('required', 'required')));
    });

    it('keeps int64 precision beyond 2^53', () => {
      const read = c.toConnectData(TOPIC, Buffer.from('{"schema":{"type":"int64","optional":false},"payload":1700000000123456789}'));
      assert.equal(read.value, 1700000000123456789n);
    });

    it('reads Decimal from base64 and from a number, at the schema scale', () => {
      const schema = '{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}}';
      const fromBase64 = c.toConnectData(TOPIC, Buffer.from(`{"schema":${schema},"payload":"AJw="}`));
      assert.ok(new BigDecimal(156n, 2).equals(fromBase64.value));
      const fromNumber = c.toConnectData(TOPIC, Buffer.from(`{"schema":${schema},"payload":1.5}`));
      assert.ok(new BigDecimal(150n, 2).equals(fromNumber.value));
      const exact = c.toConnectData(TOPIC, Buffer.from(`{"schema":${schema},"payload":12345678901234567890.12}`));
      assert.ok(new BigDecimal(1234567890123456789012n, 2).equals(exact.value));
    });

    for (const [what, json] of [
      ['plain JSON', '{"a":1}'],
      ['an extra field', '{"schema":null,"payload":1,"extra":2}'],
      ['only a schema', '{"schema":{"type":"string"}}'],
      ['an array', '[1,2]'],
      ['a string', '"foo"'],
      ['empty bytes', ''],
    ] as const) {
      it(`refuses ${what} with Kafka's exact message`, () => {
        assert.throws(
          () => c.toConnectData(TOPIC, Buffer.from(json)),
          (err: unknown) =>
            err instanceof EnvelopeRequiredException && err instanceof DataException && err.message === ENVELOPE_REQUIRED_MESSAGE,
        );
      });
    }

    it('spells the envelope error as Kafka does', () => {
      assert.equal(
        ENVELOPE_REQUIRED_MESSAGE,
        'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.',
      );
    });

    it('refuses malformed JSON with a DataException', () => {
      assert.throws(() => c.toConnectData(TOPIC, Buffer.from('{"schema":')), DataException);
    });

    it('refuses a schema without a type', () => {
      assert.throws(() => c.toConnectData(TOPIC, Buffer.from('{"schema":{},"payload":1}')), /Schema must contain 'type' field/);
    });

    it('refuses a payload of the wrong JSON type', () => {
      assert.throws(
        () => c.toConnectData(TOPIC, Buffer.from('{"schema":{"type":"struct","fields":[]},"payload":[]}')),
        /Structs should be encoded as JSON objects, but found ARRAY/,
      );
    });
  });

  describe('schemas.enable=false', () => {
    const c = converter({ 'schemas.enable': 'false' });

    it('writes the bare payload', () => {
      assert.equal(c.fromConnectData(TOPIC, Schema.STRING_SCHEMA, 'foo')?.toString(), '"foo"');
      const row = new Struct(ROW).put('id', 1).put('price', new BigDecimal(230n, 2));
      assert.equal(c.fromConnectData(TOPIC, ROW, row)?.toString(), '{"id":1,"price":"AOY="}');
    });

    it('infers types on read: integers → int64, fractions → float64, objects → maps, arrays → arrays', () => {
      const read = c.toConnectData(TOPIC, Buffer.from('{"a":1,"b":2.5,"c":[1,"x",null],"d":{"e":true},"f":""}'));
      assert.equal(read.schema, null);
      assert.deepEqual(read.value, { a: 1, b: 2.5, c: [1, 'x', null], d: { e: true }, f: '' });
    });

    it('infers bigint for integers beyond 2^53 and keeps other numbers as numbers', () => {
      const read = c.toConnectData(TOPIC, Buffer.from('[12345678901234567,0.12345678901234567,3]'));
      assert.deepEqual(read.value, [12345678901234567n, 0.12345678901234567, 3]);
    });

    it('reads empty bytes and null as null', () => {
      assert.equal(c.toConnectData(TOPIC, Buffer.alloc(0)).value, null);
      assert.equal(c.toConnectData(TOPIC, null).value, null);
    });

    it('reads an envelope as a plain map', () => {
      const read = c.toConnectData(TOPIC, Buffer.from('{"schema":null,"payload":1}'));
      assert.deepEqual(read.value, { schema: null, payload: 1 });
    });
  });

  describe('decimal.format=NUMERIC', () => {
    const c = converter({ 'decimal.format': 'numeric' });

    it('writes Decimal as a JSON number with its scale', () => {
      assert.equal(
        c.fromConnectData(TOPIC, Decimal.schema(2), new BigDecimal(230n, 2))?.toString(),
        '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":2.30}',
      );
    });

    it('round-trips a Decimal too precise for a double', () => {
      const value = new BigDecimal(1234567890123456789012345n, 5);
      const bytes = c.fromConnectData(TOPIC, Decimal.schema(5), value);
      assert.ok(value.equals(c.toConnectData(TOPIC, bytes).value));
    });
  });

  describe('replace.null.with.default', () => {
    const schema = SchemaBuilder.struct().field('n', SchemaBuilder.int32().optional().defaultValue(7).build()).build();

    it('writes the default for a null field by default', () => {
      assert.equal(converter({ 'schemas.enable': 'false' }).fromConnectData(TOPIC, schema, new Struct(schema))?.toString(), '{"n":7}');
    });

    it('writes null when disabled, and reads null back', () => {
      const c = converter({ 'replace.null.with.default': 'false' });
      const bytes = c.fromConnectData(TOPIC, schema, new Struct(schema));
      assert.match(bytes?.toString() ?? '', /"payload":\{"n":null\}\}$/);
      const read = c.toConnectData(TOPIC, bytes);
      assert.equal((read.value as Struct).getWithoutDefault('n'), null);
    });
  });

  it('rejects an invalid decimal.format naming the key', () => {
    assert.throws(
      () => converter({ 'decimal.format': 'HEX' }),
      (err: unknown) => err instanceof Error && 'key' in err && err.key === 'decimal.format',
    );
  });

  it('serves as a header converter with the same format', () => {
    const c = converter();
    const bytes = c.fromConnectHeader(TOPIC, 'h', Schema.INT32_SCHEMA, 5);
    assert.equal(bytes?.toString(), '{"schema":{"type":"int32","optional":false},"payload":5}');
    assert.equal(c.toConnectHeader(TOPIC, 'h', bytes).value, 5);
  });
});
