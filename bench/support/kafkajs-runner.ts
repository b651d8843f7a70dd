/**
 * Drives kafkajs 2.2.4's producer or group consumer for `bench/client.ts`, in a process of its own:
 * `node dist/bench/support/kafkajs-runner.js produce|consume --bootstrap … --topic … --messages N --size B …`
 * (arguments and result file: `runner-protocol.ts`).
 */
import kafkajs from 'kafkajs';
import type { Message } from 'kafkajs';
import { ConsumeTally } from './consume-tally.js';
import { InputChunks } from './input-chunks.js';
import { RunClock, RunnerOperation, runRunner } from './runner-protocol.js';
import type { RunnerArgs, RunnerResult } from './runner-protocol.js';

const { CompressionTypes, Kafka, Partitioners, logLevel } = kafkajs;

/**
 * Messages per `producer.send()`. kafkajs has no linger or batch size: each `send` becomes one Produce request
 * (per broker) with one batch per partition holding all its messages, and it is awaited before the next, as
 * kafkajs's documentation shows. kafkajs is CPU-bound here and its cost per message grows with the size of a send
 * (300,000 × 100 B on 1 partition: 2.3 s at 1,000 per send, 3.0 s at 3,000, 4.4 s at 9,000; more sends in flight
 * change nothing), so it gets its best size rather than the others' ~1 MB batches. 10,000 would not even be
 * accepted on 1 partition: a ~1.09 MB batch is above the broker's default message.max.bytes (1,048,588).
 */
const SEND_MESSAGES = 1_000;

function client(args: RunnerArgs, clientId: string): InstanceType<typeof Kafka> {
  return new Kafka({ clientId, brokers: [args.bootstrap], logLevel: logLevel.ERROR });
}

async function produce(args: RunnerArgs): Promise<RunnerResult> {
  const clock = new RunClock();
  // The default partitioner, named explicitly only to silence kafkajs 2's warning about its change in v2.
  const producer = client(args, 'kafkajs-bench-producer').producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  const input = new InputChunks(args.input as string, args.messages, args.size, SEND_MESSAGES);
  let acknowledged = 0;
  let valueBytes = 0;
  try {
    await producer.connect();
    for (let values = input.next(); values !== undefined; values = input.next()) {
      const messages = new Array<Message>(values.length);
      for (let i = 0; i < values.length; i++) {
        const value = values[i] as Buffer;
        valueBytes += value.length;
        messages[i] = { value };
      }
      await producer.send({ topic: args.topic, acks: 1, compression: CompressionTypes.None, messages });
      acknowledged += messages.length;
    }
    clock.done();
  } finally {
    input.close();
    await producer.disconnect();
  }
  return {
    messages: acknowledged,
    valueBytes,
    offsetGaps: 0,
    ...clock.finish(),
    usage: `await send() of ${SEND_MESSAGES.toLocaleString('en-US')} messages at a time; acks=1, no compression, ` +
      'DefaultPartitioner',
  };
}

async function consume(args: RunnerArgs): Promise<RunnerResult> {
  if (args.group === undefined) throw new TypeError('the kafkajs runner consumes in a group only: pass --group');
  const clock = new RunClock();
  const consumer = client(args, 'kafkajs-bench-consumer').consumer({ groupId: args.group });
  const tally = new ConsumeTally();
  let received!: () => void;
  let crashed!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    received = resolve;
    crashed = reject;
  });
  // kafkajs reports a failed run() only as an event; without this a crash would wait for the runner's timeout.
  consumer.on(consumer.events.CRASH, ({ payload }) => crashed(payload.error));
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [args.topic], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const { partition } = batch;
        for (const message of batch.messages) tally.add(partition, Number(message.offset), message.value);
        if (tally.messages >= args.messages) {
          clock.done();
          received();
        }
      },
    });
    await done;
  } finally {
    await consumer.disconnect();
  }
  return {
    messages: tally.messages,
    valueBytes: tally.valueBytes,
    offsetGaps: tally.offsetGaps,
    ...clock.finish(),
    usage: 'a fresh group, subscribe(fromBeginning) + run({ eachBatch }), other options default',
  };
}

await runRunner((args) => (args.operation === RunnerOperation.PRODUCE ? produce(args) : consume(args)));
