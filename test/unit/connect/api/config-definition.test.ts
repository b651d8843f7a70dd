import assert from 'node:assert/strict';
import { ConfigDefinition, ConfigException, defineConfig } from '../../../../src/connect/api/index.js';

const CONFIG = defineConfig([
  { name: 'topic', type: 'string', importance: 'high', documentation: 'The topic.', group: 'Output' },
  { name: 'batch.size', type: 'int', default: 2000, validator: { range: { min: 1 } }, importance: 'low', documentation: 'Batch.' },
  { name: 'mode', type: 'string', default: 'a', validator: { oneOf: ['a', 'b'] }, importance: 'low', documentation: 'Mode.' },
  { name: 'secret', type: 'password', default: null, importance: 'medium', documentation: 'Secret.' },
]);

describe('ConfigDefinition', () => {
  it('parses typed values with defaults, ignoring keys it does not define', () => {
    const values = CONFIG.parse({ topic: 't', 'connector.class': 'X' });
    assert.equal(values.topic, 't');
    assert.equal(values['batch.size'], 2000);
    assert.equal(values.mode, 'a');
    assert.equal(values.secret, null);
  });

  it('throws one ConfigException listing every bad key', () => {
    assert.throws(
      () => CONFIG.parse({ 'batch.size': 'abc', mode: 'c' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigException);
        assert.deepEqual(err.problems.map((p) => p.key).sort(), ['batch.size', 'mode', 'topic']);
        assert.ok(err.key !== null);
        assert.match(err.message, /batch\.size: expected an integer >= 1, got "abc"/);
        return true;
      },
    );
  });

  it('validates without throwing: one entry per key, errors on the keys at fault', () => {
    const result = CONFIG.validate({ 'batch.size': '0', secret: 'hunter2' });
    assert.deepEqual(
      result.configs.map((c) => [c.name, c.value, c.errors.length]),
      [
        ['topic', null, 1],
        ['batch.size', '0', 1],
        ['mode', 'a', 0],
        ['secret', '[hidden]', 0],
      ],
    );
    assert.equal(result.errorCount, 2);
    assert.deepEqual(result.get('mode')?.recommendedValues, ['a', 'b']);
    assert.match(result.describeErrors(), /^topic: missing required configuration/m);
  });

  it('lets a connector add errors of its own', () => {
    const result = CONFIG.validate({ topic: 't' });
    assert.equal(result.errorCount, 0);
    result.addError('topic', 'must differ from the source').addError('other', 'bad combination');
    assert.equal(result.errorCount, 2);
    assert.deepEqual(result.get('other')?.errors, ['bad combination']);
  });

  it('suggests the closest key and can be extended', () => {
    assert.equal(CONFIG.suggest('batch.szie'), 'batch.size');
    const extended = CONFIG.withKeys([{ name: 'extra', type: 'boolean', default: false, importance: 'low', documentation: 'Extra.' }]);
    assert.deepEqual(
      extended.keys.map((k) => k.name),
      ['topic', 'batch.size', 'mode', 'secret', 'extra'],
    );
  });

  it('refuses an invalid default at definition time', () => {
    assert.throws(
      () => new ConfigDefinition([{ name: 'n', type: 'int', default: 'x', importance: 'low', documentation: 'N.' }]),
      (err: unknown) => err instanceof ConfigException && err.key === 'n',
    );
  });
});
