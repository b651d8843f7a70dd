import assert from 'node:assert/strict';
import { BigDecimal, ConnectDate, DataException, Decimal, Schema, Time, Timestamp } from '../../../../../src/connect/api/index.js';

describe('logical types', () => {
  describe('Decimal', () => {
    it("uses Kafka's name, version and a string scale parameter", () => {
      const schema = Decimal.schema(2);
      assert.equal(schema.name, 'org.apache.kafka.connect.data.Decimal');
      assert.equal(schema.version, 1);
      assert.deepEqual(schema.parameters, { scale: '2' });
      assert.equal(schema.type, 'bytes');
    });

    const encodings: [bigint, number[]][] = [
      [0n, [0x00]],
      [1n, [0x01]],
      [-1n, [0xff]],
      [127n, [0x7f]],
      [128n, [0x00, 0x80]],
      [-128n, [0x80]],
      [-129n, [0xff, 0x7f]],
      [230n, [0x00, 0xe6]],
      [156n, [0x00, 0x9c]],
      [65535n, [0x00, 0xff, 0xff]],
      [-(2n ** 63n), [0x80, 0, 0, 0, 0, 0, 0, 0]],
    ];
    for (const [unscaled, bytes] of encodings) {
      it(`encodes ${unscaled} as BigInteger.toByteArray does and decodes it back`, () => {
        const schema = Decimal.schema(0);
        assert.deepEqual([...Decimal.fromLogical(schema, new BigDecimal(unscaled, 0))], bytes);
        assert.equal(Decimal.toLogical(schema, Buffer.from(bytes)).unscaled, unscaled);
      });
    }

    it('gives 2.30 at scale 2 as "AOY=" in base64', () => {
      assert.equal(Decimal.fromLogical(Decimal.schema(2), BigDecimal.parse('2.30')).toString('base64'), 'AOY=');
    });

    it('refuses a mismatched scale and a schema without scale', () => {
      assert.throws(() => Decimal.fromLogical(Decimal.schema(2), BigDecimal.parse('2.3')), /BigDecimal has scale 1, schema has scale 2/);
      assert.throws(() => Decimal.toLogical(Schema.BYTES_SCHEMA, Buffer.from([1])), /scale parameter not found/);
    });
  });

  describe('BigDecimal', () => {
    const texts: [string, bigint, number, string][] = [
      ['2.30', 230n, 2, '2.30'],
      ['-0.001', -1n, 3, '-0.001'],
      ['1E+3', 1n, -3, '1E+3'],
      ['1.5e-10', 15n, 11, '1.5E-10'],
      ['0.0000001', 1n, 7, '1E-7'],
      ['0.000001', 1n, 6, '0.000001'],
      ['12345', 12345n, 0, '12345'],
    ];
    for (const [text, unscaled, scale, printed] of texts) {
      it(`parses ${text} and prints it as Java does (${printed})`, () => {
        const d = BigDecimal.parse(text);
        assert.equal(d.unscaled, unscaled);
        assert.equal(d.scale, scale);
        assert.equal(d.toString(), printed);
      });
    }

    it('rescales rounding half up', () => {
      assert.equal(BigDecimal.parse('2.345').setScale(2).toString(), '2.35');
      assert.equal(BigDecimal.parse('-2.345').setScale(2).toString(), '-2.35');
      assert.equal(BigDecimal.parse('2.344').setScale(2).toString(), '2.34');
      assert.equal(BigDecimal.parse('2.3').setScale(3).toString(), '2.300');
    });

    it('refuses text that is not a number', () => {
      assert.throws(() => BigDecimal.parse('1.2.3'), DataException);
      assert.throws(() => BigDecimal.parse(''), DataException);
    });
  });

  describe('Date', () => {
    it('is int32 days since the epoch at UTC midnight', () => {
      assert.equal(ConnectDate.SCHEMA.name, 'org.apache.kafka.connect.data.Date');
      assert.equal(ConnectDate.SCHEMA.type, 'int32');
      assert.equal(ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(Date.UTC(1970, 0, 11))), 10);
      assert.equal(ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(Date.UTC(1969, 11, 31))), -1);
      assert.equal(ConnectDate.toLogical(ConnectDate.SCHEMA, 10).toISOString(), '1970-01-11T00:00:00.000Z');
    });

    it('refuses a time of day and a foreign schema', () => {
      assert.throws(() => ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(1)), /should not have any time fields/);
      assert.throws(() => ConnectDate.toLogical(Schema.INT32_SCHEMA, 1), /schema does not match/);
    });
  });

  describe('Time', () => {
    it('is int32 milliseconds of the day', () => {
      assert.equal(Time.SCHEMA.name, 'org.apache.kafka.connect.data.Time');
      assert.equal(Time.fromLogical(Time.SCHEMA, new Date(Date.UTC(1970, 0, 1, 1, 2, 3, 4))), 3_723_004);
      assert.equal(Time.toLogical(Time.SCHEMA, 3_723_004).toISOString(), '1970-01-01T01:02:03.004Z');
    });

    it('refuses a date part', () => {
      assert.throws(() => Time.fromLogical(Time.SCHEMA, new Date(Date.UTC(2020, 0, 1))), /should not have any date fields/);
      assert.throws(() => Time.toLogical(Time.SCHEMA, -1), DataException);
    });
  });

  describe('Timestamp', () => {
    it('is int64 milliseconds since the epoch', () => {
      assert.equal(Timestamp.SCHEMA.name, 'org.apache.kafka.connect.data.Timestamp');
      assert.equal(Timestamp.SCHEMA.type, 'int64');
      assert.equal(Timestamp.fromLogical(Timestamp.SCHEMA, new Date(1_700_000_000_000)), 1_700_000_000_000);
      assert.equal(Timestamp.toLogical(Timestamp.SCHEMA, 5n).getTime(), 5);
    });
  });
});
