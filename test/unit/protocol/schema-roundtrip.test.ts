import assert from 'node:assert/strict';
import fc from 'fast-check';
import { API_SPECS } from '../../../src/protocol/apis.js';
import { decodeMessage, encodeMessage } from '../../../src/protocol/codec.js';
import { ProtocolDecodeError } from '../../../src/protocol/errors.js';
import type { FieldSpec, MessageSpec } from '../../../src/protocol/message-spec.js';
import { ByteReader } from '../../../src/protocol/primitives/byte-reader.js';

/**
 * For every message spec and every valid version: values generated from the spec alone survive
 * encode → decode unchanged, and every truncation of an encoding fails with ProtocolDecodeError (never another
 * exception, never a silent success). The generator reads the spec independently of the codec: which fields exist,
 * which may be null, integer ranges, tagged fields, and the default an absent field must decode to.
 */

const RUNS = Number(process.env.MILLRACE_ROUNDTRIP_RUNS ?? 60);
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

interface Range {
  readonly min: number;
  readonly max: number;
}

function parseRange(text: string): Range {
  if (text === 'none') return { min: 1, max: 0 };
  const m = /^(\d+)(\+|-(\d+))?$/.exec(text);
  if (!m) throw new Error(`bad version range ${text}`);
  const min = Number(m[1]);
  return { min, max: m[2] === '+' ? Infinity : m[3] !== undefined ? Number(m[3]) : min };
}

function covers(text: string | undefined, version: number): boolean {
  if (text === undefined) return false;
  const r = parseRange(text);
  return version >= r.min && version <= r.max;
}

const prop = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

const INTS: Record<string, [number, number]> = {
  int8: [-(2 ** 7), 2 ** 7 - 1],
  int16: [-(2 ** 15), 2 ** 15 - 1],
  uint16: [0, 2 ** 16 - 1],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
};

const base = (field: FieldSpec): string => (field.type.startsWith('[]') ? field.type.slice(2) : field.type);

function scalarArb(type: string): fc.Arbitrary<unknown> {
  const ints = INTS[type];
  if (ints) return fc.integer({ min: ints[0], max: ints[1] });
  switch (type) {
    case 'bool':
      return fc.boolean();
    case 'int64':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'float64':
      return fc.double();
    case 'uuid':
      return fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('base64url'));
    case 'string':
      return fc.string({ unit: 'binary', maxLength: 12 });
    case 'bytes':
    case 'records':
      return fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b));
    default:
      throw new Error(`no generator for type ${type}`);
  }
}

/** The value an absent field must decode to, derived from the spec the way the codec documents it. */
function expectedDefault(field: FieldSpec, version: number, flexible: boolean): unknown {
  const present = covers(field.versions, version);
  const nullable = present && (field.type === 'records' || covers(field.nullableVersions, version));
  const d = field.default;
  if (d === null) return null;
  if (d === undefined && (field.type === 'records' || (field.nullableVersions !== undefined && (nullable || !present)))) {
    return null;
  }
  if (field.type.startsWith('[]')) return [];
  if (field.fields) return defaultStruct(field.fields, version, flexible);
  if (INTS[field.type]) return d === undefined ? 0 : Number(d);
  switch (field.type) {
    case 'bool':
      return d === true || d === 'true';
    case 'int64':
      return d === undefined ? 0n : BigInt(d as bigint);
    case 'float64':
      return d === undefined ? 0 : Number(d);
    case 'uuid':
      return d === undefined ? ZERO_UUID : d;
    case 'string':
      return d === undefined ? '' : String(d);
    default:
      return Buffer.alloc(0);
  }
}

function defaultStruct(fields: readonly FieldSpec[], version: number, flexible: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[prop(f.name)] = expectedDefault(f, version, flexible);
  return out;
}

function fieldArb(field: FieldSpec, version: number, flexible: boolean): fc.Arbitrary<unknown> {
  if (!covers(field.versions, version)) return fc.constant(expectedDefault(field, version, flexible));
  const nullable = field.type === 'records' || covers(field.nullableVersions, version);
  const element = field.fields ? structArb(field.fields, version, flexible) : scalarArb(base(field));
  const arb = field.type.startsWith('[]') ? fc.array(element, { maxLength: 3 }) : element;
  return nullable ? fc.option(arb, { nil: null, freq: 4 }) : arb;
}

function structArb(fields: readonly FieldSpec[], version: number, flexible: boolean): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fields) model[prop(f.name)] = fieldArb(f, version, flexible);
  return fc.record(model, { noNullPrototype: true });
}

function versionsOf(spec: MessageSpec): number[] {
  const r = parseRange(spec.validVersions);
  assert.ok(Number.isFinite(r.max), `${spec.name}: validVersions must be bounded`);
  const out: number[] = [];
  for (let v = r.min; v <= r.max; v++) out.push(v);
  return out;
}

function checkSpec(spec: MessageSpec, version: number): void {
  const flexible = covers(spec.flexibleVersions, version);
  const arb = fc.tuple(structArb(spec.fields, version, flexible), fc.array(fc.nat(), { maxLength: 6 }));
  fc.assert(
    fc.property(arb, ([value, cuts]) => {
      const bytes = encodeMessage(spec, version, value).toBuffer();
      const reader = new ByteReader(bytes);
      assert.deepStrictEqual(decodeMessage(spec, version, reader), value);
      assert.equal(reader.remaining, 0, 'decoding consumes exactly what encoding wrote');
      if (bytes.length === 0) return;
      for (const n of [0, bytes.length - 1, ...cuts.map((c) => c % bytes.length)]) {
        assert.throws(
          // A window over the whole encoding: the reader must honour its end, not the buffer's.
          () => decodeMessage(spec, version, new ByteReader(bytes, 0, n)),
          (err) => err instanceof ProtocolDecodeError,
          `truncated to ${n} of ${bytes.length} bytes`,
        );
      }
    }),
    { numRuns: RUNS },
  );
}

describe('schema round trip (every API spec, every valid version)', () => {
  it('covers every API in the table', () => {
    assert.ok(API_SPECS.length > 0);
    for (const api of API_SPECS) {
      assert.equal(api.request.apiKey, api.apiKey, `${api.name} request apiKey`);
      assert.equal(api.response.apiKey, api.apiKey, `${api.name} response apiKey`);
      assert.equal(api.request.validVersions, api.response.validVersions, `${api.name}: request and response versions`);
    }
  });

  for (const api of API_SPECS) {
    for (const spec of [api.request, api.response]) {
      for (const version of versionsOf(spec)) {
        it(`${spec.name} v${version}`, () => checkSpec(spec, version));
      }
    }
  }
});
