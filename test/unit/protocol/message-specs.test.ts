import assert from 'node:assert/strict';
import { ADVERTISED_VERSIONS, API_SPECS, ApiKey, getApiSpec, isFlexibleVersion } from '../../../src/protocol/apis.js';
import type { FieldSpec, MessageSpec } from '../../../src/protocol/message-spec.js';

/** [name, api key, max advertised version, first flexible version upstream] — docs/kafka-protocol-notes.md. */
const TABLE: readonly (readonly [string, number, number, number])[] = [
  ['Produce', 0, 7, 9],
  ['Fetch', 1, 11, 12],
  ['ListOffsets', 2, 3, 6],
  ['Metadata', 3, 6, 9],
  ['OffsetCommit', 8, 7, 8],
  ['OffsetFetch', 9, 5, 6],
  ['FindCoordinator', 10, 2, 3],
  ['JoinGroup', 11, 5, 6],
  ['Heartbeat', 12, 3, 4],
  ['LeaveGroup', 13, 3, 4],
  ['SyncGroup', 14, 3, 4],
  ['DescribeGroups', 15, 2, 5],
  ['ListGroups', 16, 2, 3],
  ['ApiVersions', 18, 3, 3],
  ['CreateTopics', 19, 4, 5],
  ['DeleteTopics', 20, 3, 4],
  ['InitProducerId', 22, 1, 2],
  ['DescribeConfigs', 32, 2, 4],
  ['CreatePartitions', 37, 1, 2],
];

const PRIMITIVES = new Set(['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'string', 'bytes', 'records', 'uuid']);
const NULLABLE_PRIMITIVES = new Set(['string', 'bytes', 'records']);
const INT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  int8: [-(2 ** 7), 2 ** 7 - 1],
  int16: [-(2 ** 15), 2 ** 15 - 1],
  uint16: [0, 2 ** 16 - 1],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
};

interface Range {
  min: number;
  max: number;
}

const EMPTY: Range = { min: 1, max: 0 };

/** Kafka's syntax, read strictly and independently of the code under test. */
function parseRange(text: string): Range {
  if (text === 'none') return EMPTY;
  const match = /^(0|[1-9]\d*)(?:(\+)|-(0|[1-9]\d*))?$/.exec(text);
  if (match === null) throw new Error(`unparseable version range "${text}"`);
  const min = Number(match[1]);
  const max = match[2] === '+' ? Infinity : match[3] === undefined ? min : Number(match[3]);
  if (max < min) throw new Error(`inverted version range "${text}"`);
  return { min, max };
}

function intersect(a: Range, b: Range): Range {
  return { min: Math.max(a.min, b.min), max: Math.min(a.max, b.max) };
}

const isEmpty = (r: Range): boolean => r.min > r.max;
const isSubset = (inner: Range, outer: Range): boolean => isEmpty(inner) || (inner.min >= outer.min && inner.max <= outer.max);
const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

function checkDefault(field: FieldSpec, path: string, nullable: boolean, problems: string[]): void {
  const value = field.default;
  if (value === undefined) return;
  if (value === null) {
    if (!nullable) problems.push(`${path}: default null on a field never nullable`);
    return;
  }
  const range = INT_RANGES[field.type];
  if (range !== undefined) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < range[0] || value > range[1]) {
      problems.push(`${path}: default ${String(value)} is not a valid ${field.type}`);
    }
  } else if (field.type === 'int64') {
    if (typeof value !== 'bigint') problems.push(`${path}: int64 default must be a bigint`);
  } else if (field.type === 'float64') {
    if (typeof value !== 'number') problems.push(`${path}: float64 default must be a number`);
  } else if (field.type === 'bool') {
    if (typeof value !== 'boolean') problems.push(`${path}: bool default must be a boolean`);
  } else if (field.type === 'string' || field.type === 'uuid') {
    if (typeof value !== 'string') problems.push(`${path}: ${field.type} default must be a string`);
  } else {
    problems.push(`${path}: a ${field.type} field takes no default other than null`);
  }
}

