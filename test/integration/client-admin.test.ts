import assert from 'node:assert/strict';
import { Admin } from '../../src/client/admin/admin.js';
import { AdminOperationError } from '../../src/client/admin/admin-errors.js';
import { Producer } from '../../src/client/producer/producer.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { cleanup, printBrokerOutputOnFailure, startBroker } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { assertSucceeded, kcat, requireTool } from '../support/tools.js';

function itemCodes(error: unknown): Record<string, number> {
  assert.ok(error instanceof AdminOperationError, `expected an AdminOperationError, got ${String(error)}`);
  return Object.fromEntries(error.errors.map((e) => [e.item, e.code]));
}

/** Partition counts per topic as kcat (librdkafka) sees them: an independent view of what the admin changed. */
async function kcatPartitions(bootstrap: string): Promise<Record<string, number>> {
  const result = await kcat(['-L', '-J', '-b', bootstrap]);
  assertSucceeded(result, 'kcat -L');
  const metadata = JSON.parse(result.stdout.toString()) as { topics: { topic: string; partitions: unknown[] }[] };
  return Object.fromEntries(metadata.topics.map((t) => [t.topic, t.partitions.length]));
}

describe('Millrace admin client against a Millrace broker', function () {
  this.timeout(120_000);
  let broker: BrokerHandle;
  let admin: Admin;

  before(async function () {
    requireTool('kcat', 'apt-get install kcat');
    broker = await startBroker({ props: { 'num.partitions': '1' } });
    admin = new Admin({ bootstrapServers: broker.bootstrap, defaultApiTimeoutMs: 15_000 });
    await admin.connect();
  });

  after(async function () {
    await admin?.close();
    if (broker?.running) await broker.stop();
    await cleanup();
  });

  printBrokerOutputOnFailure(() => broker);

  it('creates topics with partitions and configs, and lists and describes them', async function () {
    await admin.createTopics([
      { topic: 'orders', numPartitions: 3, replicationFactor: 1 },
      { topic: 'audit', configs: { 'retention.ms': '3600000', 'cleanup.policy': 'compact' } },
    ]);
    assert.deepEqual((await admin.listTopics()).filter((t) => t === 'orders' || t === 'audit'), ['audit', 'orders']);
    const [orders, audit] = await admin.describeTopics(['orders', 'audit']);
    assert.deepEqual(orders, {
      name: 'orders',
      isInternal: false,
      partitions: [0, 1, 2].map((partition) => ({ partition, leader: 0, replicas: [0], isr: [0] })),
    });
    assert.equal(audit!.partitions.length, 1, 'the broker default num.partitions applies');
    const seen = await kcatPartitions(broker.bootstrap);
    assert.equal(seen['orders'], 3);
  });

  it('reports each failing item with the broker code and creates the others', async function () {
    const error = await admin.createTopics([{ topic: 'orders' }, { topic: 'fresh', numPartitions: 2 }]).catch((e: unknown) => e);
    assert.deepEqual(itemCodes(error), { orders: ErrorCode.TOPIC_ALREADY_EXISTS });
    assert.match((error as Error).message, /orders: TOPIC_ALREADY_EXISTS/);
    assert.equal((await admin.describeTopics(['fresh']))[0]!.partitions.length, 2);
  });

  it('validateOnly checks a creation without making the topic', async function () {
    await admin.createTopics([{ topic: 'dry-run', numPartitions: 2 }], { validateOnly: true });
    assert.ok(!(await admin.listTopics()).includes('dry-run'));
    const error = await admin.createTopics([{ topic: 'bad', numPartitions: 0 }], { validateOnly: true }).catch((e: unknown) => e);
    assert.deepEqual(itemCodes(error), { bad: ErrorCode.INVALID_PARTITIONS });
  });

  it('adds partitions and refuses to shrink', async function () {
    await admin.createPartitions([{ topic: 'orders', count: 5 }]);
    assert.equal((await admin.describeTopics(['orders']))[0]!.partitions.length, 5);
    assert.equal((await kcatPartitions(broker.bootstrap))['orders'], 5);
    const error = await admin.createPartitions([{ topic: 'orders', count: 2 }]).catch((e: unknown) => e);
    assert.deepEqual(itemCodes(error), { orders: ErrorCode.INVALID_PARTITIONS });
  });

  it('describes topic and broker configs with their sources', async function () {
    const topic = await admin.describeConfigs({ type: 'topic', name: 'audit' });
    const byName = new Map(topic.map((c) => [c.name, c]));
    assert.equal(byName.get('retention.ms')?.value, '3600000');
    assert.equal(byName.get('retention.ms')?.source, 'DYNAMIC_TOPIC_CONFIG');
    assert.equal(byName.get('cleanup.policy')?.value, 'compact');
    assert.ok(byName.has('segment.bytes'));
    const brokerConfigs = await admin.describeConfigs({ type: 'broker', name: '0' });
    assert.equal(brokerConfigs.find((c) => c.name === 'broker.id')?.value, '0');
    const missing = await admin.describeConfigs({ type: 'topic', name: 'no-such-topic' }).catch((e: unknown) => e);
    assert.deepEqual(itemCodes(missing), { 'topic no-such-topic': ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
  });

  it('lists earliest, latest and by-timestamp offsets per partition', async function () {
    const producer = new Producer({ bootstrapServers: broker.bootstrap, lingerMs: 0 });
    const base = Date.now() - 60_000;
    try {
      // One batch per record: the by-timestamp answer is then exact whether a broker looks inside batches or not.
      for (let i = 0; i < 10; i++) await producer.send({ topic: 'orders', partition: 1, value: `v${i}`, timestamp: base + i * 1000 });
    } finally {
      await producer.close();
    }
    const latest = await admin.listOffsets('orders', 'latest');
    assert.deepEqual(latest.map((p) => [p.partition, p.offset]), [[0, 0], [1, 10], [2, 0], [3, 0], [4, 0]]);
    const earliest = await admin.listOffsets('orders', 'earliest');
    assert.ok(earliest.every((p) => p.offset === 0));
    const byTime = await admin.listOffsets('orders', base + 4500);
    assert.deepEqual([byTime[1]!.offset, byTime[1]!.timestamp], [5, base + 5000]);
  });

  it('commits and fetches offsets of an empty group, and lists and describes it', async function () {
    await admin.commitGroupOffsets('reporting', [
      { topic: 'orders', partition: 1, offset: 7, metadata: 'from admin' },
      { topic: 'orders', partition: 0, offset: 0 },
    ]);
    const offsets = await admin.fetchGroupOffsets('reporting', ['orders']);
    assert.deepEqual(
      offsets.map((o) => [o.partition, o.offset]),
      [[0, 0], [1, 7], [2, -1], [3, -1], [4, -1]],
    );
    assert.equal(offsets[1]!.metadata, 'from admin');
    const all = await admin.fetchGroupOffsets('reporting');
    assert.deepEqual(all.map((o) => [o.topic, o.partition, o.offset]), [['orders', 0, 0], ['orders', 1, 7]]);
    assert.ok((await admin.listGroups()).some((g) => g.groupId === 'reporting'));
    const [described] = await admin.describeGroups(['reporting']);
    assert.equal(described!.state, 'Empty');
    assert.deepEqual(described!.members, []);
  });

  it('deletes topics and reports unknown ones', async function () {
    await admin.deleteTopics(['fresh']);
    assert.ok(!(await admin.listTopics()).includes('fresh'));
    assert.ok(!('fresh' in (await kcatPartitions(broker.bootstrap))));
    const error = await admin.deleteTopics(['never-was']).catch((e: unknown) => e);
    assert.deepEqual(itemCodes(error), { 'never-was': ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
    const described = await admin.describeTopics(['never-was']).catch((e: unknown) => e);
    assert.deepEqual(itemCodes(described), { 'never-was': ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
  });
});
