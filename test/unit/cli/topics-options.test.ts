import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineTopicsCommand, topicsOptions } from '../../../src/cli/topics-options.js';
import type { TopicsOptions } from '../../../src/cli/topics-options.js';
import { UsageError } from '../../../src/cli/usage-error.js';
import { parseArgs } from './parse-args.js';

const parse = (...args: string[]): TopicsOptions => topicsOptions(parseArgs(defineTopicsCommand, args));
const BS = ['--bootstrap-server', 'localhost:9092'];

function rejects(args: string[], message: string): void {
  assert.throws(() => parse(...args), (err: unknown) => err instanceof UsageError && err.message === message);
}

describe('topics arguments (Kafka 2.3 TopicCommandOptions)', () => {
  it('parses the quickstart create', () => {
    const o = parse('--create', ...BS, '--replication-factor', '1', '--partitions', '1', '--topic', 'hellokafka');
    assert.equal(o.action, 'create');
    assert.deepEqual(o.bootstrapServers, ['localhost:9092']);
    assert.equal(o.topic, 'hellokafka');
    assert.equal(o.partitions, 1);
    assert.equal(o.replicationFactor, 1);
    assert.equal(o.configs.size, 0);
  });

  it('collects repeated --config and splits the server list', () => {
    const o = parse('--create', '--bootstrap-server', 'a:1, b:2', '--topic', 't', '--config', 'cleanup.policy=compact', '--config', 'retention.ms=1000', '--if-not-exists');
    assert.deepEqual([...o.configs], [['cleanup.policy', 'compact'], ['retention.ms', '1000']]);
    assert.deepEqual(o.bootstrapServers, ['a:1', 'b:2']);
    assert.equal(o.ifNotExists, true);
    assert.equal(o.partitions, undefined);
  });

  it('accepts --opt=value spelling', () => {
    assert.equal(parse('--describe', '--bootstrap-server=h:1', '--topic=x').topic, 'x');
  });

  it('needs exactly one action', () => {
    const message = 'Command must include exactly one action: --list, --describe, --create, --alter or --delete';
    rejects([...BS], message);
    rejects(['--list', '--describe', ...BS], message);
  });

  it('needs --bootstrap-server, and --topic except for --list and --describe', () => {
    rejects(['--list'], 'Missing required argument "[bootstrap-server]"');
    rejects(['--create', ...BS], 'Missing required argument "[topic]"');
    rejects(['--delete', ...BS], 'Missing required argument "[topic]"');
    rejects(['--describe', '--if-exists', ...BS], 'Missing required argument "[topic]"');
    assert.equal(parse('--list', ...BS).topic, undefined);
    assert.equal(parse('--describe', ...BS).topic, undefined);
  });

  it('needs --partitions for --alter, and refuses --config there', () => {
    rejects(['--alter', ...BS, '--topic', 't'], 'Missing required argument "[partitions]"');
    rejects(['--alter', ...BS, '--topic', 't', '--partitions', '3', '--config', 'a=b'], 'Option "[config]" can\'t be used with option "[alter]"');
    assert.equal(parse('--alter', ...BS, '--topic', 't', '--partitions', '3').partitions, 3);
  });

  it("refuses options with actions they do not apply to, in Kafka's words", () => {
    rejects(['--create', ...BS, '--topic', 't', '--if-exists'], 'Option "[if-exists]" can\'t be used with option "[create]"');
    rejects(['--delete', ...BS, '--topic', 't', '--if-not-exists'], 'Option "[if-not-exists]" can\'t be used with option "[delete]"');
    rejects(['--delete', ...BS, '--topic', 't', '--partitions', '2'], 'Option "[partitions]" can\'t be used with option "[delete]"');
    rejects(['--alter', ...BS, '--topic', 't', '--partitions', '2', '--replication-factor', '1'], 'Option "[replication-factor]" can\'t be used with option "[alter]"');
    rejects(['--list', ...BS, '--under-replicated-partitions'], 'Option "[under-replicated-partitions]" can\'t be used with option "[list]"');
    rejects(['--describe', ...BS, '--unavailable-partitions', '--topics-with-overrides'], 'Option "[unavailable-partitions]" can\'t be used with option "[topics-with-overrides]"');
    rejects(['--create', ...BS, '--topic', 't', '--exclude-internal'], 'Option "[exclude-internal]" can\'t be used with option "[create]"');
  });

  it('validates numbers', () => {
    rejects(['--create', ...BS, '--topic', 't', '--partitions', '0'], '--partitions expects an integer >= 1, got "0"');
    rejects(['--create', ...BS, '--topic', 't', '--partitions', 'two'], '--partitions expects an integer >= 1, got "two"');
    rejects(['--create', ...BS, '--topic', 't', '--replication-factor', '1.5'], '--replication-factor expects an integer in 1..32767, got "1.5"');
    rejects(['--create', ...BS, '--topic', 't', '--config', 'novalue'], '--config expects key=value, got "novalue"');
  });

  it('reads --command-config as admin client properties', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'millrace-cli-'));
    try {
      const file = path.join(dir, 'admin.properties');
      writeFileSync(file, 'client.id=my-admin\nrequest.timeout.ms = 5000\n');
      const o = parse('--list', ...BS, '--command-config', file);
      assert.equal(o.clientProperties.get('client.id'), 'my-admin');
      assert.equal(o.clientProperties.get('request.timeout.ms'), '5000');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves unknown flags to commander', () => {
    assert.throws(() => parse('--list', ...BS, '--zookeeper', 'x'), /unknown option '--zookeeper'/);
  });
});
