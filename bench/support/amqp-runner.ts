/**
 * Drives RabbitMQ with amqplib (the fastest AMQP 0-9-1 client installable here) in a process of its own:
 * `node dist/bench/support/amqp-runner.js produce|consume --bootstrap amqp://… --topic <queue> --messages N --size B …`
 * (arguments and result file: `runner-protocol.ts`; `--topic` names the queue). Produce: persistent messages to a
 * durable queue on a confirm channel, with at most `CONFIRM_WINDOW` unconfirmed. Consume: manual acks, prefetch
 * `PREFETCH`, one cumulative ack per `ACK_EVERY` messages.
 */
import { importOptional } from './optional-module.js';
import { InputChunks } from './input-chunks.js';
import { RunClock, RunnerOperation, runRunner } from './runner-protocol.js';
import type { RunnerArgs, RunnerResult } from './runner-protocol.js';

const CONFIRM_WINDOW = 10_000;
const CHUNK_MESSAGES = 1000;
const PREFETCH = 5000;
const ACK_EVERY = 1000;

interface AmqpMessage {
  content: Buffer;
}
interface AmqpChannel {
  assertQueue(queue: string, options: { durable: boolean }): Promise<unknown>;
  publish(exchange: string, queue: string, content: Buffer, options: { persistent: boolean },
    callback: (error: unknown) => void): boolean;
  once(event: 'drain', listener: () => void): unknown;
  prefetch(count: number): Promise<unknown>;
  consume(queue: string, onMessage: (message: AmqpMessage | null) => void, options: { noAck: boolean }): Promise<unknown>;
  ack(message: AmqpMessage, allUpTo: boolean): void;
  close(): Promise<void>;
}
interface AmqpConnection {
  createConfirmChannel(): Promise<AmqpChannel>;
  createChannel(): Promise<AmqpChannel>;
  close(): Promise<void>;
}
interface Amqplib {
  connect(url: string): Promise<AmqpConnection>;
}

async function produce(args: RunnerArgs, clock: RunClock): Promise<RunnerResult> {
  const amqp = (await importOptional('amqplib')) as Amqplib;
  const connection = await amqp.connect(args.bootstrap);
  const input = new InputChunks(args.input as string, args.messages, args.size, CHUNK_MESSAGES);
  let confirmed = 0;
  let published = 0;
  let valueBytes = 0;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const onConfirm = (error: unknown): void => {
    if (error !== null && error !== undefined) failure ??= error;
    confirmed++;
    if (wake !== undefined && (published - confirmed < CONFIRM_WINDOW || confirmed === published)) {
      const resume = wake;
      wake = undefined;
      resume();
    }
  };
  const waitUntil = (condition: () => boolean): Promise<void> =>
    condition() ? Promise.resolve() : new Promise<void>((resolve) => {
      wake = resolve;
    });
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(args.topic, { durable: true });
    for (let values = input.next(); values !== undefined; values = input.next()) {
      for (const value of values) {
        valueBytes += value.length;
        published++;
        if (!channel.publish('', args.topic, value, { persistent: true }, onConfirm)) {
          await new Promise<void>((resolve) => channel.once('drain', resolve));
        }
      }
      await waitUntil(() => published - confirmed < CONFIRM_WINDOW);
      if (failure !== undefined) throw failure;
    }
    await waitUntil(() => confirmed === published);
    if (failure !== undefined) throw failure;
    clock.done();
    await channel.close();
  } finally {
    input.close();
    await connection.close();
  }
  return {
    messages: confirmed,
    valueBytes,
    offsetGaps: 0,
    ...clock.finish(),
    usage: `amqplib confirm channel, persistent publish to the default exchange, at most ${CONFIRM_WINDOW.toLocaleString('en-US')} unconfirmed`,
  };
}

async function consume(args: RunnerArgs, clock: RunClock): Promise<RunnerResult> {
  const amqp = (await importOptional('amqplib')) as Amqplib;
  const connection = await amqp.connect(args.bootstrap);
  let received = 0;
  let valueBytes = 0;
  try {
    const channel = await connection.createChannel();
    await channel.assertQueue(args.topic, { durable: true });
    await channel.prefetch(PREFETCH);
    await new Promise<void>((resolve, reject) => {
      channel.consume(args.topic, (message) => {
        if (message === null) {
          reject(new Error('the broker cancelled the consumer'));
          return;
        }
        received++;
        valueBytes += message.content.length;
        if (received % ACK_EVERY === 0 || received === args.messages) channel.ack(message, true);
        if (received === args.messages) resolve();
      }, { noAck: false }).catch(reject);
    });
    clock.done();
    await channel.close();
  } finally {
    await connection.close();
  }
  return {
    messages: received,
    valueBytes,
    offsetGaps: 0,
    ...clock.finish(),
    usage: `amqplib consume with manual acks, prefetch ${PREFETCH}, one cumulative ack per ${ACK_EVERY}`,
  };
}

await runRunner((args) => {
  const clock = new RunClock();
  return args.operation === RunnerOperation.PRODUCE ? produce(args, clock) : consume(args, clock);
});
