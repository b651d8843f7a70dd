import assert from 'node:assert/strict';
import { Consumer } from '../../src/client/consumer/consumer.js';
import type { ConsumerRecord } from '../../src/client/consumer/consumer-record.js';
import { Producer } from '../../src/client/producer/producer.js';
import { cleanup } from '../support/broker-process.js';
import { size } from '../support/tools.js';
import { startMockCluster, type MockCluster } from '../support/mock-cluster.js';

const MESSAGES = 20_000;

/**
 * Millrace's consumer against librdkafka's in-memory mock cluster: a Kafka implementation Millrace did not write,
 * with several brokers, so leaders and the group coordinator sit on different nodes.
 */
describe('consumer against the librdkafka mock cluster', function () {
  this.timeout(size(180_000, 900_000));
  let mock: MockCluster;
  const topic = 'mock-consume';
  const produced: string[] = [];
  const consumers: Consumer[] = [];

  before(async function () {
    mock = await startMockCluster(3, size(600_000, 1_800_000));
    const producer = new Producer({ bootstrapServers: mock.bootstrap, acks: 'all', lingerMs: 5 });
    try {
      for (let i = 0; i < MESSAGES; i++) produced.push(`m${i}`);
      await producer.sendBatch(produced.map((value) => ({ topic, key: value, value })));
    } finally {
      await producer.close();
    }
  });

  afterEach(async function () {
    await Promise.all(consumers.splice(0).map((c) => c.close()));
  });

  after(async function () {
    try {
      mock?.tool.stdin.end();
      await mock?.tool.result;
    } finally {
      await cleanup();
    }
  });

  function consumer(groupId: string | null): Consumer {
    const created = new Consumer({
      bootstrapServers: mock.bootstrap,
      groupId,
      autoOffsetReset: 'earliest',
      enableAutoCommit: false,
      // The mock holds the rebalance after a member leaves for the session timeout less a second.
      sessionTimeoutMs: 6_000,
      heartbeatIntervalMs: 1_000,
    });
    consumers.push(created);
    return created;
  }

  async function pollUntil(c: Consumer, count: number, into: ConsumerRecord[] = []): Promise<ConsumerRecord[]> {
    const deadline = Date.now() + 120_000;
    while (into.length < count) {
      assert.ok(Date.now() < deadline, `only ${into.length} of ${count} records`);
      into.push(...(await c.poll(500)));
    }
    return into;
  }

  it(`reads the ${MESSAGES} messages Millrace's producer wrote, from the beginning of every partition`, async function () {
    const c = consumer(null);
    const partitions = await c.partitionsFor(topic);
    assert.ok(partitions.length >= 1);
    c.assign(partitions);
    const records = await pollUntil(c, MESSAGES);
    assert.equal(records.length, MESSAGES);
    assert.deepEqual(records.map((r) => r.value!.toString()).sort(), [...produced].sort());
    for (const { partition } of partitions) {
      const offsets = records.filter((r) => r.partition === partition).map((r) => r.offset);
      assert.deepEqual(offsets, offsets.map((_, i) => i), `partition ${partition} read in order from 0`);
    }
    assert.ok(records.every((r) => r.key!.equals(r.value!)));
  });

  it('a group member commits half way; the next member resumes with no message read twice', async function () {
    const group = 'mock-group';
    const first = consumer(group);
    first.subscribe([topic]);
    const firstRecords = await pollUntil(first, MESSAGES / 2);
    await first.commitSync();
    await first.close();

    const second = consumer(group);
    second.subscribe([topic]);
    const secondRecords = await pollUntil(second, MESSAGES - firstRecords.length);
    assert.deepEqual(await second.poll(1_000), [], 'nothing beyond the produced messages');
    const all = [...firstRecords, ...secondRecords].map((r) => r.value!.toString());
    assert.equal(new Set(all).size, all.length, 'no message read twice');
    assert.deepEqual(all.sort(), [...produced].sort());
  });
});
