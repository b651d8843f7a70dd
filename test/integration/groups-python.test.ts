import assert from 'node:assert/strict';
import kafkajs from 'kafkajs';
import type { Admin, Producer } from 'kafkajs';
import { cleanup, printBrokerOutputOnFailure, startBroker } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { PYTHON, assertSucceeded, requirePythonKafka, size, startTool } from '../support/tools.js';

const { Kafka, logLevel } = kafkajs;

const PARTITIONS = 3;
const MESSAGES = size(1_000, 20_000);

/**
 * A confluent-kafka group consumer: takes up to LIMIT messages, committing each synchronously after taking it,
 * then keeps polling for LINGER seconds (anything arriving then is taken too, so a test sees extras), closes
 * and prints the values as JSON.
 */
const CONSUMER = `
import json, sys, time
from confluent_kafka import Consumer
bootstrap, group, topic, limit, linger = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
consumer = Consumer({
    "bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
    "enable.auto.commit": False, "session.timeout.ms": 6000, "heartbeat.interval.ms": 500,
})
consumer.subscribe([topic])
taken = []
deadline = time.monotonic() + 120
linger_until = None
while time.monotonic() < deadline:
    if linger_until is not None and time.monotonic() > linger_until:
        break
    message = consumer.poll(0.2)
    if message is None:
        continue
    if message.error():
        raise SystemExit("consumer error: %s" % message.error())
    taken.append(message.value().decode())
    consumer.commit(message=message, asynchronous=False)
    if len(taken) >= limit and linger_until is None:
        if linger == 0:
            break
        linger_until = time.monotonic() + linger
consumer.close()
print(json.dumps(taken))
`;

describe('consumer groups with python3-confluent-kafka', function () {
  this.timeout(size(180_000, 900_000));
  let broker: BrokerHandle;
  let admin: Admin;
  let producer: Producer;

  before(async function () {
    requirePythonKafka();
    broker = await startBroker({ props: { 'group.initial.rebalance.delay.ms': '0' } });
    const kafka = new Kafka({ clientId: 'groups-python-it', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
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

  async function consume(group: string, topic: string, limit: number, lingerSeconds: number): Promise<string[]> {
    const run = startTool(PYTHON, ['-c', CONSUMER, broker.bootstrap, group, topic, String(limit), String(lingerSeconds)], 180_000);
    run.stdin.end();
    const result = await run.result;
    assertSucceeded(result, 'the python group consumer');
    return JSON.parse(result.stdout.toString()) as string[];
  }

  it('a consumer commits as it goes; a second member of the group resumes exactly where it stopped', async function () {
    const topic = 'python-groups';
    const group = 'python-group';
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
    const values: string[] = [];
    for (let start = 0; start < MESSAGES; start += 500) {
      const messages = [];
      for (let i = start; i < Math.min(MESSAGES, start + 500); i++) {
        values.push(`p${i}`);
        messages.push({ partition: i % PARTITIONS, value: `p${i}` });
      }
      await producer.send({ topic, acks: -1, messages });
    }

    const first = await consume(group, topic, Math.floor(MESSAGES / 3), 0);
    assert.equal(first.length, Math.floor(MESSAGES / 3));
    const second = await consume(group, topic, MESSAGES - first.length, 2);
    assert.equal(new Set(second).size, second.length, 'the second consumer got nothing twice');
    const taken = new Set(first);
    const overlap = second.filter((v) => taken.has(v));
    assert.deepEqual(overlap, [], 'nothing the first consumer committed was delivered again');
    assert.equal(first.length + second.length, MESSAGES);
    assert.deepEqual(new Set([...first, ...second]), new Set(values));
  });
});
