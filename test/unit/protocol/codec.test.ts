import assert from 'node:assert/strict';
import {
  compileMessage,
  decodeMessage,
  defaultMessage,
  encodeMessage,
  inVersionRange,
  isFlexible,
  parseVersionRange,
  propertyName,
} from '../../../src/protocol/codec.js';
import { ProtocolDecodeError, ProtocolEncodeError, ProtocolSpecError } from '../../../src/protocol/errors.js';
import type { MessageSpec } from '../../../src/protocol/message-spec.js';
import { apiVersionsRequest, apiVersionsResponse } from '../../../src/protocol/messages/api-versions.js';
import { ByteReader } from '../../../src/protocol/primitives/byte-reader.js';
import { ByteWriter } from '../../../src/protocol/primitives/byte-writer.js';
import { decodeRequestHeader, encodeRequest } from '../../../src/protocol/request-header.js';
import { decodeResponse, encodeResponse, peekCorrelationId } from '../../../src/protocol/response-header.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/[\s|]+/g, ''), 'hex');
const str = (s: string): string => Buffer.from(s).toString('hex');
const encode = (spec: MessageSpec, version: number, value: object): Buffer =>
  encodeMessage(spec, version, value).toBuffer();
const decode = (spec: MessageSpec, version: number, bytes: Buffer): Record<string, unknown> =>
  decodeMessage(spec, version, new ByteReader(bytes));

function encodeError(path: string): (err: unknown) => boolean {
  return (err) => err instanceof ProtocolEncodeError && err.path === path;
}

/** A hand-built spec exercising versions, nullability, nested arrays, defaults and tagged fields. */
const TEST_SPEC: MessageSpec = {
  apiKey: 900,
  type: 'request',
  name: 'TestRequest',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'GroupId', type: 'string', versions: '0+', nullableVersions: '1+' },
    {
      name: 'Topics',
      type: '[]Topic',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        { name: 'Partitions', type: '[]int32', versions: '0+' },
        { name: 'Note', type: 'string', versions: '2+', nullableVersions: '2+', taggedVersions: '2+', tag: 0 },
      ],
    },
    { name: 'Epoch', type: 'int64', versions: '1+', default: '-1', ignorable: true },
    { name: 'Extra', type: 'int32', versions: '1+' },
    { name: 'Label', type: 'string', versions: '2+', taggedVersions: '2+', tag: 1, default: 'x' },
  ],
};

const VALUE = { throttleTimeMs: 7, groupId: 'g', topics: [{ name: 't', partitions: [0, 1] }], epoch: 5n };

const V0 = '00000007 | 0001 67 | 00000001 | 0001 74 | 00000002 00000000 00000001';
const V1 = `${V0} | 0000000000000005 | 00000000`;
const V2 = '00000007 | 02 67 | 02 | 02 74 | 03 00000000 00000001 | 00 | 0000000000000005 | 00000000 | 00';

