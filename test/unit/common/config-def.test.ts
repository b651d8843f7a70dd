import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  ConfigError,
  Password,
  defineConfig,
  formatConfigErrorEntry,
  formatUnknownConfig,
} from '../../../src/common/config/config-def.js';
import type { ConfigKeySpec } from '../../../src/common/config/config-def.js';
import { parseProperties } from '../../../src/common/properties.js';

const definition = defineConfig([
  { name: 'log.segment.bytes', type: 'int', default: 1073741824, validator: { range: { min: 14 } }, importance: 'high', documentation: 'segment size' },
  { name: 'log.retention.ms', type: 'long', default: null, importance: 'high', documentation: 'retention' },
  { name: 'ratio', type: 'double', default: 0.5, validator: { range: { min: 0, max: 1 } }, importance: 'low', documentation: 'a ratio' },
  { name: 'enabled', type: 'boolean', default: true, importance: 'low', documentation: 'on or off' },
  { name: 'dirs', type: 'list', default: ['/tmp/a'], importance: 'high', documentation: 'directories' },
  { name: 'policy', type: 'list', default: ['delete'], validator: { oneOf: ['compact', 'delete'] }, importance: 'low', documentation: 'policy' },
  { name: 'timestamp.type', type: 'string', default: 'CreateTime', validator: { oneOf: ['CreateTime', 'LogAppendTime'] }, importance: 'low', documentation: 'ts' },
  { name: 'group.id', type: 'string', validator: { pattern: '[a-z][a-z0-9-]*' }, importance: 'high', documentation: 'required id', aliases: ['group'] },
  { name: 'secret', type: 'password', default: null, importance: 'medium', documentation: 'a secret' },
  { name: 'connector.class', type: 'class', default: null, importance: 'high', documentation: 'class' },
  { name: 'percent', type: 'int', default: 5, validator: { range: { max: 100 } }, importance: 'low', documentation: 'pct' },
  { name: 'port', type: 'int', default: 1, validator: { range: { min: 1, max: 65535 } }, importance: 'low', documentation: 'port' },
]);

const REQUIRED = { 'group.id': 'g1' };

function errorsOf(fn: () => unknown): ConfigError['errors'] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err.errors;
  }
  assert.fail('expected a ConfigError');
}

