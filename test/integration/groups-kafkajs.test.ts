import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import { pathToFileURL } from 'node:url';
import kafkajs from 'kafkajs';
import type { Admin, Consumer, ConsumerConfig, Kafka as KafkaClient, Producer } from 'kafkajs';
import { cleanup, printBrokerOutputOnFailure, startBroker } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { eventually, size, startTool } from '../support/tools.js';
import type { RunningTool } from '../support/tools.js';

const { Kafka, logLevel } = kafkajs;

const PARTITIONS = 6;
const N = size(3_000, 30_000);
const M = size(300, 3_000);

/** Short sessions and polls so that rebalances after a leave or a crash take seconds, not the defaults' minutes. */
const MEMBER_CONFIG = { sessionTimeout: 6_000, rebalanceTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 250 } as const;

/**
 * A member in its own process, so that the test can kill it with SIGKILL: no LeaveGroup, no last commit, the
 * coordinator only notices when its session times out. It prints `partition offset value` per message.
 */
const CHILD_MEMBER = `
const [kafkajsUrl, bootstrap, groupId, topic, config] = process.argv.slice(1);
const { default: kafkajs } = await import(kafkajsUrl);
const kafka = new kafkajs.Kafka({ clientId: 'child-member', brokers: [bootstrap], logLevel: kafkajs.logLevel.NOTHING });
const consumer = kafka.consumer({ groupId, ...JSON.parse(config) });
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
await consumer.run({
  eachMessage: async ({ partition, message }) => {
    process.stdout.write(partition + ' ' + message.offset + ' ' + message.value.toString() + '\\n');
  },
});
`;

const KAFKAJS_URL = pathToFileURL(createRequire(import.meta.url).resolve('kafkajs')).href;

class ChildMember {
  readonly #tool: RunningTool;
  #text = '';

  constructor(bootstrap: string, groupId: string, topic: string) {
    this.#tool = startTool(process.execPath, ['--input-type=module', '-e', CHILD_MEMBER, KAFKAJS_URL, bootstrap, groupId, topic, JSON.stringify(MEMBER_CONFIG)], 600_000);
    const decoder = new StringDecoder('utf8');
    this.#tool.child.stdout!.on('data', (chunk: Buffer) => {
      this.#text += decoder.write(chunk);
    });
  }

  values(): string[] {
    const lines = this.#text.split('\n');
    lines.pop();
    return lines.map((line) => line.split(' ')[2]!);
  }

  async kill(): Promise<void> {
    this.#tool.child.kill('SIGKILL');
    const result = await this.#tool.result;
    assert.equal(result.signal, 'SIGKILL', `the child member ended on its own (code ${result.code}); stderr:\n${result.stderr.slice(-4000)}`);
  }
}

/** An in-process member recording what it consumed. */
async function startMember(kafka: KafkaClient, groupId: string, topic: string, seen: string[]): Promise<Consumer> {
  const config: ConsumerConfig = { groupId, ...MEMBER_CONFIG };
  const consumer = kafka.consumer(config);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push(message.value!.toString());
    },
  });
  return consumer;
}

describe('consumer groups with kafkajs 2.2.4', function () {
  this.timeout(size(240_000, 1_800_000));
  let broker: BrokerHandle;
  let kafka: KafkaClient;
  let admin: Admin;
  let producer: Producer;
  const consumers: Consumer[] = [];

  before(async function () {
    broker = await startBroker({ props: { 'group.initial.rebalance.delay.ms': '0', 'group.min.session.timeout.ms': '1000' } });
    kafka = new Kafka({ clientId: 'groups-kafkajs-it', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100 } });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
  });

  after(async function () {
    try {
      for (const consumer of consumers) await consumer.disconnect();
      await producer?.disconnect();
      await admin?.disconnect();
      if (broker?.running) await broker.stop();
    } finally {
      await cleanup();
    }
  });

  printBrokerOutputOnFailure(() => broker);

  async function produce(topic: string, from: number, count: number, between?: (sent: number) => Promise<void>): Promise<string[]> {
    const values: string[] = [];
    const chunk = Math.max(1, Math.floor(count / 30));
    for (let start = from; start < from + count; start += chunk) {
      const messages = [];
      for (let i = start; i < Math.min(from + count, start + chunk); i++) {
        values.push(`v${i}`);
        messages.push({ partition: i % PARTITIONS, value: `v${i}` });
      }
      await producer.send({ topic, acks: -1, messages });
      await between?.(values.length);
    }
    return values;
  }

  async function describe(groupId: string): Promise<{ state: string; members: number }> {
    const group = (await admin.describeGroups([groupId])).groups[0]!;
    return { state: group.state, members: group.members.length };
  }

  async function lag(groupId: string, topic: string): Promise<number> {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    let total = 0;
    for (const end of ends) {
      const offset = Number(committed!.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
      total += Number(end.high) - Math.max(offset, 0);
    }
    return total;
  }

  it(`three members over ${PARTITIONS} partitions lose nothing when one leaves and one dies; a fresh member reads exactly what came after`, async function () {
    const topic = 'kafkajs-groups';
    const groupId = 'kafkajs-group';
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });

    const seenA: string[] = [];
    const seenB: string[] = [];
    const a = await startMember(kafka, groupId, topic, seenA);
    const b = await startMember(kafka, groupId, topic, seenB);
    consumers.push(b);
    const c = new ChildMember(broker.bootstrap, groupId, topic);
    await eventually(() => describe(groupId), (d) => d.state === 'Stable' && d.members === 3, 60_000, (d) => JSON.stringify(d));

    let aStopped = false;
    let cKilled = false;
    const values = await produce(topic, 0, N, async (sent) => {
      if (!aStopped && sent >= N / 3) {
        aStopped = true;
        await a.disconnect();
      }
      if (!cKilled && sent >= (2 * N) / 3) {
        cKilled = true;
        await c.kill();
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    assert.ok(aStopped && cKilled);

    const consumed = () => new Set([...seenA, ...seenB, ...c.values()]);
    await eventually(async () => consumed().size, (n) => n === N, 90_000, (n) => `${n} of ${N} consumed`);
    assert.deepEqual(consumed(), new Set(values), 'every message reached some member');
    assert.ok(seenA.length > 0 && c.values().length > 0 && seenB.length > 0, 'all three members took part');
    await eventually(() => lag(groupId, topic), (l) => l === 0, 30_000, (l) => `lag ${l}`);

    await b.disconnect();
    consumers.splice(consumers.indexOf(b), 1);
    await eventually(() => describe(groupId), (d) => d.state === 'Empty', 30_000, (d) => JSON.stringify(d));

    const later = await produce(topic, N, M);
    const seenD: string[] = [];
    const d = await startMember(kafka, groupId, topic, seenD);
    consumers.push(d);
    await eventually(async () => seenD.length, (n) => n >= M, 60_000, (n) => `${n} of ${M} consumed by the fresh member`);
    // Anything re-read from before the commits would arrive with or right after the new messages.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const expected = new Set(later);
    assert.equal(seenD.length, M, `exactly the ${M} new messages; extra: ${seenD.filter((v) => !expected.has(v)).slice(0, 10)}`);
    assert.deepEqual(new Set(seenD), expected);
  });
});
