import assert from 'node:assert/strict';
import { cleanup, startBroker } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { kcatConsume, requireTool } from '../support/tools.js';
import { assertOk, millrace, shippedServerProperties, startMillrace } from './cli-tool.js';

/**
 * Kafka's quickstart, typed as the README shows it, against a broker running the shipped config/server.properties:
 * every line of output compared byte for byte (tabs included), then the topic read back by kcat.
 */
describe('CLI quickstart (kafka-topics / console-producer / console-consumer)', function () {
  let broker: BrokerHandle;
  let server: string;

  before(async function () {
    requireTool('kcat', 'apt-get install kcat');
    broker = await startBroker({ props: shippedServerProperties() });
    server = `localhost:${broker.port}`;
  });

  after(async function () {
    if (broker?.running) await broker.stop();
    await cleanup();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`--- broker output ---\n${broker?.allLogs().slice(-10_000)}`);
  });

  it('creates the topic', async function () {
    const result = await millrace(['topics', '--create', '--bootstrap-server', server, '--replication-factor', '1', '--partitions', '1', '--topic', 'hellokafka']);
    assertOk(result, 'topics --create');
    assert.equal(result.stdout.toString(), 'Created topic hellokafka.\n');
  });

  it('lists it', async function () {
    const result = await millrace(['topics', '--list', '--bootstrap-server', server]);
    assertOk(result, 'topics --list');
    assert.equal(result.stdout.toString(), 'hellokafka\n');
  });

  it("describes it in Kafka 2.3's layout", async function () {
    const result = await millrace(['topics', '--describe', '--bootstrap-server', server, '--topic', 'hellokafka']);
    assertOk(result, 'topics --describe');
    assert.equal(
      result.stdout.toString(),
      'Topic:hellokafka\tPartitionCount:1\tReplicationFactor:1\tConfigs:segment.bytes=1073741824\n' +
        '\tTopic: hellokafka\tPartition: 0\tLeader: 0\tReplicas: 0\tIsr: 0\n',
    );
    assert.equal(result.stderr, '');
  });

  it('produces two lines from a pipe, without prompts', async function () {
    const result = await millrace(['console-producer', '--broker-list', server, '--topic', 'hellokafka'], 'the first msg\nthe second msg\n');
    assertOk(result, 'console-producer');
    assert.equal(result.stdout.toString(), '');
    assert.equal(result.stderr, '');
  });

  it('consumes them from the beginning until Ctrl+C', async function () {
    const consumer = startMillrace(['console-consumer', '--bootstrap-server', server, '--topic', 'hellokafka', '--from-beginning']);
    await consumer.waitFor((out) => out.split('\n').length > 2);
    const result = await consumer.interrupt();
    assertOk(result, 'console-consumer');
    assert.equal(result.stdout.toString(), 'the first msg\nthe second msg\n');
    assert.equal(result.stderr, 'Processed a total of 2 messages\n');
  });

  it('wrote records kcat reads back unchanged', async function () {
    const read = await kcatConsume(broker.bootstrap, 'hellokafka', { format: '%k|%s\n' });
    assert.equal(read.toString(), '|the first msg\n|the second msg\n');
  });
});
