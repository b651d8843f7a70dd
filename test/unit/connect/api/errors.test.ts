import assert from 'node:assert/strict';
import {
  ConfigException,
  ConnectErrorCode,
  ConnectException,
  DataException,
  RetriableException,
  SchemaBuilderException,
} from '../../../../src/connect/api/index.js';

describe('Connect errors', () => {
  it('carry a code and retriability by class', () => {
    const cases: [ConnectException, ConnectErrorCode, boolean][] = [
      [new ConnectException('x'), ConnectErrorCode.CONNECT, false],
      [new DataException('x'), ConnectErrorCode.DATA, false],
      [new SchemaBuilderException('x'), ConnectErrorCode.SCHEMA_BUILDER, false],
      [new RetriableException('x'), ConnectErrorCode.RETRIABLE, true],
      [ConfigException.forKey('topic', 'missing'), ConnectErrorCode.CONFIG, false],
    ];
    for (const [err, code, retriable] of cases) {
      assert.ok(err instanceof ConnectException);
      assert.equal(err.code, code);
      assert.equal(err.retriable, retriable);
      assert.equal(err.name, err.constructor.name);
    }
    assert.deepEqual(new Set(cases.map(([, code]) => code)), new Set(Object.values(ConnectErrorCode)));
  });

  it('ConfigException names its keys', () => {
    const err = new ConfigException([
      { key: 'a', message: 'bad' },
      { key: 'b', message: 'worse' },
    ]);
    assert.equal(err.key, 'a');
    assert.equal(err.message, 'a: bad\nb: worse');
    assert.equal(new ConfigException('free text').key, null);
  });
});
