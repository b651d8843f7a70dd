import assert from 'node:assert/strict';
import { StringDecoder } from 'node:string_decoder';
import kafkajs from 'kafkajs';
import type { Admin, Producer } from 'kafkajs';
import { cleanup, printBrokerOutputOnFailure, startBroker } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { eventually, requireTool, size, startKcat } from '../support/tools.js';
import type { RunningTool } from '../support/tools.js';

const { Kafka, AssignerProtocol, logLevel } = kafkajs;

const PARTITIONS = 4;
const FIRST_RUN = size(2_000, 100_000);
const SECOND_RUN = size(500, 20_000);
const CONSUMER_TIMEOUT_MS = size(120_000, 900_000);

/** A kcat balanced consumer (`-G`) printing `partition offset value` per message, committing every 100 ms. */
class GroupConsumer {
  readonly #tool: RunningTool;
  #text = '';

  constructor(bootstrap: string, group: string, topic: string) {
    this.#tool = startKcat(
      [
        '-b', bootstrap, '-G', group,
        '-X', 'auto.offset.reset=earliest',
        '-X', 'enable.auto.commit=true',
        '-X', 'auto.commit.interval.ms=100',
        '-X', 'heartbeat.interval.ms=500',
        '-f', '%p %o %s\\n', '-u', topic,
      ],
      CONSUMER_TIMEOUT_MS,
    );
    const decoder = new StringDecoder('utf8');
    this.#tool.child.stdout!.on('data', (chunk: Buffer) => {
      this.#text += decoder.write(chunk);
    });
  }

  /** Complete lines so far, as [partition, value]. */
  messages(): [number, string][] {
    const lines = this.#text.split('\n');
    lines.pop();
    return lines.map((line) => {
      const [partition, , value] = line.split(' ');
      return [Number(partition), value!];
    });
  }

  /** SIGTERM: kcat commits what it consumed and leaves the group; it must exit 0. */
  async stop(): Promise<void> {
    this.#tool.child.kill('SIGTERM');
    const result = await this.#tool.result;
    assert.equal(result.code, 0, `kcat exited with ${result.code} (${result.signal}); stderr:\n${result.stderr.slice(-4000)}`);
  }
}

describe('consumer groups with kcat -G (balanced consumer)', function () {
  this.timeout(size(240_000, 1_800_000));
  let broker: BrokerHandle;
  let admin: Admin;
  let producer: Producer;

  before(async function () {
    requireTool('kcat', 'apt-get install kcat');
    broker = await startBroker({ props: { 'group.initial.rebalance.delay.ms': '0', 'offsets.topic.num.partitions': '5' } });
    const kafka = new Kafka({ clientId: 'groups-kcat-it', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
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

  async function produce(topic: string, from: number, count: number): Promise<string[]> {
    const values: string[] = [];
    for (let start = from; start < from + count; start += 1_000) {
      const messages = [];
      for (let i = start; i < Math.min(from + count, start + 1_000); i++) {
        values.push(`m${i}`);
        messages.push({ partition: i % PARTITIONS, value: `m${i}` });
      }
      await producer.send({ topic, acks: -1, messages });
    }
    return values;
  }

  /** Partitions per member of a stable group, from DescribeGroups and the members' consumer-protocol assignments. */
  async function assignments(group: string): Promise<{ state: string; members: number[][] }> {
    const described = (await admin.describeGroups([group])).groups[0]!;
    const members = described.members.map((m) => {
      const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      return Object.values(decoded?.assignment ?? {}).flat().sort();
    });
    return { state: described.state, members };
  }

  async function committed(group: string, topic: string): Promise<number[]> {
    const [entry] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return entry!.partitions.sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
  }

  it(`two members split ${PARTITIONS} partitions and commit; a restarted member resumes after the committed offsets`, async function () {
    const topic = 'kcat-groups';
    const group = 'kcat-group';
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });

    const first = new GroupConsumer(broker.bootstrap, group, topic);
    const second = new GroupConsumer(broker.bootstrap, group, topic);
    const split = await eventually(
      () => assignments(group),
      (a) => a.state === 'Stable' && a.members.length === 2 && a.members.every((m) => m.length === PARTITIONS / 2),
      60_000,
      (a) => JSON.stringify(a),
    );
    assert.deepEqual(split.members.flat().sort(), [0, 1, 2, 3], 'every partition assigned once');

    const values = await produce(topic, 0, FIRST_RUN);
    await eventually(
      async () => new Set([...first.messages(), ...second.messages()].map(([, v]) => v)).size,
      (seen) => seen === FIRST_RUN,
      60_000,
      (seen) => `${seen} of ${FIRST_RUN} consumed`,
    );
    const perMember = [first.messages(), second.messages()].map((ms) => [...new Set(ms.map(([p]) => p))].sort());
    assert.deepEqual(perMember.sort(), split.members.sort(), 'each member consumed exactly its assigned partitions');
    const all = [...first.messages(), ...second.messages()].map(([, v]) => v);
    assert.equal(all.length, FIRST_RUN, 'no message was delivered twice');
    assert.deepEqual(new Set(all), new Set(values));

    const ends = Array.from({ length: PARTITIONS }, (_, p) => Math.ceil((FIRST_RUN - p) / PARTITIONS));
    await eventually(() => committed(group, topic), (offsets) => offsets.join() === ends.join(), 30_000, (o) => `${o} (want ${ends})`);
    await Promise.all([first.stop(), second.stop()]);
    assert.deepEqual(await committed(group, topic), ends, 'the clean stop kept the commits at the log end');
    await eventually(async () => (await admin.describeGroups([group])).groups[0]!.state, (s) => s === 'Empty', 30_000);

    const later = await produce(topic, FIRST_RUN, SECOND_RUN);
    const resumed = new GroupConsumer(broker.bootstrap, group, topic);
    await eventually(
      async () => resumed.messages().length,
      (n) => n >= SECOND_RUN,
      60_000,
      (n) => `${n} of ${SECOND_RUN} consumed after the restart`,
    );
    // Anything re-read from before the commits would arrive with or right after the new messages.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await resumed.stop();
    const again = resumed.messages().map(([, v]) => v);
    const expected = new Set(later);
    assert.equal(again.length, SECOND_RUN, `exactly the new messages; extra: ${again.filter((v) => !expected.has(v)).slice(0, 10)}`);
    assert.deepEqual(new Set(again), expected);
  });
});