describe('defineConfig / parse', () => {
  it('gives defaults, typed, for keys not set', () => {
    const { values, unknown, originals } = definition.parse(REQUIRED);
    const segment: number = values['log.segment.bytes'];
    const retention: number | null = values['log.retention.ms'];
    const timestampType: 'CreateTime' | 'LogAppendTime' = values['timestamp.type'];
    assert.equal(segment, 1073741824);
    assert.equal(retention, null);
    assert.equal(timestampType, 'CreateTime');
    assert.equal(values.ratio, 0.5);
    assert.equal(values.enabled, true);
    assert.deepEqual(values.dirs, ['/tmp/a']);
    assert.equal(values.secret, null);
    assert.deepEqual(unknown, []);
    assert.deepEqual([...originals.keys()], ['group.id']);
  });

  it('hands out a fresh copy of a list default each time', () => {
    definition.parse(REQUIRED).values.dirs.push('/tmp/mutated');
    assert.deepEqual(definition.parse(REQUIRED).values.dirs, ['/tmp/a']);
  });

  const VALID: [key: string, raw: string, expected: unknown][] = [
    ['log.segment.bytes', ' 42 ', 42],
    ['log.segment.bytes', '+77', 77],
    ['log.segment.bytes', '0014', 14],
    ['log.segment.bytes', '2147483647', 2147483647],
    ['percent', '-2147483648', -2147483648],
    ['log.retention.ms', '-1', -1],
    ['log.retention.ms', '604800000', 604800000],
    ['log.retention.ms', '9223372036854775807', Number.MAX_SAFE_INTEGER],
    ['log.retention.ms', '-9223372036854775808', -Number.MAX_SAFE_INTEGER],
    ['ratio', '0.25', 0.25],
    ['ratio', '.5', 0.5],
    ['ratio', '1e-1', 0.1],
    ['ratio', '1d', 1],
    ['enabled', 'TRUE', true],
    ['enabled', ' False ', false],
    ['dirs', ' /a , /b,/c ', ['/a', '/b', '/c']],
    ['dirs', '', []],
    ['dirs', 'a,,b', ['a', '', 'b']],
    ['dirs', 'a,', ['a', '']],
    ['policy', 'compact, delete', ['compact', 'delete']],
    ['timestamp.type', ' LogAppendTime ', 'LogAppendTime'],
    ['connector.class', ' org.example.Sink ', 'org.example.Sink'],
    ['port', '65535', 65535],
  ];
  for (const [key, raw, expected] of VALID) {
    it(`parses ${key}=${JSON.stringify(raw)} as Kafka does`, () => {
      const { values } = definition.parse({ ...REQUIRED, [key]: raw });
      assert.deepEqual((values as Record<string, unknown>)[key], expected);
    });
  }

  const INVALID: [key: string, raw: string, message: string][] = [
    ['log.segment.bytes', 'abc', 'expected an integer >= 14, got "abc"'],
    ['log.segment.bytes', '1.5', 'expected an integer >= 14, got "1.5"'],
    ['log.segment.bytes', '10k', 'expected an integer >= 14, got "10k"'],
    ['log.segment.bytes', '', 'expected an integer >= 14, got ""'],
    ['log.segment.bytes', '1e3', 'expected an integer >= 14, got "1e3"'],
    ['log.segment.bytes', '0x10', 'expected an integer >= 14, got "0x10"'],
    ['log.segment.bytes', '13', 'expected an integer >= 14, got "13"'],
    ['log.segment.bytes', '2147483648', 'expected an integer >= 14, got "2147483648"'],
    ['percent', '101', 'expected an integer <= 100, got "101"'],
    ['port', '0', 'expected an integer in [1, 65535], got "0"'],
    ['log.retention.ms', '9223372036854775808', 'expected a long integer, got "9223372036854775808"'],
    ['ratio', '1.5', 'expected a number in [0, 1], got "1.5"'],
    ['ratio', 'half', 'expected a number in [0, 1], got "half"'],
    ['enabled', 'yes', 'expected true or false, got "yes"'],
    ['enabled', '1', 'expected true or false, got "1"'],
    ['policy', 'delete,shred', 'expected a comma-separated list of values one of [compact, delete], got "delete,shred"'],
    ['timestamp.type', 'createtime', 'expected one of [CreateTime, LogAppendTime], got "createtime"'],
    ['group.id', 'Bad Id', 'expected a string matching /[a-z][a-z0-9-]*/, got "Bad Id"'],
  ];
  for (const [key, raw, message] of INVALID) {
    it(`rejects ${key}=${JSON.stringify(raw)}`, () => {
      const errors = errorsOf(() => definition.parse({ ...REQUIRED, [key]: raw }));
      assert.deepEqual(errors, [{ key, message }]);
    });
  }

  it('locates errors by file and line: config/server.properties:7: …', () => {
    const text = '# c\n\n\n\n\ngroup.id=g\nlog.segment.bytes=abc\n';
    const input = parseProperties(text, 'config/server.properties');
    assert.throws(() => definition.parse(input, { source: 'config/server.properties' }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.message, 'config/server.properties:7: log.segment.bytes: expected an integer >= 14, got "abc"');
      assert.deepEqual(err.errors, [
        { key: 'log.segment.bytes', message: 'expected an integer >= 14, got "abc"', source: 'config/server.properties', line: 7 },
      ]);
      return true;
    });
  });

  it('lists every invalid and missing key in one error', () => {
    const input = parseProperties('enabled=maybe\nlog.segment.bytes=1\nratio=2', 'w.properties');
    const errors = errorsOf(() => definition.parse(input, { source: 'w.properties' }));
    assert.deepEqual(
      errors.map((e) => [e.key, e.line]).sort(),
      [['enabled', 1], ['group.id', undefined], ['log.segment.bytes', 2], ['ratio', 3]].sort(),
    );
    const missing = errors.find((e) => e.key === 'group.id');
    assert.equal(
      formatConfigErrorEntry(missing!),
      'w.properties: group.id: missing required configuration, expected a string matching /[a-z][a-z0-9-]*/',
    );
  });

  it('takes a per-entry source over the parse source', () => {
    const input = new Map([
      ['group.id', { value: 'g', line: 1 }],
      ['enabled', { value: 'nope', source: '--override' }],
    ]);
    const errors = errorsOf(() => definition.parse(input, { source: 'file.properties' }));
    assert.deepEqual(errors, [{ key: 'enabled', message: 'expected true or false, got "nope"', source: '--override' }]);
    assert.equal(formatConfigErrorEntry(errors[0]!), '--override: enabled: expected true or false, got "nope"');
  });

  it('never shows a password value, in errors or when printed', () => {
    const secrets = defineConfig([
      { name: 'pw', type: 'password', validator: { pattern: '.{8,}' }, importance: 'high', documentation: 'pw' },
    ]);
    const errors = errorsOf(() => secrets.parse({ pw: 'short' }));
    assert.equal(errors[0]!.message, 'expected a string matching /.{8,}/, got "[hidden]"');
    const { values } = secrets.parse({ pw: ' long-enough ' });
    assert.ok(values.pw instanceof Password);
    assert.equal(values.pw.value(), 'long-enough');
    assert.equal(String(values.pw), '[hidden]');
    assert.equal(JSON.stringify(values), '{"pw":"[hidden]"}');
    assert.equal(inspect(values), "{ pw: [hidden] }");
    assert.equal(secrets.format(values.pw), '[hidden]');
  });
});

