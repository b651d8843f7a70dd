import assert from 'node:assert/strict';
import { cleanup, startBroker } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { assertOk, assertOneLineError, millrace } from './cli-tool.js';

describe('millrace topics', function () {
  let broker: BrokerHandle;
  const topics = (...args: string[]) => millrace(['topics', '--bootstrap-server', broker.bootstrap, ...args]);
  const text = async (...args: string[]): Promise<string> => {
    const result = await topics(...args);
    assertOk(result, `topics ${args.join(' ')}`);
    return result.stdout.toString();
  };

  before(async function () {
    broker = await startBroker({ props: { 'auto.create.topics.enable': 'false' } });
  });

  after(async function () {
    if (broker?.running) await broker.stop();
    await cleanup();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`--- broker output ---\n${broker?.allLogs().slice(-10_000)}`);
  });

  it('creates with --config overrides and describes them as Configs', async function () {
    assert.equal(
      await text('--create', '--topic', 'configured', '--partitions', '2', '--replication-factor', '1', '--config', 'cleanup.policy=compact', '--config', 'retention.ms=1000'),
      'Created topic configured.\n',
    );
    assert.equal(
      await text('--describe', '--topic', 'configured'),
      'Topic:configured\tPartitionCount:2\tReplicationFactor:1\tConfigs:retention.ms=1000,cleanup.policy=compact\n' +
        '\tTopic: configured\tPartition: 0\tLeader: 0\tReplicas: 0\tIsr: 0\n' +
        '\tTopic: configured\tPartition: 1\tLeader: 0\tReplicas: 0\tIsr: 0\n',
    );
    assert.equal(await text('--describe', '--topics-with-overrides'), 'Topic:configured\tPartitionCount:2\tReplicationFactor:1\tConfigs:retention.ms=1000,cleanup.policy=compact\n');
  });

  it("takes the broker's defaults without --partitions and --replication-factor, and warns about '.' and '_'", async function () {
    assert.equal(
      await text('--create', '--topic', 'with.dot'),
      "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.\nCreated topic with.dot.\n",
    );
    assert.match(await text('--describe', '--topic', 'with.dot'), /^Topic:with\.dot\tPartitionCount:1\tReplicationFactor:1\tConfigs:\n/);
  });

  it('refuses an existing topic unless --if-not-exists', async function () {
    await text('--create', '--topic', 'twice');
    assertOneLineError(await topics('--create', '--topic', 'twice'), /^millrace: twice: TOPIC_ALREADY_EXISTS: .*already exists/);
    const again = await topics('--create', '--topic', 'twice', '--if-not-exists');
    assertOk(again, 'create --if-not-exists');
    assert.equal(again.stdout.toString(), '');
  });

  it('refuses an invalid topic config in one line naming it', async function () {
    assertOneLineError(await topics('--create', '--topic', 'bad-config', '--config', 'retention.mss=1'), /^millrace: bad-config: INVALID_CONFIG: .*retention\.mss/);
  });

  it('alters the partition count', async function () {
    await text('--create', '--topic', 'growing', '--partitions', '1');
    assert.equal(await text('--alter', '--topic', 'growing', '--partitions', '3'), '');
    const described = await text('--describe', '--topic', 'growing');
    assert.match(described, /^Topic:growing\tPartitionCount:3\t/);
    assert.equal(described.split('\n').filter((l) => l.startsWith('\tTopic: growing\tPartition: ')).length, 3);
    assertOneLineError(await topics('--alter', '--topic', 'growing', '--partitions', '2'), /^millrace: growing: INVALID_PARTITIONS: /);
  });

  it('lists sorted, matches --topic as a regular expression, and deletes', async function () {
    await text('--create', '--topic', 'doomed-1');
    await text('--create', '--topic', 'doomed-2');
    const listed = (await text('--list')).split('\n').filter((l) => l !== '');
    assert.deepEqual(listed, [...listed].sort());
    assert.ok(listed.includes('doomed-1') && listed.includes('doomed-2'));
    assert.equal(await text('--list', '--topic', 'doomed-.*'), 'doomed-1\ndoomed-2\n');
    assert.equal((await text('--describe', '--topic', 'doomed-1,doomed-2')).split('\n').filter((l) => l.startsWith('Topic:')).length, 2);
    assert.equal(await text('--delete', '--topic', 'doomed-.*'), '');
    assert.equal(await text('--list', '--topic', 'doomed-.*'), '');
  });

  it('reports a missing topic unless --if-exists', async function () {
    for (const action of ['--describe', '--delete']) {
      assertOneLineError(await topics(action, '--topic', 'absent'), "Topic 'absent' does not exist as expected");
      const quiet = await topics(action, '--topic', 'absent', '--if-exists');
      assertOk(quiet, `${action} --if-exists`);
      assert.equal(quiet.stdout.toString(), '');
    }
    assertOneLineError(await topics('--alter', '--topic', 'absent', '--partitions', '2'), "Topic 'absent' does not exist as expected");
    assertOk(await topics('--alter', '--topic', 'absent', '--partitions', '2', '--if-exists'), 'alter --if-exists');
  });

  it("rejects bad arguments in Kafka's words before connecting", async function () {
    assertOneLineError(await topics('--create'), 'Missing required argument "[topic]"');
    assertOneLineError(await topics('--list', '--describe'), 'Command must include exactly one action: --list, --describe, --create, --alter or --delete');
    assertOneLineError(await topics('--create', '--topic', 'x', '--if-exists'), 'Option "[if-exists]" can\'t be used with option "[create]"');
    assertOneLineError(await topics('--create', '--topic', 'x', '--partitions', 'many'), '--partitions expects an integer >= 1, got "many"');
    assertOneLineError(await millrace(['topics', '--list']), 'Missing required argument "[bootstrap-server]"');
    assertOneLineError(await topics('--list', '--zookeeper', 'localhost:2181'), "unknown option '--zookeeper'");
    assertOneLineError(await topics('--list', '--topic'), "option '--topic <topic>' argument missing");
  });
});
