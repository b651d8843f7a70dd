/**
 * The command-line tools against librdkafka's mock cluster, a Kafka-protocol broker Millrace did not write: what
 * console-producer writes there, console-consumer reads back, and topics --list sees the topic.
 */
import assert from 'node:assert/strict';
import { cleanup } from '../support/broker-process.js';
import { startMockCluster, stopMockCluster, type MockCluster } from '../support/mock-cluster.js';
import { size } from '../support/tools.js';
import { assertOk, millrace } from './cli-tool.js';

const LINES = size(5_000, 20_000);

describe('CLI tools against the librdkafka mock cluster', function () {
  this.timeout(size(120_000, 600_000));
  let mock: MockCluster | undefined;
  const topic = 'cli-mock';
  const lines = Array.from({ length: LINES }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`);

  before(async function () {
    mock = await startMockCluster(1, size(300_000, 900_000));
  });

  after(async function () {
    stopMockCluster(mock);
    await cleanup();
  });

  it(`console-producer writes ${LINES} lines and console-consumer reads every one back`, async function () {
    const produced = await millrace(['console-producer', '--bootstrap-server', mock!.bootstrap, '--topic', topic], `${lines.join('\n')}\n`);
    assertOk(produced, 'console-producer');
    const consumed = await millrace([
      'console-consumer', '--bootstrap-server', mock!.bootstrap, '--topic', topic, '--from-beginning',
      '--max-messages', String(LINES),
    ]);
    assertOk(consumed, 'console-consumer');
    const got = consumed.stdout.toString('utf8').split('\n').filter((l) => l !== '');
    // The mock creates 4 partitions: order holds per partition only, so compare as sets of lines.
    assert.equal(got.length, LINES);
    assert.deepEqual([...got].sort(), [...lines].sort());
    assert.match(consumed.stderr, new RegExp(`Processed a total of ${LINES} messages`));
  });

  it('topics --list shows the topic', async function () {
    const listed = await millrace(['topics', '--list', '--bootstrap-server', mock!.bootstrap]);
    assertOk(listed, 'topics --list');
    assert.ok(listed.stdout.toString('utf8').split('\n').includes(topic), listed.stdout.toString('utf8'));
  });
});