describe('codec', () => {
  describe('names and version ranges', () => {
    it('propertyName lowercases the first letter of Kafka names', () => {
      assert.equal(propertyName('ThrottleTimeMs'), 'throttleTimeMs');
      assert.equal(propertyName('ErrorCode'), 'errorCode');
      assert.equal(propertyName('ProducerId'), 'producerId');
    });

    it('parseVersionRange reads Kafka syntax and rejects anything else', () => {
      assert.deepEqual(parseVersionRange('0+'), { min: 0, max: Infinity });
      assert.deepEqual(parseVersionRange('3-5'), { min: 3, max: 5 });
      assert.deepEqual(parseVersionRange('7'), { min: 7, max: 7 });
      const none = parseVersionRange('none');
      assert.equal([0, 1, 100].some((v) => inVersionRange(none, v)), false);
      assert.equal(inVersionRange(parseVersionRange('3-5'), 6), false);
      for (const bad of ['', '+', '5-3', '1,2', 'v1']) assert.throws(() => parseVersionRange(bad), ProtocolSpecError, bad);
    });

    it('compiles each (spec, version) once', () => {
      assert.equal(compileMessage(TEST_SPEC, 1), compileMessage(TEST_SPEC, 1));
      assert.notEqual(compileMessage(TEST_SPEC, 1), compileMessage(TEST_SPEC, 2));
      assert.throws(() => compileMessage(TEST_SPEC, 3), ProtocolSpecError);
    });
  });

  describe('versions and flexible encoding', () => {
    it('writes only the fields of the version; ignorable fields are dropped silently', () => {
      assert.deepEqual(encode(TEST_SPEC, 0, VALUE), hex(V0));
      assert.deepEqual(encode(TEST_SPEC, 1, VALUE), hex(V1));
    });

    it('uses compact lengths and tag buffers in flexible versions', () => {
      assert.equal(isFlexible(TEST_SPEC, 1), false);
      assert.equal(isFlexible(TEST_SPEC, 2), true);
      assert.deepEqual(encode(TEST_SPEC, 2, VALUE), hex(V2));
    });

    it('decodes every property, absent ones at their (coerced) default', () => {
      assert.deepEqual(decode(TEST_SPEC, 0, hex(V0)), {
        throttleTimeMs: 7,
        groupId: 'g',
        topics: [{ name: 't', partitions: [0, 1], note: null }],
        epoch: -1n,
        extra: 0,
        label: 'x',
      });
      assert.deepEqual(decode(TEST_SPEC, 2, hex(V2)), { ...VALUE, topics: [{ ...VALUE.topics[0], note: null }], extra: 0, label: 'x' });
    });

    it('encodes absent properties as their defaults', () => {
      assert.deepEqual(encode(TEST_SPEC, 1, { groupId: null }), hex('00000000 ffff 00000000 ffffffffffffffff 00000000'));
      assert.deepEqual(defaultMessage(TEST_SPEC, 1), { throttleTimeMs: 0, groupId: null, topics: [], epoch: -1n, extra: 0, label: 'x' });
    });

    it('in a request, refuses a non-default value for a non-ignorable field the version lacks', () => {
      assert.throws(() => encode(TEST_SPEC, 0, { ...VALUE, extra: 3 }), encodeError('extra'));
      assert.throws(() => encode(TEST_SPEC, 1, { ...VALUE, topics: [{ name: 't', note: 'n' }] }), encodeError('topics[0].note'));
      assert.deepEqual(encode(TEST_SPEC, 0, { ...VALUE, extra: 0 }), hex(V0));
    });

    it('in a response, drops it silently (one handler value serves every version)', () => {
      const response: MessageSpec = { ...TEST_SPEC, type: 'response', name: 'TestResponse' };
      assert.deepEqual(encode(response, 0, { ...VALUE, extra: 3 }), hex(V0));
    });
  });

  describe('tagged fields', () => {
    const TAGGED = '00000007 | 02 67 | 02 | 02 74 | 03 00000000 00000001 | 01 00 03 03 6869 | 0000000000000005 | 00000000 | 01 01 02 02 79';

    it('are written, in tag order, only when different from their default', () => {
      const value = { ...VALUE, topics: [{ name: 't', partitions: [0, 1], note: 'hi' }], label: 'y' };
      assert.deepEqual(encode(TEST_SPEC, 2, value), hex(TAGGED));
      assert.deepEqual(encode(TEST_SPEC, 2, { ...VALUE, label: 'x' }), hex(V2), 'default value: not written');
      assert.deepEqual(decode(TEST_SPEC, 2, hex(TAGGED)), { ...value, extra: 0 });
    });

    it('unknown tags are skipped', () => {
      const withUnknown = TAGGED.replace(/01 01 02 02 79$/, '02 01 02 02 79 05 02 abcd');
      assert.equal(decode(TEST_SPEC, 2, hex(withUnknown)).label, 'y');
    });

    it('a tagged value cannot overrun its declared size', () => {
      const lying = TAGGED.replace(/01 01 02 02 79$/, '01 01 01 02 79');
      assert.throws(() => decode(TEST_SPEC, 2, hex(lying)), (err) => err instanceof ProtocolDecodeError && err.path === 'label');
    });

    it('a tagged field in a non-flexible version is a spec error', () => {
      const bad: MessageSpec = { ...TEST_SPEC, name: 'Bad', flexibleVersions: 'none' };
      assert.throws(() => compileMessage(bad, 2), ProtocolSpecError);
    });
  });

  describe('nullability', () => {
    it('null is written as -1 / compact 0 where nullable', () => {
      assert.deepEqual(encode(TEST_SPEC, 1, { ...VALUE, groupId: null }).subarray(4, 6), hex('ffff'));
      assert.deepEqual(encode(TEST_SPEC, 2, { ...VALUE, groupId: null }).subarray(4, 5), hex('00'));
    });

    it('null in a non-nullable version is a ProtocolEncodeError naming the field', () => {
      assert.throws(() => encode(TEST_SPEC, 0, { ...VALUE, groupId: null }), encodeError('groupId'));
      assert.throws(() => encode(TEST_SPEC, 2, { ...VALUE, topics: null }), encodeError('topics'));
      assert.throws(() => encode(TEST_SPEC, 2, { ...VALUE, topics: [{ name: null }] }), encodeError('topics[0].name'));
    });

    it('null on the wire where not nullable fails to decode', () => {
      assert.throws(() => decode(TEST_SPEC, 0, hex('00000007 ffff 00000000')), ProtocolDecodeError);
      assert.throws(() => decode(TEST_SPEC, 0, hex('00000007 0000 ffffffff')), ProtocolDecodeError);
    });

    it('a nullable struct is written behind an int8 marker', () => {
      const spec: MessageSpec = {
        apiKey: 901,
        type: 'response',
        name: 'NullableStructResponse',
        validVersions: '0',
        flexibleVersions: 'none',
        fields: [
          { name: 'Leader', type: 'LeaderInfo', versions: '0+', nullableVersions: '0+', fields: [{ name: 'Id', type: 'int32', versions: '0+' }] },
          { name: 'Other', type: 'Other', versions: '0+', fields: [{ name: 'Id', type: 'int16', versions: '0+' }] },
        ],
      };
      assert.deepEqual(encode(spec, 0, { leader: null }), hex('ff 0000'));
      assert.deepEqual(encode(spec, 0, { leader: { id: 3 }, other: { id: 1 } }), hex('01 00000003 0001'));
      assert.deepEqual(decode(spec, 0, hex('01 00000003 0001')), { leader: { id: 3 }, other: { id: 1 } });
      assert.deepEqual(decode(spec, 0, hex('ff 0000')), { leader: null, other: { id: 0 } });
    });
  });

  describe('errors carry the field path', () => {
    it('for values out of range deep in nested arrays', () => {
      const value = { ...VALUE, topics: [VALUE.topics[0], { name: 'u', partitions: [1, 2 ** 31] }] };
      assert.throws(() => encode(TEST_SPEC, 1, value), (err) => {
        assert.ok(err instanceof ProtocolEncodeError);
        assert.equal(err.path, 'topics[1].partitions[1]');
        assert.match(err.message, /^TestRequest v1: topics\[1\]\.partitions\[1\]: /);
        return true;
      });
    });

    it('for truncated input', () => {
      const bytes = hex(V1);
      assert.throws(() => decode(TEST_SPEC, 1, bytes.subarray(0, 20)), (err) => {
        assert.ok(err instanceof ProtocolDecodeError);
        assert.equal(err.path, 'topics[0].partitions');
        return true;
      });
      for (let n = 0; n < bytes.length; n++) assert.throws(() => decode(TEST_SPEC, 1, bytes.subarray(0, n)), ProtocolDecodeError);
    });

    it('for array counts larger than the bytes left', () => {
      assert.throws(() => decode(TEST_SPEC, 0, hex('00000007 0001 67 7fffffff')), ProtocolDecodeError);
    });
  });

  describe('records', () => {
    const spec: MessageSpec = {
      apiKey: 902,
      type: 'response',
      name: 'RecordsResponse',
      validVersions: '0-1',
      flexibleVersions: '1+',
      fields: [{ name: 'Records', type: 'records', versions: '0+' }],
    };

    it('Buffer[] is written as consecutive chunks with the summed length, large ones uncopied', () => {
      const big = Buffer.alloc(5000, 1);
      const small = Buffer.alloc(10, 2);
      const w = encodeMessage(spec, 0, { records: [big, small] });
      assert.equal(w.length, 4 + 5010);
      const chunks = w.toChunks();
      assert.ok(chunks.includes(big));
      const out = decode(spec, 0, w.toBuffer()).records as Buffer;
      assert.deepEqual(out, Buffer.concat([big, small]));
    });

    it('decodes to a view of the input; null and empty are distinct', () => {
      const bytes = hex('00000003 010203');
      const records = decode(spec, 0, bytes).records as Buffer;
      assert.equal(records.buffer, bytes.buffer);
      assert.deepEqual(encode(spec, 0, { records: null }), hex('ffffffff'));
      assert.deepEqual(encode(spec, 0, { records: Buffer.alloc(0) }), hex('00000000'));
      assert.deepEqual(encode(spec, 1, { records: null }), hex('00 00'));
      assert.deepEqual(encode(spec, 1, { records: [Buffer.from([9])] }), hex('02 09 00'));
      assert.equal(decode(spec, 1, hex('00 00')).records, null);
    });
  });

  describe('headers and framing (ApiVersions v3 as librdkafka 2.0.2 sends it)', () => {
    // size | api_key 18 | api_version 3 | correlation_id 1 | client_id "rdkafka" (int16 length even in header v2)
    // | header tag buffer | compact "librdkafka" | compact "2.0.2" | body tag buffer
    const GOLDEN = hex(
      `00000024 0012 0003 00000001 0007 ${str('rdkafka')} 00 0b ${str('librdkafka')} 06 ${str('2.0.2')} 00`,
    );

    it('encodeRequest produces the golden bytes', () => {
      const chunks = encodeRequest(
        { apiKey: 18, apiVersion: 3, correlationId: 1, clientId: 'rdkafka' },
        apiVersionsRequest,
        { clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' },
      );
      assert.deepEqual(Buffer.concat(chunks), GOLDEN);
    });

    it('decodeRequestHeader + decodeMessage read them back', () => {
      const reader = new ByteReader(GOLDEN, 4);
      assert.deepEqual(decodeRequestHeader(reader), { apiKey: 18, apiVersion: 3, correlationId: 1, clientId: 'rdkafka' });
      assert.deepEqual(decodeMessage(apiVersionsRequest, 3, reader), {
        clientSoftwareName: 'librdkafka',
        clientSoftwareVersion: '2.0.2',
      });
      assert.equal(reader.remaining, 0);
    });

    it('a non-flexible request uses header v1: no tag buffer', () => {
      const frame = Buffer.concat(encodeRequest({ apiKey: 18, apiVersion: 2, correlationId: 9, clientId: null }, apiVersionsRequest, {}));
      assert.deepEqual(frame, hex('0000000a 0012 0002 00000009 ffff'));
      const reader = new ByteReader(frame, 4);
      assert.equal(decodeRequestHeader(reader).clientId, null);
      assert.equal(reader.remaining, 0);
    });

    it('the ApiVersions v3 response uses header v0 (no tag byte) and a flexible body', () => {
      const body = { errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 0 };
      const frame = Buffer.concat(encodeResponse(18, 3, 1, apiVersionsResponse, body));
      assert.deepEqual(frame, hex('00000013 00000001 | 0000 | 02 0012 0000 0003 00 | 00000000 | 00'));
      const reader = new ByteReader(frame, 4);
      assert.equal(peekCorrelationId(reader), 1);
      const decoded = decodeResponse(reader, apiVersionsResponse, 3);
      assert.equal(decoded.header.correlationId, 1);
      assert.deepEqual(decoded.body.apiKeys, body.apiKeys);
      assert.equal(reader.remaining, 0);
    });

    it('other flexible responses use header v1 (tag byte after the correlation id)', () => {
      const spec: MessageSpec = { ...TEST_SPEC, type: 'response', name: 'TestResponse' };
      const frame = Buffer.concat(encodeResponse(900, 2, 5, spec, VALUE));
      assert.deepEqual(frame.subarray(4, 9), hex('00000005 00'));
      assert.deepEqual(frame.subarray(9), hex(V2));
      assert.equal(frame.readInt32BE(0), frame.length - 4);
      const decoded = decodeResponse(new ByteReader(frame, 4), spec, 2);
      assert.equal(decoded.body.throttleTimeMs, 7);
      const v1 = Buffer.concat(encodeResponse(900, 1, 5, spec, VALUE));
      assert.deepEqual(v1.subarray(4), hex(`00000005 ${V1}`));
    });

    it('an encoder can append to a caller-supplied writer', () => {
      const w = new ByteWriter();
      w.int8(1);
      encodeMessage(TEST_SPEC, 0, VALUE, w);
      assert.deepEqual(w.toBuffer(), Buffer.concat([hex('01'), hex(V0)]));
    });
  });
});