function checkFields(
  fields: readonly FieldSpec[],
  scope: Range,
  flexible: Range,
  path: string,
  problems: string[],
): void {
  const names = new Set<string>();
  const properties = new Set<string>();
  const tags = new Set<number>();
  for (const field of fields) {
    const at = `${path}.${field.name}`;
    if (!/^[A-Z][A-Za-z0-9]*$/.test(field.name)) problems.push(`${at}: not a PascalCase Kafka field name`);
    if (names.has(field.name)) problems.push(`${at}: duplicate field name`);
    else if (properties.has(camel(field.name))) problems.push(`${at}: duplicate property name ${camel(field.name)}`);
    names.add(field.name);
    properties.add(camel(field.name));

    let versions: Range;
    try {
      versions = parseRange(field.versions);
    } catch (err) {
      problems.push(`${at}: ${(err as Error).message}`);
      continue;
    }
    const live = intersect(versions, scope);
    if (isEmpty(live)) problems.push(`${at}: versions "${field.versions}" lie outside every advertised version`);

    const isArray = field.type.startsWith('[]');
    const element = isArray ? field.type.slice(2) : field.type;
    const isPrimitive = PRIMITIVES.has(element);
    const isStruct = !isPrimitive;
    if (isStruct && !/^[A-Z][A-Za-z0-9]*$/.test(element)) problems.push(`${at}: unknown type "${field.type}"`);
    if (isArray && element === 'records') problems.push(`${at}: records cannot be an array element`);
    if (isStruct !== (field.fields !== undefined)) {
      problems.push(`${at}: nested fields must be present exactly when the type is a struct (type "${field.type}")`);
    }
    if (field.fields !== undefined && field.fields.length === 0) problems.push(`${at}: struct with no fields`);

    let nullable = false;
    if (field.nullableVersions !== undefined) {
      try {
        const nullableRange = parseRange(field.nullableVersions);
        nullable = !isEmpty(nullableRange);
      } catch (err) {
        problems.push(`${at}: nullableVersions ${(err as Error).message}`);
      }
      if (!isArray && !NULLABLE_PRIMITIVES.has(field.type) && !isStruct) problems.push(`${at}: a ${field.type} cannot be nullable`);
    }

    if ((field.taggedVersions === undefined) !== (field.tag === undefined)) {
      problems.push(`${at}: tag and taggedVersions go together`);
    }
    if (field.taggedVersions !== undefined) {
      try {
        const tagged = parseRange(field.taggedVersions);
        if (!isSubset(tagged, versions)) problems.push(`${at}: taggedVersions outside versions`);
        if (!isSubset(tagged, flexible)) problems.push(`${at}: taggedVersions outside flexibleVersions`);
      } catch (err) {
        problems.push(`${at}: taggedVersions ${(err as Error).message}`);
      }
    }
    if (field.tag !== undefined) {
      if (!Number.isInteger(field.tag) || field.tag < 0) problems.push(`${at}: tag must be a non-negative integer`);
      if (tags.has(field.tag)) problems.push(`${at}: duplicate tag ${field.tag}`);
      tags.add(field.tag);
    }

    checkDefault(field, at, nullable, problems);
    if (field.fields !== undefined) checkFields(field.fields, live, flexible, at, problems);
  }
}

/** Everything wrong with a spec's structure, as readable lines; empty when it is sound. */
function specProblems(spec: MessageSpec): string[] {
  const problems: string[] = [];
  let valid: Range;
  let flexible: Range;
  try {
    valid = parseRange(spec.validVersions);
    flexible = parseRange(spec.flexibleVersions);
  } catch (err) {
    return [`${spec.name}: ${(err as Error).message}`];
  }
  const suffix = spec.type === 'request' ? 'Request' : 'Response';
  if (!spec.name.endsWith(suffix)) problems.push(`${spec.name}: a ${spec.type} spec must be named *${suffix}`);
  checkFields(spec.fields, valid, flexible, spec.name, problems);
  return problems;
}

