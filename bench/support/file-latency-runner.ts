/**
 * Line latency through a file → Connect → file pipeline, in a process of its own:
 * `node dist/bench/support/file-latency-runner.js --source in.txt --sink out.txt --rate 1000 --seconds 10
 *  --warmup-seconds 3 --result out.json`.
 * Every millisecond or so it appends the lines whose scheduled time has come to the tailed source file (one write)
 * and reads what the file sink appended since the last look. A line is `<sequence> <scheduled ms>` padded to
 * 100 bytes; latency = the time it was seen in the sink file − its scheduled time, on this process's clock.
 */
import { closeSync, fstatSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { RunnerArgError } from './runner-protocol.js';
import { LatencyTally } from './latency-tally.js';

const LINE_BYTES = 100;
const DRAIN_TIMEOUT_MS = 30_000;

export interface FileLatencyResult {
  rate: number;
  written: number;
  seen: number;
  duplicates: number;
  measured: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

interface Args {
  source: string;
  sink: string;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  result: string;
}

function parse(argv: readonly string[]): Args {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      source: { type: 'string' }, sink: { type: 'string' }, rate: { type: 'string' }, seconds: { type: 'string' },
      'warmup-seconds': { type: 'string' }, result: { type: 'string' },
    },
  });
  for (const key of ['source', 'sink', 'result'] as const) {
    if (values[key] === undefined || values[key] === '') throw new RunnerArgError(key, values[key], 'given');
  }
  const number = (key: 'rate' | 'seconds' | 'warmup-seconds', minimum: number): number => {
    const parsed = Number(values[key]);
    if (values[key] === undefined || !Number.isFinite(parsed) || parsed < minimum) throw new RunnerArgError(key, values[key], `>= ${minimum}`);
    return parsed;
  };
  return {
    source: values.source as string,
    sink: values.sink as string,
    rate: number('rate', 1),
    seconds: number('seconds', 1),
    warmupSeconds: number('warmup-seconds', 0),
    result: values.result as string,
  };
}

function line(sequence: number, scheduledMs: number): string {
  return `${sequence} ${scheduledMs.toFixed(3)} `.padEnd(LINE_BYTES - 1, 'x') + '\n';
}

/** Reads what the sink appended since the last call, one complete line at a time. */
class SinkTail {
  readonly #file: string;
  #fd: number | undefined;
  #position = 0;
  #pending = '';
  readonly #buffer = Buffer.allocUnsafe(1 << 20);

  constructor(file: string) {
    this.#file = file;
  }

  lines(onLine: (text: string) => void): void {
    if (this.#fd === undefined) {
      try {
        this.#fd = openSync(this.#file, 'r');
      } catch {
        return;
      }
    }
    const size = fstatSync(this.#fd).size;
    while (this.#position < size) {
      const read = readSync(this.#fd, this.#buffer, 0, this.#buffer.length, this.#position);
      if (read === 0) break;
      this.#position += read;
      let text = this.#pending + this.#buffer.toString('latin1', 0, read);
      let newline = text.indexOf('\n');
      while (newline >= 0) {
        onLine(text.slice(0, newline));
        text = text.slice(newline + 1);
        newline = text.indexOf('\n');
      }
      this.#pending = text;
    }
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
  }
}

async function main(args: Args): Promise<FileLatencyResult> {
  const total = Math.round(args.rate * (args.warmupSeconds + args.seconds));
  const firstMeasured = Math.round(args.rate * args.warmupSeconds);
  const tally = new LatencyTally(total, firstMeasured);
  const onLine = (text: string): void => {
    const now = performance.now();
    const space = text.indexOf(' ');
    const sequence = Number(text.slice(0, space));
    const scheduled = Number(text.slice(space + 1, text.indexOf(' ', space + 1)));
    tally.record(sequence, now - scheduled);
  };
  const source = openSync(args.source, 'a');
  const tail = new SinkTail(args.sink);
  const intervalMs = 1000 / args.rate;
  const startAt = performance.now() + 50;
  let written = 0;
  try {
    while (written < total) {
      await sleep(1);
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - startAt) / intervalMs) + 1);
      if (due > written) {
        let chunk = '';
        for (; written < due; written++) chunk += line(written, startAt + written * intervalMs);
        writeSync(source, chunk);
      }
      tail.lines(onLine);
    }
    const deadline = performance.now() + DRAIN_TIMEOUT_MS;
    while (tally.arrived < total && performance.now() < deadline) {
      await sleep(1);
      tail.lines(onLine);
    }
  } finally {
    closeSync(source);
    tail.close();
  }
  const { arrived, ...latency } = tally.summary();
  return { rate: args.rate, written, seen: arrived, ...latency };
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