describe('unknown keys', () => {
  it('come back with the closest known key when near enough', () => {
    const input = parseProperties('group.id=g\nlog.segmant.bytes=5\ncompletely.different=1', 's.properties');
    const { unknown } = definition.parse(input, { source: 's.properties' });
    assert.deepEqual(unknown, [
      { key: 'log.segmant.bytes', suggestion: 'log.segment.bytes', source: 's.properties', line: 2 },
      { key: 'completely.different', source: 's.properties', line: 3 },
    ]);
    assert.equal(
      formatUnknownConfig(unknown[0]!),
      "s.properties:2: unknown configuration 'log.segmant.bytes' (did you mean 'log.segment.bytes'?)",
    );
    assert.equal(formatUnknownConfig({ key: 'x' }), "unknown configuration 'x'");
  });

  it('suggest within max(2, length/3) edits only', () => {
    assert.equal(definition.suggest('enabeld'), 'enabled');
    assert.equal(definition.suggest('prt'), 'port');
    assert.equal(definition.suggest('pxxxt'), undefined);
    assert.equal(definition.suggest('log.segment.bytes.extra.xyz'), undefined);
    assert.equal(definition.suggest('log.segment.bytes.extra'), 'log.segment.bytes');
  });

  it('are not errors even when other keys are fine', () => {
    const { values, unknown } = definition.parse({ ...REQUIRED, 'no.such.key': 'x' });
    assert.equal(values['group.id'], 'g1');
    assert.equal(unknown.length, 1);
  });
});

describe('aliases', () => {
  it('satisfy the key when the canonical name is absent', () => {
    const { values, originals, unknown } = definition.parse({ group: 'from-alias' });
    assert.equal(values['group.id'], 'from-alias');
    assert.equal(originals.get('group.id')?.key, 'group');
    assert.deepEqual(unknown, []);
  });

  it('lose to the canonical name whatever the order', () => {
    assert.equal(definition.parse({ group: 'alias', 'group.id': 'canonical' }).values['group.id'], 'canonical');
    assert.equal(definition.parse({ 'group.id': 'canonical', group: 'alias' }).values['group.id'], 'canonical');
  });

  it('name the alias actually written in errors', () => {
    const errors = errorsOf(() => definition.parse(parseProperties('group=Bad!', 'a.properties'), { source: 'a.properties' }));
    assert.equal(errors[0]!.key, 'group');
    assert.equal(errors[0]!.line, 1);
  });
});

describe('definition checks', () => {
  it('rejects a default its own validator refuses', () => {
    const specs: ConfigKeySpec[] = [
      { name: 'x', type: 'int', default: 5, validator: { range: { min: 10 } }, importance: 'low', documentation: 'x' },
    ];
    assert.throws(() => defineConfig(specs), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.deepEqual(err.errors, [{ key: 'x', message: 'invalid default "5", expected an integer >= 10' }]);
      return true;
    });
  });

  it('rejects duplicate names, aliases included', () => {
    const specs: ConfigKeySpec[] = [
      { name: 'a', type: 'string', default: '', importance: 'low', documentation: 'a' },
      { name: 'b', type: 'string', default: '', importance: 'low', documentation: 'b', aliases: ['a'] },
    ];
    assert.throws(() => defineConfig(specs), ConfigError);
  });

  it('rejects an invalid pattern', () => {
    const specs: ConfigKeySpec[] = [
      { name: 'a', type: 'string', default: null, validator: { pattern: '(' }, importance: 'low', documentation: 'a' },
    ];
    assert.throws(() => defineConfig(specs), ConfigError);
  });
});

describe('printing values', () => {
  it('prints as Kafka does: lists with commas, Long.MAX_VALUE in full', () => {
    assert.equal(definition.format(['a', 'b']), 'a,b');
    assert.equal(definition.format(Number.MAX_SAFE_INTEGER), '9223372036854775807');
    assert.equal(definition.format(null), null);
    assert.equal(definition.normalize('dirs', ' /a ,  /b '), '/a,/b');
    assert.equal(definition.normalize('log.retention.ms', '9223372036854775807'), '9223372036854775807');
    assert.equal(definition.formatDefault('policy'), 'delete');
    assert.equal(definition.formatDefault('log.retention.ms'), null);
    assert.throws(() => definition.normalize('enabled', 'maybe'), ConfigError);
    assert.throws(() => definition.normalize('nope', '1'), ConfigError);
  });
});
