/**
 * Millrace's client against librdkafka's mock cluster: a Kafka-protocol broker Millrace did not write, started by
 * test/support/mock-cluster.py. It auto-creates topics (4 partitions) on produce and has no CreateTopics.
 */
import assert from 'node:assert/strict';
import { Admin } from '../../src/client/admin/admin.js';
import { Producer } from '../../src/client/producer/producer.js';
import type { CompressionName } from '../../src/protocol/compression/index.js';
import { cleanup } from '../support/broker-process.js';
import { startPython } from '../support/tools.js';
import type { RunningTool } from '../support/tools.js';

const RECORDS = 20_000;
const STARTUP_TIMEOUT_MS = 30_000;

/** Starts the mock cluster and resolves with its bootstrap list once the script prints it. */
async function startMockCluster(brokers: number): Promise<{ tool: RunningTool; bootstrap: string }> {
  const tool = startPython('mock-cluster.py', [String(brokers)], 600_000);
  let stdout = '';
  const bootstrap = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock cluster printed no bootstrap within ${STARTUP_TIMEOUT_MS} ms: ${stdout}`)), STARTUP_TIMEOUT_MS);
    tool.child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^bootstrap=(\S+)$/m.exec(stdout);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    tool.result.then(
      (r) => reject(new Error(`mock cluster exited (code ${r.code}): ${r.stderr.slice(-2000)}`)),
      reject,
    );
  });
  return { tool, bootstrap };
}

describe('Millrace client against librdkafka mock cluster', function () {
  this.timeout(120_000);
  let mock: { tool: RunningTool; bootstrap: string };

  before(async function () {
    mock = await startMockCluster(1);
  });

  after(async function () {
    mock?.tool.stdin.end();
    await cleanup();
  });

  for (const compression of ['none', 'lz4'] as CompressionName[]) {
    it(`produces ${RECORDS} keyed records with compression ${compression} and acks=all`, async function () {
      const topic = `mock-${compression}`;
      const producer = new Producer({ bootstrapServers: mock.bootstrap, compression, lingerMs: 5 });
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
    const admin = new Admin({ bootstrapServers: mock.bootstrap });
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