describe('protocol message specs', () => {
  it('declare exactly the API table, in key order', () => {
    assert.deepEqual(
      API_SPECS.map((api) => [api.name, api.apiKey]),
      [...TABLE].sort((a, b) => a[1] - b[1]).map(([name, key]) => [name, key]),
    );
    for (const [name, key] of TABLE) assert.equal(ApiKey[name as keyof typeof ApiKey], key, name);
    assert.equal(Object.keys(ApiKey).length, TABLE.length);
  });

  for (const [name, key, max, firstFlexible] of TABLE) {
    describe(name, () => {
      const api = getApiSpec(key);

      it('is found by its key', () => {
        assert.ok(api, `no spec for key ${key}`);
        assert.equal(api.name, name);
      });

      it(`declares versions 0-${max} and Kafka's flexible versions ${firstFlexible}+`, () => {
        assert.ok(api);
        for (const spec of [api.request, api.response]) {
          assert.equal(spec.apiKey, key);
          assert.equal(spec.validVersions, `0-${max}`, spec.name);
          assert.equal(spec.flexibleVersions, `${firstFlexible}+`, spec.name);
        }
        assert.equal(api.request.type, 'request');
        assert.equal(api.request.name, `${name}Request`);
        assert.equal(api.response.type, 'response');
        assert.equal(api.response.name, `${name}Response`);
      });

      it('advertises min 0 and its top version', () => {
        assert.deepEqual(ADVERTISED_VERSIONS[key], { min: 0, max });
      });

      it('is flexible exactly from its first flexible version', () => {
        for (let version = 0; version <= max + 2; version += 1) {
          assert.equal(isFlexibleVersion(key, version), version >= firstFlexible, `v${version}`);
        }
      });

      it('has a structurally sound request spec', () => {
        assert.ok(api);
        assert.deepEqual(specProblems(api.request), []);
      });

      it('has a structurally sound response spec', () => {
        assert.ok(api);
        assert.deepEqual(specProblems(api.response), []);
      });
    });
  }

  it('advertises nothing beyond the table', () => {
    assert.deepEqual(Object.keys(ADVERTISED_VERSIONS).map(Number).sort((a, b) => a - b), TABLE.map((row) => row[1]).sort((a, b) => a - b));
    assert.equal(getApiSpec(17), undefined);
    assert.equal(getApiSpec(-1), undefined);
    assert.equal(isFlexibleVersion(17, 3), false);
  });

  it('keeps only ApiVersions v3 flexible among the advertised versions', () => {
    const flexible = API_SPECS.flatMap((api) => {
      const { max } = ADVERTISED_VERSIONS[api.apiKey]!;
      const found: string[] = [];
      for (let v = 0; v <= max; v += 1) if (isFlexibleVersion(api.apiKey, v)) found.push(`${api.name} v${v}`);
      return found;
    });
    assert.deepEqual(flexible, ['ApiVersions v3']);
  });

  it('keeps the v3 ApiVersions feature fields tagged', () => {
    const response = getApiSpec(ApiKey.ApiVersions)?.response;
    assert.ok(response);
    const tagged = response.fields.filter((f) => f.taggedVersions !== undefined).map((f) => [f.name, f.tag, f.taggedVersions]);
    assert.deepEqual(tagged, [
      ['SupportedFeatures', 0, '3+'],
      ['FinalizedFeaturesEpoch', 1, '3+'],
      ['FinalizedFeatures', 2, '3+'],
    ]);
  });

  it('makes the Metadata topics array nullable from v1 only', () => {
    const topics = getApiSpec(ApiKey.Metadata)?.request.fields.find((f) => f.name === 'Topics');
    assert.equal(topics?.nullableVersions, '1+');
  });

  describe('the structural check itself', () => {
    const broken: MessageSpec = {
      apiKey: 99,
      type: 'request',
      name: 'BrokenRequest',
      validVersions: '0-3',
      flexibleVersions: '3+',
      fields: [
        { name: 'Count', type: 'int32', versions: '0+', default: -1n },
        { name: 'Count', type: 'int16', versions: '0+' },
        { name: 'Gone', type: 'string', versions: '5+' },
        { name: 'Nested', type: '[]Thing', versions: '0+' },
        { name: 'Flat', type: 'int64', versions: '0+', fields: [{ name: 'X', type: 'int8', versions: '0+' }] },
        { name: 'Tagged', type: 'int32', versions: '2+', taggedVersions: '2+' },
        { name: 'A', type: 'int32', versions: '3+', tag: 0, taggedVersions: '3+' },
        { name: 'B', type: 'int32', versions: '3+', tag: 0, taggedVersions: '3+' },
        { name: 'Odd', type: 'int32', versions: '2-1', nullableVersions: '0+' },
        { name: 'Maybe', type: 'bool', versions: '0+', nullableVersions: '0+' },
        { name: 'Epoch', type: 'int64', versions: '0+', default: -1 },
      ],
    };

    it('finds every planted defect', () => {
      const problems = specProblems(broken);
      const expected = [
        'BrokenRequest.Count: default -1 is not a valid int32',
        'BrokenRequest.Count: duplicate field name',
        'BrokenRequest.Gone: versions "5+" lie outside every advertised version',
        'BrokenRequest.Nested: nested fields must be present exactly when the type is a struct',
        'BrokenRequest.Flat: nested fields must be present exactly when the type is a struct',
        'BrokenRequest.Tagged: tag and taggedVersions go together',
        'BrokenRequest.Tagged: taggedVersions outside flexibleVersions',
        'BrokenRequest.B: duplicate tag 0',
        'BrokenRequest.Odd: inverted version range',
        'BrokenRequest.Maybe: a bool cannot be nullable',
        'BrokenRequest.Epoch: int64 default must be a bigint',
      ];
      for (const fragment of expected) {
        assert.ok(problems.some((p) => p.includes(fragment)), `missing "${fragment}" in:\n${problems.join('\n')}`);
      }
      assert.equal(problems.length, expected.length, problems.join('\n'));
    });

    it('rejects malformed version syntax', () => {
      for (const text of ['', '+3', '1-', '01', 'all', '3 +', '2-1']) assert.throws(() => parseRange(text), Error, text);
      assert.deepEqual(parseRange('0+'), { min: 0, max: Infinity });
      assert.deepEqual(parseRange('2-4'), { min: 2, max: 4 });
      assert.deepEqual(parseRange('7'), { min: 7, max: 7 });
      assert.ok(isEmpty(parseRange('none')));
    });
  });
});
