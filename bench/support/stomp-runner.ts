/**
 * Drives ActiveMQ over STOMP with stompit (Node, the fastest STOMP client installable here) in a process of its own:
 * `node dist/bench/support/stomp-runner.js produce|consume --bootstrap 127.0.0.1:PORT --topic <queue> --messages N …`
 * (arguments and result file: `runner-protocol.ts`; `--topic` names the queue). Produce: persistent SENDs, a receipt
 * requested on every `RECEIPT_EVERY`-th, at most `RECEIPT_WINDOW` receipts outstanding. A receipt per message would
 * make the broker fsync once per message on the connection (~1,000 msg/s here). Consume: `ack: client`
 * (cumulative in ActiveMQ), prefetch `PREFETCH`, one ACK per `ACK_EVERY` messages.
 */
import { importOptional } from './optional-module.js';
import { InputChunks } from './input-chunks.js';
import { RunClock, RunnerOperation, runRunner } from './runner-protocol.js';
import type { RunnerArgs, RunnerResult } from './runner-protocol.js';

const RECEIPT_EVERY = 1000;
const RECEIPT_WINDOW = 10;
const CHUNK_MESSAGES = 1000;
const PREFETCH = 5000;
const ACK_EVERY = 1000;

export class StompRunnerError extends Error {
  readonly frame: string;

  constructor(frame: string, detail: string) {
    super(`STOMP ${frame}: ${detail}`);
    this.name = 'StompRunnerError';
    this.frame = frame;
  }
}

interface StompWritable {
  end(chunk: Buffer): void;
}
interface StompMessage {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}
interface StompClient {
  send(headers: Record<string, string | number>, options?: { onReceipt: () => void }): StompWritable;
  subscribe(headers: Record<string, string>, listener: (error: Error | null, message: StompMessage) => void): unknown;
  ack(message: StompMessage): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  disconnect(callback: (error: Error | null) => void): void;
}
interface Stompit {
  connect(options: { host: string; port: number; connectHeaders: Record<string, string> },
    callback: (error: Error | null, client: StompClient) => void): unknown;
}

async function connect(args: RunnerArgs): Promise<StompClient> {
  const stompit = (await importOptional('stompit')) as Stompit;
  const [host, port] = args.bootstrap.split(':');
  return new Promise((resolve, reject) => {
    stompit.connect({ host: host as string, port: Number(port), connectHeaders: { host: '/', 'heart-beat': '0,0' } },
      (error, client) => (error === null ? resolve(client) : reject(error)));
  });
}

const disconnect = (client: StompClient): Promise<void> =>
  new Promise((resolve, reject) => client.disconnect((error) => (error === null || error === undefined ? resolve() : reject(error))));

async function produce(args: RunnerArgs, clock: RunClock): Promise<RunnerResult> {
  const client = await connect(args);
  const input = new InputChunks(args.input as string, args.messages, args.size, CHUNK_MESSAGES);
  const destination = `/queue/${args.topic}`;
  let failure: Error | undefined;
  let receipts = 0;
  let requested = 0;
  let sent = 0;
  let valueBytes = 0;
  let wake: (() => void) | undefined;
  const resume = (): void => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  const onReceipt = (): void => {
    receipts++;
    resume();
  };
  client.on('error', (error) => {
    failure ??= error;
    resume();
  });
  const waitUntil = async (condition: () => boolean): Promise<void> => {
    while (!condition() && failure === undefined) await new Promise<void>((resolve) => { wake = resolve; });
    if (failure !== undefined) throw new StompRunnerError('SEND', failure.message);
  };
  const receipted = { onReceipt };
  try {
    for (let values = input.next(); values !== undefined; values = input.next()) {
      for (const value of values) {
        sent++;
        valueBytes += value.length;
        const last = sent === args.messages;
        const ask = sent % RECEIPT_EVERY === 0 || last;
        if (ask) requested++;
        client.send({ destination, persistent: 'true', 'content-length': value.length }, ask ? receipted : undefined).end(value);
      }
      await waitUntil(() => requested - receipts < RECEIPT_WINDOW);
    }
    await waitUntil(() => receipts === requested);
    clock.done();
  } finally {
    input.close();
    await disconnect(client);
  }
  return {
    messages: sent,
    valueBytes,
    offsetGaps: 0,
    ...clock.finish(),
    usage: `stompit, persistent SEND to /queue/<queue>, a receipt every ${RECEIPT_EVERY.toLocaleString('en-US')} ` +
      `with at most ${(RECEIPT_EVERY * RECEIPT_WINDOW).toLocaleString('en-US')} unreceipted`,
  };
}

async function consume(args: RunnerArgs, clock: RunClock): Promise<RunnerResult> {
  const client = await connect(args);
  let received = 0;
  let valueBytes = 0;
  const countBytes = (chunk: Buffer): void => {
    valueBytes += chunk.length;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      client.on('error', reject);
      client.subscribe({ destination: `/queue/${args.topic}`, ack: 'client', 'activemq.prefetchSize': String(PREFETCH) },
        (error, message) => {
          if (error !== null) {
            reject(error);
            return;
          }
          message.on('data', countBytes);
          message.on('end', () => {
            received++;
            if (received % ACK_EVERY === 0 || received === args.messages) client.ack(message);
            if (received === args.messages) resolve();
          });
        });
    });
    clock.done();
  } finally {
    await disconnect(client);
  }
  return {
    messages: received,
    valueBytes,
    offsetGaps: 0,
    ...clock.finish(),
    usage: `stompit SUBSCRIBE ack:client (cumulative), activemq.prefetchSize ${PREFETCH}, one ACK per ${ACK_EVERY}`,
  };
}

await runRunner((args) => {
  const clock = new RunClock();
  return args.operation === RunnerOperation.PRODUCE ? produce(args, clock) : consume(args, clock);
});
