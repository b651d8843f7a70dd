/**
 * Millrace's client against librdkafka's mock cluster: a Kafka-protocol broker Millrace did not write, started by
 * test/support/mock-cluster.py. It auto-creates topics (4 partitions) on produce and has no CreateTopics.
 */
import assert from 'node:assert/strict';
import { Admin } from '../../src/client/admin/admin.js';
import { Producer } from '../../src/client/producer/producer.js';
import type { CompressionName } from '../../src/protocol/compression/index.js';
import { cleanup } from '../support/broker-process.js';
import { startMockCluster, stopMockCluster, type MockCluster } from '../support/mock-cluster.js';

const RECORDS = 20_000;

describe('Millrace client against librdkafka mock cluster', function () {
  this.timeout(120_000);
  let mock: MockCluster | undefined;

  before(async function () {
    mock = await startMockCluster(1, 600_000);
  });

  after(async function () {
    stopMockCluster(mock);
    await cleanup();
  });

  for (const compression of ['none', 'lz4'] as CompressionName[]) {
    it(`produces ${RECORDS} keyed records with compression ${compression} and acks=all`, async function () {
      const topic = `mock-${compression}`;
      const producer = new Producer({ bootstrapServers: mock!.bootstrap, compression, lingerMs: 5 });
      try {
        await producer.connect();
        const sent = await producer.sendBatch(
          Array.from({ length: RECORDS }, (_, i) => ({ topic, key: `key-${i % 97}`, value: `value-${i}` })),
        );
        const perPartition = new Map<number, number[]>();
        for (const m of sent) {
          const offsets = perPartition.get(m.partition) ?? [];
          offsets.push(m.offset);
          perPartition.set(m.partition, offsets);
        }
        assert.ok(perPartition.size > 1, 'keys spread over the auto-created partitions');
        for (const [partition, offsets] of perPartition) {
          assert.deepEqual(offsets, offsets.map((_, i) => i), `partition ${partition} offsets are dense and in send order`);
        }
      } finally {
        await producer.close();
      }
    });
  }

  it('lists the topics through the admin client and reads their end offsets', async function () {
    const admin = new Admin({ bootstrapServers: mock!.bootstrap });
    try {
      await admin.connect();
      const topics = await admin.listTopics();
      assert.ok(topics.includes('mock-none') && topics.includes('mock-lz4'), `topics: ${topics.join(', ')}`);
      const [described] = await admin.describeTopics(['mock-none']);
      assert.ok(described!.partitions.length > 1);
      const latest = await admin.listOffsets('mock-none', 'latest');
      assert.equal(latest.reduce((sum, p) => sum + p.offset, 0), RECORDS);
    } finally {
      await admin.close();
    }
  });
});
