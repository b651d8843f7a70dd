import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { clientProperties, isTrue, parseKeyValueArgs } from '../../../src/cli/key-value-args.js';
import { UsageError } from '../../../src/cli/usage-error.js';

describe('key=value arguments', () => {
  it('splits at the first = and lets a later entry win', () => {
    assert.deepEqual([...parseKeyValueArgs('--property', ['a=1', 'b=x=y', ' a =2', 'empty='])], [['a', '2'], ['b', 'x=y'], ['empty', '']]);
  });

  it('refuses an entry without a key or =', () => {
    for (const bad of ['novalue', '=v']) {
      assert.throws(() => parseKeyValueArgs('--config', [bad]), (err: unknown) => err instanceof UsageError && err.message === `--config expects key=value, got "${bad}"`);
    }
  });

  it('puts command-line entries over the properties file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'millrace-cli-'));
    try {
      const file = path.join(dir, 'consumer.properties');
      writeFileSync(file, '# comment\ngroup.id=from-file\nclient.id = me\n');
      const merged = clientProperties(file, '--consumer-property', ['group.id=from-flag']);
      assert.deepEqual(Object.fromEntries(merged), { 'group.id': 'from-flag', 'client.id': 'me' });
      assert.deepEqual([...clientProperties(undefined, '--x', [])], []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads booleans as Kafka does: trimmed, any case, anything else is false", () => {
    assert.ok(isTrue(' TRUE ') && isTrue('true'));
    assert.ok(!isTrue('yes') && !isTrue('1') && !isTrue(undefined));
  });
});
