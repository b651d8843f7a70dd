import assert from 'node:assert/strict';
import { StringDecoder } from 'node:string_decoder';
import kafkajs from 'kafkajs';
import type { Admin } from 'kafkajs';
import { cleanup, printBrokerOutputOnFailure, startBroker } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { PYTHON, eventually, requirePythonKafka, size, startTool } from '../support/tools.js';

const { Kafka, logLevel } = kafkajs;

const PARTITIONS = 2;
const MESSAGES = size(3_000, 50_000);

/**
 * A confluent-kafka group consumer that commits every message synchronously and reports, flushed line by line:
 * `R <partition> <offset> <value>` when it takes a message, `C <partition> <offset> <value>` once its commit was
 * acknowledged, `F <value>` when the commit failed. It rides out a broker crash and exits 0 once every one of
 * TOTAL values was committed.
 */
const CONSUMER = `
import sys, time
from confluent_kafka import Consumer, KafkaException
bootstrap, group, topic, total = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
consumer = Consumer({
    "bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
    "enable.auto.commit": False, "session.timeout.ms": 6000, "heartbeat.interval.ms": 500,
    "reconnect.backoff.ms": 100, "reconnect.backoff.max.ms": 500,
})
consumer.subscribe([topic])
committed = set()
deadline = time.monotonic() + 240
while len(committed) < total:
    if time.monotonic() > deadline:
        raise SystemExit("gave up with %d of %d committed" % (len(committed), total))
    message = consumer.poll(0.2)
    if message is None or message.error():
        continue
    value = message.value().decode()
    where = "%d %d %s" % (message.partition(), message.offset(), value)
    print("R " + where, flush=True)
    try:
        consumer.commit(message=message, asynchronous=False)
    except KafkaException as error:
        print("F %s %s" % (value, error), flush=True)
        continue
    committed.add(value)
    print("C " + where, flush=True)
consumer.close()
`;

describe('consumer groups across a broker crash (kill -9)', function () {
  this.timeout(size(240_000, 1_800_000));
  let broker: BrokerHandle;

  before(async function () {
    requirePythonKafka();
    broker = await startBroker({ props: { 'group.initial.rebalance.delay.ms': '0' } });
  });

  after(async function () {
    try {
      if (broker?.running) await broker.stop();
    } finally {
      await cleanup();
    }
  });

  printBrokerOutputOnFailure(() => broker);

  async function withAdmin<T>(use: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = new Kafka({ clientId: 'groups-crash-it', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      return await use(admin);
    } finally {
      await admin.disconnect();
    }
  }

  it('committed offsets survive; the group rejoins and no committed message is delivered again', async function () {
    const topic = 'crash-groups';
    const group = 'crash-group';
    const values: string[] = [];
    await withAdmin(async (admin) => {
      await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
    });
    const producer = new Kafka({ clientId: 'groups-crash-producer', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    for (let start = 0; start < MESSAGES; start += 1_000) {
      const messages = [];
      for (let i = start; i < Math.min(MESSAGES, start + 1_000); i++) {
        values.push(`c${i}`);
        messages.push({ partition: i % PARTITIONS, value: `c${i}` });
      }
      await producer.send({ topic, acks: -1, messages });
    }
    await producer.disconnect();

    const consumer = startTool(PYTHON, ['-c', CONSUMER, broker.bootstrap, group, topic, String(MESSAGES)], 300_000);
    consumer.stdin.end();
    let output = '';
    const decoder = new StringDecoder('utf8');
    consumer.child.stdout!.on('data', (chunk: Buffer) => {
      output += decoder.write(chunk);
    });
    const commitLines = () => output.split('\n').filter((line) => line.startsWith('C '));

    await eventually(async () => commitLines().length, (n) => n >= MESSAGES / 3, 120_000, (n) => `${n} commits before the crash`);
    await broker.kill9();
    assert.ok(commitLines().length < MESSAGES, 'the crash landed while the group was consuming');
    const committedBeforeCrash = new Array<number>(PARTITIONS).fill(-1);
    for (const line of commitLines()) {
      const [, partition, offset] = line.split(' ');
      committedBeforeCrash[Number(partition)] = Math.max(committedBeforeCrash[Number(partition)]!, Number(offset) + 1);
    }
    await broker.start();

    const afterRestart = await withAdmin(async (admin) => {
      const [entry] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return entry!.partitions.sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
    });
    for (let p = 0; p < PARTITIONS; p++) {
      assert.ok(afterRestart[p]! >= committedBeforeCrash[p]!, `partition ${p}: ${afterRestart[p]} committed after the restart, ${committedBeforeCrash[p]} acknowledged before the crash`);
    }

    const result = await consumer.result;
    assert.equal(result.code, 0, `the consumer did not finish: ${result.stderr.slice(-4000)}\n${output.slice(-2000)}`);
    const committedValues = new Set<string>();
    const redelivered: string[] = [];
    for (const line of output.split('\n')) {
      const [kind, , , value] = line.split(' ');
      if (kind === 'C') committedValues.add(value!);
      if (kind === 'R' && committedValues.has(value!)) redelivered.push(value!);
    }
    assert.deepEqual(redelivered, [], 'a message whose commit was acknowledged came back');
    assert.deepEqual(committedValues, new Set(values));
    assert.match(broker.logs(), /completed its join phase/, 'the group rejoined the restarted broker');
    const final = await withAdmin(async (admin) => {
      const [entry] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return entry!.partitions.map((p) => Number(p.offset)).reduce((sum, o) => sum + o, 0);
    });
    assert.equal(final, MESSAGES, 'the committed offsets end at the log end');
  });
});
