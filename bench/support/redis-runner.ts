/**
 * Reads a Redis stream with ioredis in a process of its own:
 * `node dist/bench/support/redis-runner.js consume --bootstrap 127.0.0.1:PORT --topic <stream> --messages N …`
 * (arguments and result file: `runner-protocol.ts`; `--topic` names the stream): XREAD COUNT `READ_COUNT` from the
 * last id seen until N entries arrived. Producing is redis-benchmark's job (pipelined C), 4× faster than ioredis.
 */
import { importOptional } from './optional-module.js';
import { RunClock, RunnerArgError, RunnerOperation, runRunner } from './runner-protocol.js';
import type { RunnerArgs, RunnerResult } from './runner-protocol.js';

const READ_COUNT = 10_000;

type StreamEntries = [Buffer, [Buffer, Buffer[]][]][] | null;
interface RedisClient {
  xreadBuffer(...args: (string | number)[]): Promise<StreamEntries>;
  quit(): Promise<unknown>;
}
type RedisConstructor = new (options: { host: string; port: number; lazyConnect: boolean }) => RedisClient & {
  connect(): Promise<void>;
};

async function client(args: RunnerArgs): Promise<RedisClient> {
  const loaded = (await importOptional('ioredis')) as RedisConstructor | { Redis: RedisConstructor };
  const Redis = 'Redis' in loaded ? loaded.Redis : loaded;
  const [host, port] = args.bootstrap.split(':');
  const redis = new Redis({ host: host as string, port: Number(port), lazyConnect: true });
  await redis.connect();
  return redis;
}

async function consume(args: RunnerArgs, clock: RunClock): Promise<RunnerResult> {
  const redis = await client(args);
  let received = 0;
  let valueBytes = 0;
  let lastId = '0-0';
  try {
    while (received < args.messages) {
      const reply = await redis.xreadBuffer('COUNT', READ_COUNT, 'BLOCK', 1000, 'STREAMS', args.topic, lastId);
      const entries = reply?.[0]?.[1] ?? [];
      for (const [id, fields] of entries) {
        received++;
        valueBytes += (fields[1] as Buffer).length;
        lastId = id.toString('latin1');
      }
    }
    clock.done();
  } finally {
    await redis.quit();
  }
  return {
    messages: received,
    valueBytes,
    offsetGaps: 0,
    ...clock.finish(),
    usage: `ioredis, XREAD COUNT ${READ_COUNT} BLOCK 1000 STREAMS <stream> <last id> (Buffer replies)`,
  };
}

await runRunner((args) => {
  if (args.operation !== RunnerOperation.CONSUME) throw new RunnerArgError('operation', args.operation, RunnerOperation.CONSUME);
  return consume(args, new RunClock());
});
