/**
 * Drives Millrace's own `Producer` or `Consumer` for `bench/client.ts`, in a process of its own:
 * `node dist/bench/support/millrace-runner.js produce|consume --bootstrap … --topic … --messages N --size B …`
 * (arguments and result file: `runner-protocol.ts`). Like an application, it loads only the client it uses, so
 * start-up time and memory are those of the producer or the consumer alone; loading counts as start-up, not work.
 */
import type { ProducerRecord } from '../../src/client/producer/producer.js';
import type { RecordMetadata } from '../../src/client/producer/record-completions.js';
import { ConsumeTally } from './consume-tally.js';
import { InputChunks } from './input-chunks.js';
import { RunClock, RunnerOperation, runRunner } from './runner-protocol.js';
import type { RunnerArgs, RunnerResult } from './runner-protocol.js';

/** Records per `sendBatch` call: the same 10,000 as the kafkajs runner's `send`. */
const CHUNK_MESSAGES = 10_000;
/**
 * `sendBatch` calls outstanding at once. The producer batches across calls (linger.ms, batch.size), so the window
 * only has to keep enough records queued for a full batch per partition and several requests in flight, while
 * bounding how many record objects the application holds (8 × 10,000 × 100 B ≈ 8 MB, under buffer.memory).
 */
const WINDOW = 8;
const POLL_TIMEOUT_MS = 1000;

async function produce(args: RunnerArgs): Promise<RunnerResult> {
  const { Producer } = await import('../../src/client/producer/producer.js');
  const clock = new RunClock();
  const producer = new Producer({
    bootstrapServers: args.bootstrap,
    clientId: 'millrace-bench-producer',
    acks: 1,
    lingerMs: 5,
    batchSize: 1_000_000,
    compression: 'none',
  });
  const input = new InputChunks(args.input as string, args.messages, args.size, CHUNK_MESSAGES);
  const window: Promise<RecordMetadata[]>[] = [];
  let acknowledged = 0;
  let valueBytes = 0;
  const settle = (metadata: RecordMetadata[]): void => {
    acknowledged += metadata.length;
  };
  try {
    await producer.connect();
    for (let values = input.next(); values !== undefined; values = input.next()) {
      const records = new Array<ProducerRecord>(values.length);
      for (let i = 0; i < values.length; i++) {
        const value = values[i] as Buffer;
        valueBytes += value.length;
        records[i] = { topic: args.topic, value };
      }
      window.push(producer.sendBatch(records));
      if (window.length >= WINDOW) settle(await (window.shift() as Promise<RecordMetadata[]>));
    }
    for (const pending of window) settle(await pending);
    clock.done();
  } finally {
    input.close();
    await producer.close();
  }
  return {
    messages: acknowledged,
    valueBytes,
    offsetGaps: 0,
    ...clock.finish(),
    usage: `sendBatch() of ${CHUNK_MESSAGES.toLocaleString('en-US')} records, up to ${WINDOW} calls outstanding; ` +
      'acks=1 lingerMs=5 batchSize=1000000 compression=none',
  };
}

async function consume(args: RunnerArgs): Promise<RunnerResult> {
  const { Consumer } = await import('../../src/client/consumer/consumer.js');
  const clock = new RunClock();
  const consumer = new Consumer({
    bootstrapServers: args.bootstrap,
    clientId: 'millrace-bench-consumer',
    groupId: args.group ?? null,
    autoOffsetReset: 'earliest',
  });
  const tally = new ConsumeTally();
  try {
    if (args.group === undefined) consumer.assign(await consumer.partitionsFor(args.topic));
    else consumer.subscribe([args.topic]);
    while (tally.messages < args.messages) {
      const records = await consumer.poll(POLL_TIMEOUT_MS);
      for (const record of records) tally.add(record.partition, record.offset, record.value);
    }
    clock.done();
  } finally {
    await consumer.close();
  }
  return {
    messages: tally.messages,
    valueBytes: tally.valueBytes,
    offsetGaps: tally.offsetGaps,
    ...clock.finish(),
    usage: (args.group === undefined ? 'assign(every partition)' : 'subscribe() in a fresh group') +
      `, poll(${POLL_TIMEOUT_MS}) loop; autoOffsetReset=earliest, other options default`,
  };
}

await runRunner((args) => (args.operation === RunnerOperation.PRODUCE ? produce(args) : consume(args)));
