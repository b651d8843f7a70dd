/**
 * End-to-end latency at a fixed rate, in a process of its own:
 * `node dist/bench/support/latency-runner.js --system millrace|redis|rabbitmq --target … --name … --rate 20000
 *  --seconds 10 --warmup-seconds 2 --size 100 --result out.json`.
 * A timer ticking about every millisecond sends every message whose scheduled time has come; each value carries its
 * scheduled time (not the time it was actually sent, so a producer falling behind shows as latency rather than
 * hiding it) and its sequence number. Latency = time received − scheduled time, both on this process's clock.
 * Messages scheduled during the warm-up seconds are not counted. Every message must arrive exactly once.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { LatencySystem, latencyDriver } from './latency-drivers.js';
import type { LatencySystemName } from './latency-drivers.js';
import { RunnerArgError } from './runner-protocol.js';
import { LatencyTally } from './latency-tally.js';

const DRAIN_TIMEOUT_MS = 10_000;
const HEADER_BYTES = 12;

export interface LatencyResult {
  system: LatencySystemName;
  usage: string;
  rate: number;
  sent: number;
  received: number;
  duplicates: number;
  /** Messages scheduled after the warm-up whose latency counts. */
  measured: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** How far the sender fell behind its schedule at worst (timer and event-loop delays). */
  maxSendLagMs: number;
}

interface Args {
  system: LatencySystemName;
  target: string;
  name: string;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  size: number;
  result: string;
}

function positive(option: string, value: string | undefined, minimum: number): number {
  const parsed = Number(value);
  if (value === undefined || !Number.isFinite(parsed) || parsed < minimum) throw new RunnerArgError(option, value, `a number >= ${minimum}`);
  return parsed;
}

function parse(argv: readonly string[]): Args {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      system: { type: 'string' }, target: { type: 'string' }, name: { type: 'string' }, rate: { type: 'string' },
      seconds: { type: 'string' }, 'warmup-seconds': { type: 'string' }, size: { type: 'string' }, result: { type: 'string' },
    },
  });
  const systems: readonly string[] = Object.values(LatencySystem);
  if (values.system === undefined || !systems.includes(values.system)) throw new RunnerArgError('system', values.system, systems.join('|'));
  for (const key of ['target', 'name', 'result'] as const) {
    if (values[key] === undefined || values[key] === '') throw new RunnerArgError(key, values[key], 'given');
  }
  return {
    system: values.system as LatencySystemName,
    target: values.target as string,
    name: values.name as string,
    rate: positive('rate', values.rate, 1),
    seconds: positive('seconds', values.seconds, 1),
    warmupSeconds: positive('warmup-seconds', values['warmup-seconds'], 0),
    size: positive('size', values.size, HEADER_BYTES),
    result: values.result as string,
  };
}

async function main(args: Args): Promise<LatencyResult> {
  const total = Math.round(args.rate * (args.warmupSeconds + args.seconds));
  const firstMeasured = Math.round(args.rate * args.warmupSeconds);
  const tally = new LatencyTally(total, firstMeasured);
  const driver = latencyDriver(args.system, args.target, args.name);
  await driver.open((value) => tally.record(value.readUInt32LE(8), performance.now() - value.readDoubleLE(0)));
  const template = Buffer.alloc(args.size, 'x');
  const startAt = performance.now() + 100;
  const intervalMs = 1000 / args.rate;
  let sent = 0;
  let maxSendLagMs = 0;
  while (sent < total) {
    await sleep(1);
    driver.check();
    const now = performance.now();
    const due = Math.min(total, Math.floor((now - startAt) / intervalMs) + 1);
    if (due > sent) maxSendLagMs = Math.max(maxSendLagMs, now - (startAt + sent * intervalMs));
    for (; sent < due; sent++) {
      const value = Buffer.from(template);
      value.writeDoubleLE(startAt + sent * intervalMs, 0);
      value.writeUInt32LE(sent, 8);
      driver.send(value);
    }
  }
  const deadline = performance.now() + DRAIN_TIMEOUT_MS;
  while (tally.arrived < total && performance.now() < deadline) await sleep(5);
  driver.check();
  await driver.close();
  const { arrived, ...latency } = tally.summary();
  return { system: args.system, usage: driver.usage, rate: args.rate, sent, received: arrived, ...latency, maxSendLagMs };
}

let args: Args;
try {
  args = parse(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
try {
  writeFileSync(args.result, JSON.stringify(await main(args)) + '\n');
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
}
// A client library's lingering timer must not keep the runner, and so the harness, waiting.
process.exit();
