import assert from 'node:assert/strict';
import kafkajs from 'kafkajs';
import type { Admin, Producer } from 'kafkajs';
import { cleanup, printBrokerOutputOnFailure, startBroker } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { eventually, kcatConsume, requireTool, size } from '../support/tools.js';

const { Kafka, CompressionTypes, ConfigResourceTypes, logLevel } = kafkajs;

const BATCHES = size(10, 200);
const PER_BATCH = size(50, 500);

/** The messages of one producer run: keys and values free of the tab and newline kcat's format uses. */
function messagesFor(label: string): { key: string; value: string }[][] {
  const batches: { key: string; value: string }[][] = [];
  for (let b = 0; b < BATCHES; b++) {
    const batch: { key: string; value: string }[] = [];
    for (let i = 0; i < PER_BATCH; i++) {
      const n = b * PER_BATCH + i;
      batch.push({ key: `${label}-k${n}`, value: `${label} value ${n} ${'é✓x'.repeat(n % 17)}` });
    }
    batches.push(batch);
  }
  return batches;
}

async function readKeyValues(bootstrap: string, topic: string): Promise<string[]> {
  const out = (await kcatConsume(bootstrap, topic, { format: '%k\t%s\n' })).toString('utf8');
  return out === '' ? [] : out.slice(0, -1).split('\n');
}

describe('broker with kafkajs 2.2.4 (acceptance 2)', function () {
  this.timeout(size(120_000, 900_000));
  let broker: BrokerHandle;
  let admin: Admin;
  let producer: Producer;

  before(async function () {
    requireTool('kcat', 'apt-get install kcat');
    broker = await startBroker();
    const kafka = new Kafka({
      clientId: 'millrace-it',
      brokers: [broker.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 5, initialRetryTime: 100 },
    });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
  });

  after(async function () {
    try {
      await producer?.disconnect();
      await admin?.disconnect();
      if (broker?.running) await broker.stop();
    } finally {
      await cleanup();
    }
  });

  printBrokerOutputOnFailure(() => broker);

  describe('admin', function () {
    it('createTopics creates, and reports an existing topic as not created', async function () {
      const created = await admin.createTopics({
        topics: [
          { topic: 'admin-a', numPartitions: 3 },
          { topic: 'admin-b', configEntries: [{ name: 'retention.ms', value: '3600000' }] },
        ],
        waitForLeaders: true,
      });
      assert.equal(created, true);
      assert.equal(await admin.createTopics({ topics: [{ topic: 'admin-a', numPartitions: 3 }] }), false);
    });

    it('listTopics includes the created topics', async function () {
      const topics = await admin.listTopics();
      assert.ok(topics.includes('admin-a') && topics.includes('admin-b'), JSON.stringify(topics));
    });

    it('fetchTopicMetadata shows the partitions, each led by broker 0', async function () {
      const { topics } = await admin.fetchTopicMetadata({ topics: ['admin-a', 'admin-b'] });
      const byName = new Map(topics.map((topic) => [topic.name, topic]));
      const a = byName.get('admin-a');
      const b = byName.get('admin-b');
      assert.ok(a && b, JSON.stringify(topics));
      assert.deepEqual(a.partitions.map((p) => [p.partitionId, p.leader]).sort(), [[0, 0], [1, 0], [2, 0]]);
      assert.deepEqual(b.partitions.map((p) => [p.partitionId, p.leader]), [[0, 0]]);
    });

    it('createPartitions grows a topic', async function () {
      await admin.createPartitions({ topicPartitions: [{ topic: 'admin-a', count: 5 }] });
      const { topics } = await admin.fetchTopicMetadata({ topics: ['admin-a'] });
      assert.deepEqual(topics[0]?.partitions.map((p) => p.partitionId).sort(), [0, 1, 2, 3, 4]);
    });

    it('describeConfigs returns a topic config set at creation', async function () {
      const described = await admin.describeConfigs({
        resources: [{ type: ConfigResourceTypes.TOPIC, name: 'admin-b' }],
        includeSynonyms: false,
      });
      const resource = described.resources[0];
      assert.ok(resource, JSON.stringify(described));
      assert.equal(resource.errorCode, 0, JSON.stringify(resource));
      const retention = resource.configEntries.find((entry) => entry.configName === 'retention.ms');
      assert.equal(retention?.configValue, '3600000', JSON.stringify(resource.configEntries));
    });

    it('deleteTopics removes a topic', async function () {
      await admin.deleteTopics({ topics: ['admin-b'] });
      const topics = await eventually(
        () => admin.listTopics(),
        (names) => !names.includes('admin-b'),
        10_000,
        (names) => JSON.stringify(names),
      );
      assert.ok(topics.includes('admin-a'));
    });
  });

  describe('producer', function () {
    const cases = [
      { acks: 0, compression: CompressionTypes.None, label: 'acks0' },
      { acks: 1, compression: CompressionTypes.None, label: 'acks1' },
      { acks: -1, compression: CompressionTypes.None, label: 'acksall' },
      { acks: -1, compression: CompressionTypes.GZIP, label: 'gzip' },
    ] as const;

    for (const { acks, compression, label } of cases) {
      it(`sends with acks=${acks}${label === 'gzip' ? ' and GZIP' : ''}; kcat reads the same keys and values`, async function () {
        const topic = `kafkajs-${label}`;
        const batches = messagesFor(label);
        for (const batch of batches) {
          await producer.send({
            topic,
            acks,
            compression,
            messages: batch.map((message) => ({ ...message, partition: 0 })),
          });
        }
        const expected = batches.flat().map((message) => `${message.key}\t${message.value}`);
        // acks=0 gets no answer, so the last batch may still be on its way when send() resolves.
        const read = await eventually(
          () =>
            readKeyValues(broker.bootstrap, topic).then(
              (lines) => ({ lines, error: undefined as unknown }),
              (error: unknown) => ({ lines: [] as string[], error }),
            ),
          (got) => got.lines.length >= expected.length,
          15_000,
          (got) => `${got.lines.length} of ${expected.length} messages; last read error: ${String(got.error)}`,
        );
        assert.deepEqual(read.lines, expected);
      });
    }
  });
});
