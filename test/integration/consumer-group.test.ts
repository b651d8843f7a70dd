import assert from 'node:assert/strict';
import { StringDecoder } from 'node:string_decoder';
import kafkajs from 'kafkajs';
import type { Admin } from 'kafkajs';
import { Consumer } from '../../src/client/consumer/consumer.js';
import type { ConsumerOptions } from '../../src/client/consumer/consumer-config.js';
import type { TopicPartition } from '../../src/client/consumer/topic-partition.js';
import { Producer } from '../../src/client/producer/producer.js';
import { cleanup, startBroker } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { eventually, requireTool, size, startKcat } from '../support/tools.js';
import type { RunningTool } from '../support/tools.js';

const { Kafka, logLevel } = kafkajs;
const PARTITIONS = 4;
const FIRST_RUN = size(2_000, 100_000);
const SECOND_RUN = size(1_000, 20_000);
const WAIT_MS = size(60_000, 600_000);

/** A Millrace consumer polling in the background, recording what it got and its listener calls. */
class Member {
  readonly consumer: Consumer;
  readonly values: string[] = [];
  readonly partitionsSeen = new Set<number>();
  readonly revoked: TopicPartition[][] = [];
  readonly assigned: TopicPartition[][] = [];
  #running = true;
  #failure: unknown;
  readonly #loop: Promise<void>;

  constructor(bootstrap: string, group: string, topic: string | RegExp, options: Partial<ConsumerOptions> = {}) {
    this.consumer = new Consumer({
      bootstrapServers: bootstrap,
      groupId: group,
      autoOffsetReset: 'earliest',
      heartbeatIntervalMs: 300,
      sessionTimeoutMs: 10_000,
      ...options,
    });
    this.consumer.subscribe(typeof topic === 'string' ? [topic] : topic, {
      onPartitionsAssigned: (tps) => void this.assigned.push(tps),
      onPartitionsRevoked: (tps) => void this.revoked.push(tps),
    });
    this.#loop = this.#run();
  }

  async #run(): Promise<void> {
    while (this.#running) {
      try {
        for (const record of await this.consumer.poll(100)) {
          this.values.push(record.value!.toString());
          this.partitionsSeen.add(record.partition);
        }
      } catch (error) {
        this.#failure = error;
        return;
      }
    }
  }

  partitions(): number[] {
    if (this.#failure !== undefined) throw this.#failure;
    return this.consumer.assignment().map((tp) => tp.partition);
  }

  /** Stops polling (the member stays in the group until closed). */
  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
    if (this.#failure !== undefined) throw this.#failure;
  }
}

/** A kcat balanced consumer (-G) with the range assignor, printing `partition value` lines. */
class KcatMember {
  readonly #tool: RunningTool;
  #text = '';

  constructor(bootstrap: string, group: string, topic: string) {
    this.#tool = startKcat(
      ['-b', bootstrap, '-G', group, '-X', 'partition.assignment.strategy=range', '-X', 'auto.offset.reset=earliest', '-X', 'heartbeat.interval.ms=300', '-f', '%p %s\\n', '-u', topic],
      WAIT_MS * 3,
    );
    const decoder = new StringDecoder('utf8');
    this.#tool.child.stdout!.on('data', (chunk: Buffer) => {
      this.#text += decoder.write(chunk);
    });
  }

  messages(): { partition: number; value: string }[] {
    const lines = this.#text.split('\n');
    lines.pop();
    return lines.map((line) => {
      const [partition, value] = line.split(' ');
      return { partition: Number(partition), value: value! };
    });
  }

  async stop(): Promise<void> {
    this.#tool.child.kill('SIGTERM');
    const result = await this.#tool.result;
    assert.equal(result.code, 0, `kcat exited with ${result.code}; stderr:\n${result.stderr.slice(-4000)}`);
  }
}

describe('consumer groups of Millrace consumers', function () {
  this.timeout(size(300_000, 1_800_000));
  let broker: BrokerHandle;
  let admin: Admin;
  let producer: Producer;
  const members: Member[] = [];

  before(async function () {
    broker = await startBroker({ props: { 'group.initial.rebalance.delay.ms': '0', 'offsets.topic.num.partitions': '5' } });
    admin = new Kafka({ clientId: 'consumer-group-it', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    producer = new Producer({ bootstrapServers: broker.bootstrap, acks: 'all', lingerMs: 5 });
  });

  afterEach(async function () {
    await Promise.all(members.splice(0).map(async (m) => {
      await m.stop().catch(() => undefined);
      await m.consumer.close();
    }));
    if (this.currentTest?.state === 'failed') console.log(`--- broker output ---\n${broker.allLogs().slice(-30_000)}`);
  });

  after(async function () {
    try {
      await producer?.close();
      await admin?.disconnect();
      if (broker?.running) await broker.stop();
    } finally {
      await cleanup();
    }
  });

  function member(group: string, topic: string | RegExp, options: Partial<ConsumerOptions> = {}): Member {
    const created = new Member(broker.bootstrap, group, topic, options);
    members.push(created);
    return created;
  }

  async function createTopic(topic: string): Promise<void> {
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  }

  async function produce(topic: string, prefix: string, count: number): Promise<string[]> {
    const values = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
    await producer.sendBatch(values.map((value, i) => ({ topic, partition: i % PARTITIONS, value })));
    return values;
  }

  async function split(group: Member[], each: number): Promise<void> {
    await eventually(
      async () => group.map((m) => m.partitions()),
      (parts) => parts.every((p) => p.length === each) && new Set(parts.flat()).size === PARTITIONS,
      WAIT_MS,
      (parts) => JSON.stringify(parts),
    );
  }

  async function consumedAll(group: readonly { values: readonly string[] }[], expected: readonly string[]): Promise<void> {
    await eventually(
      async () => group.reduce((n, m) => n + m.values.length, 0),
      (n) => n >= expected.length,
      WAIT_MS,
      (n) => `${n} of ${expected.length} consumed`,
    );
    const all = group.flatMap((m) => m.values);
    assert.equal(all.length, expected.length, 'no record delivered twice');
    assert.deepEqual([...all].sort(), [...expected].sort());
  }

  it(`two members split ${PARTITIONS} partitions, commit, and restarted members resume exactly after the commits`, async function () {
    const topic = 'mr-split';
    const group = 'mr-split-group';
    await createTopic(topic);
    const first = [member(group, topic, { enableAutoCommit: false }), member(group, topic, { enableAutoCommit: false })];
    await split(first, PARTITIONS / 2);
    const values = await produce(topic, 'a', FIRST_RUN);
    await consumedAll(first, values);
    for (const m of first) {
      const own = new Set(m.partitions());
      assert.ok([...m.partitionsSeen].every((p) => own.has(p)), 'each member read only its own partitions');
    }
    for (const m of first) await m.stop();
    for (const m of first) await m.consumer.commitSync();
    const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    assert.deepEqual(committed[0]!.partitions.map((p) => Number(p.offset)), Array(PARTITIONS).fill(FIRST_RUN / PARTITIONS));
    await Promise.all(members.splice(0).map((m) => m.consumer.close()));

    const more = await produce(topic, 'b', SECOND_RUN);
    const second = [member(group, topic), member(group, topic)];
    await split(second, PARTITIONS / 2);
    await consumedAll(second, more);
  });

  it('cooperative-sticky: a joining member takes over only the partitions that move, without duplicates', async function () {
    const topic = 'mr-coop';
    const group = 'mr-coop-group';
    const options: Partial<ConsumerOptions> = { partitionAssignmentStrategy: ['cooperative-sticky'], autoCommitIntervalMs: 200 };
    await createTopic(topic);
    const first = member(group, topic, options);
    await split([first], PARTITIONS);
    const before = await produce(topic, 'c', FIRST_RUN);
    await consumedAll([first], before);
    const original = first.partitions();

    const second = member(group, topic, options);
    await split([first, second], PARTITIONS / 2);
    assert.equal(first.revoked.flat().length, PARTITIONS / 2, `only the moved partitions are revoked: ${JSON.stringify(first.revoked)}`);
    assert.ok(first.partitions().every((p) => original.includes(p)));
    assert.deepEqual(second.values, [], 'the newcomer starts after what the first member committed');

    const after = await produce(topic, 'd', SECOND_RUN);
    await consumedAll([first, second], [...before, ...after]);
  });

  it('a pattern subscription picks up matching topics created later, at the next metadata refresh', async function () {
    const group = 'mr-pattern-group';
    await createTopic('pat-a');
    await createTopic('unrelated');
    const watcher = member(group, /^pat-/, { metadataMaxAgeMs: 500 });
    await eventually(async () => watcher.consumer.subscription(), (topics) => topics.join() === 'pat-a', WAIT_MS, String);
    await split([watcher], PARTITIONS);
    const first = await produce('pat-a', 'p', 100);
    await produce('unrelated', 'u', 100);
    await consumedAll([watcher], first);

    await createTopic('pat-b');
    await eventually(async () => watcher.partitions().length, (n) => n === 2 * PARTITIONS, WAIT_MS, String);
    assert.deepEqual(watcher.consumer.subscription(), ['pat-a', 'pat-b']);
    const second = await produce('pat-b', 'q', 100);
    await consumedAll([watcher], [...first, ...second]);
  });

  it('shares a group with a kcat -G (librdkafka) consumer using the range assignor', async function () {
    requireTool('kcat', 'apt-get install kcat');
    const topic = 'mr-kcat';
    const group = 'mr-kcat-group';
    await createTopic(topic);
    const kcatMember = new KcatMember(broker.bootstrap, group, topic);
    try {
      const millrace = member(group, topic, { partitionAssignmentStrategy: ['range'] });
      await eventually(
        async () => millrace.partitions(),
        (p) => p.length === PARTITIONS / 2,
        WAIT_MS,
        (p) => JSON.stringify(p),
      );
      const ours = millrace.partitions();
      assert.ok(['0,1', '2,3'].includes(ours.join(',')), `range gives each member a contiguous half, got ${ours}`);
      const values = await produce(topic, 'k', FIRST_RUN);
      const both = {
        get values(): string[] {
          return [...millrace.values, ...kcatMember.messages().map((m) => m.value)];
        },
      };
      await consumedAll([both], values);
      const kcatPartitions = new Set(kcatMember.messages().map((m) => m.partition));
      assert.ok([...kcatPartitions].every((p) => !ours.includes(p)), `kcat read ${[...kcatPartitions]}, Millrace owns ${ours}`);
      assert.ok([...millrace.partitionsSeen].every((p) => ours.includes(p)));
    } finally {
      await kcatMember.stop();
    }
  });
});
