/**
 * Broker benchmark with kcat (librdkafka) as the peer: `node dist/bench/broker-kcat.js [--messages N] [--size B]`.
 * Not a test — it never runs in CI. It measures, against one broker process started through its external contract:
 *   1. produce throughput (acks=1 and acks=all, each to a fresh topic) of N messages of B bytes;
 *   2. consume throughput of each topic from the beginning to its end (output to /dev/null; a second run counts it);
 *   3. broker resident memory (VmRSS sampled per phase, VmHWM per broker process);
 *   4. start-up time with ~1 GB of segments: after a clean SIGTERM stop, and after kill -9 (crash recovery).
 * It prints every peer command line, then Markdown tables, and writes `bench/results/broker-kcat.json`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { BrokerRunError, BrokerRunner, brokerCommandLine, writeServerProperties } from './support/broker-runner.js';
import type { StartTiming } from './support/broker-runner.js';
import { CommandFailedError, runTimed } from './support/timed-command.js';
import type { TimedResult } from './support/timed-command.js';
import {
  ProcStatsError,
  RssSampler,
  readCpuSeconds,
  readMachineBusySeconds,
  readMemory,
} from './support/proc-stats.js';
import type { RssPhase } from './support/proc-stats.js';
import { machineContext } from './support/machine-context.js';
import type { MachineContext } from './support/machine-context.js';
import { writeInputFile } from './support/input-file.js';
import { dirUsage } from './support/dir-usage.js';
import { topicEndOffset } from './support/kcat-offsets.js';
import { formatNumber, markdownTable } from './support/markdown-table.js';
import { writeJsonFile } from './support/atomic-file.js';
import { isParseArgsError } from './support/parse-args-error.js';

const DEFAULT_MESSAGES = 2_000_000;
const DEFAULT_SIZE = 100;
/** The start-up topic holds this many times `--messages`: 10,000,000 × 100 B ≈ 1 GB at the defaults. */
const FILL_FACTOR = 5;
const RESULTS_FILE = fileURLToPath(new URL('../../bench/results/broker-kcat.json', import.meta.url));

/**
 * librdkafka 2.0.2 producer settings (all checked with `kcat -X list`): batches are bounded by `batch.size` rather
 * than the 10,000-message default of `batch.num.messages`, and the local queue is large enough that kcat's reader
 * does not stall on QUEUE_FULL while a request is in flight.
 */
const PRODUCER_SETTINGS = [
  'linger.ms=5',
  'batch.size=1000000',
  'batch.num.messages=1000000',
  'queue.buffering.max.messages=1000000',
  'queue.buffering.max.kbytes=1048576',
] as const;

export class BenchOptionError extends Error {
  readonly option: string;

  constructor(option: string, value: string | undefined, expected: string) {
    super(`Expected --${option} to be ${expected}, got ${JSON.stringify(value)}`);
    this.name = 'BenchOptionError';
    this.option = option;
  }
}

interface BenchOptions {
  messages: number;
  size: number;
}

function integerOption(name: string, value: string | undefined, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value.replaceAll('_', ''));
  if (!Number.isSafeInteger(parsed) || parsed < minimum) {
    throw new BenchOptionError(name, value, `an integer >= ${minimum}`);
  }
  return parsed;
}

function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { messages: { type: 'string' }, size: { type: 'string' } },
    strict: true,
  });
  return {
    messages: integerOption('messages', values.messages, DEFAULT_MESSAGES, 1),
    size: integerOption('size', values.size, DEFAULT_SIZE, 2),
  };
}

interface ThroughputRow {
  phase: string;
  topic: string;
  messages: number;
  bytes: number;
  wallMs: number;
  messagesPerSecond: number;
  megabytesPerSecond: number;
  brokerCpuSeconds: number;
  kcatCpuSeconds: number;
  /** Machine-wide busy CPU during the phase not used by the broker or kcat: other processes competing. */
  otherCpuSeconds: number;
  kcatMaxRssKiB: number;
  check: string;
  ok: boolean;
  commandLines: string[];
  /** Wall time of each kcat invocation (the fill runs several). */
  runWallMs: number[];
}

/** CPU seconds of the broker process and of the whole machine (all cores), read together. */
interface CpuReading {
  broker: number;
  machine: number;
}

interface StartRow {
  label: string;
  logDirBytes: number;
  segmentFiles: number;
  spawnToReadyMs: number;
  reportedStartMs: number | undefined;
  shutdownMs: number | undefined;
  endOffset: number | undefined;
  expectedEndOffset: number;
  /** False when the restarted broker lost (or invented) acknowledged messages of the fill topic. */
  ok: boolean;
  startupLines: string[];
}

interface BrokerPeak {
  run: string;
  peakRssKiB: number;
}

interface Results {
  generatedAt: string;
  options: BenchOptions;
  context: MachineContext;
  brokerCommand: string;
  producerSettings: readonly string[];
  throughput: ThroughputRow[];
  startup: StartRow[];
  memory: { phases: RssPhase[]; peaks: BrokerPeak[] };
  loadAverageAtEnd: number[];
  error?: string;
}

const log = (line: string): void => console.log(line);

class Bench {
  readonly #options: BenchOptions;
  readonly #input: string;
  readonly #logDir: string;
  readonly #broker: BrokerRunner;
  readonly #sampler = new RssSampler();
  /** The topic filled to ~1 GB; its end offset is checked after every restart. */
  #fillTopic: string | undefined;
  readonly results: Results;

  constructor(options: BenchOptions, dir: string, broker: BrokerRunner) {
    this.#options = options;
    this.#input = path.join(dir, 'input.txt');
    this.#logDir = path.join(dir, 'logs');
    this.#broker = broker;
    this.results = {
      generatedAt: new Date().toISOString(),
      options,
      context: machineContext(),
      brokerCommand: brokerCommandLine(broker.propertiesFile),
      producerSettings: PRODUCER_SETTINGS,
      throughput: [],
      startup: [],
      memory: { phases: [], peaks: [] },
      loadAverageAtEnd: [],
    };
  }

  async run(): Promise<void> {
    const { messages, size } = this.#options;
    const { context } = this.results;
    log(`machine: nproc=${context.nproc} (${context.cpuModel}), ${context.memoryGiB} GiB, Linux ${context.kernel}`);
    log(`node ${context.node}; kcat ${context.kcat}; load average ${context.loadAverage.join(' ')}`);
    const generatedAt = performance.now();
    const bytes = writeInputFile(this.#input, messages, size);
    log(`input: ${this.#input}, ${formatNumber(messages)} lines × ${size} B = ${formatNumber(bytes)} B ` +
      `(written in ${formatNumber(performance.now() - generatedAt)} ms)`);

    await this.#start('first start (empty log dir)', 0);
    const stamp = Date.now().toString(36);
    const acks1 = `bench-acks1-${stamp}`;
    const acksAll = `bench-acksall-${stamp}`;
    const fill = `bench-fill-${stamp}`;
    await this.#produce('produce acks=1', acks1, '1', 1, 0);
    await this.#produce('produce acks=all', acksAll, 'all', 1, 0);
    await this.#consume('consume (acks=1 topic)', acks1);
    await this.#consume('consume (acks=all topic)', acksAll);
    this.#fillTopic = fill;
    await this.#produce(`fill ${FILL_FACTOR}× acks=1`, fill, '1', FILL_FACTOR, 0);
    this.#recordPeak('run 1: throughput phases + fill');

    const filled = FILL_FACTOR * messages;
    const shutdownMs = await this.#broker.stop();
    log(`SIGTERM: broker exited 0 after ${formatNumber(shutdownMs)} ms`);
    await this.#start('restart after clean stop (SIGTERM)', filled, shutdownMs);
    this.#recordPeak('run 2: after clean restart');
    await this.#produce('tail before kill -9, acks=1', fill, '1', 1, filled);
    this.#recordPeak('run 2: clean restart + tail');
    await this.#broker.kill9();
    log('kill -9: broker killed right after the tail was acknowledged and its end offset checked');
    await this.#start('restart after kill -9 (recovery)', filled + messages);
    this.#recordPeak('run 3: after crash recovery');
    this.#sampler.phase('final stop');
    await this.#broker.stop();
  }

  finish(): void {
    this.results.memory.phases = this.#sampler.finish();
    this.results.loadAverageAtEnd = loadavg().map((load) => Math.round(load * 100) / 100);
  }

  async #start(label: string, expectedEndOffset: number, shutdownMs?: number): Promise<void> {
    const usage = dirUsage(this.#logDir);
    this.#sampler.phase(label);
    log(`$ ${this.results.brokerCommand}`);
    const timing: StartTiming = await this.#broker.start();
    this.#sampler.follow(this.#broker.pid);
    log(`${label}: ready on ${this.#broker.bootstrap} after ${formatNumber(timing.spawnToReadyMs)} ms from spawn` +
      (timing.reportedStartMs === undefined ? '' : ` (broker says started in ${timing.reportedStartMs} ms)`));
    for (const line of timing.startupLines.slice(-10)) log(`  | ${line}`);
    const fillTopic = this.#fillTopic;
    const end = fillTopic === undefined ? undefined : topicEndOffset(this.#broker.bootstrap, fillTopic, log);
    this.results.startup.push({
      label,
      logDirBytes: usage.bytes,
      segmentFiles: usage.segmentFiles,
      spawnToReadyMs: timing.spawnToReadyMs,
      reportedStartMs: timing.reportedStartMs,
      shutdownMs,
      endOffset: end,
      expectedEndOffset,
      ok: fillTopic === undefined || end === expectedEndOffset,
      startupLines: timing.startupLines.slice(-50),
    });
  }

  async #produce(phase: string, topic: string, acks: string, repetitions: number, offsetBefore: number): Promise<void> {
    const { messages, size } = this.#options;
    this.#sampler.phase(phase);
    const args = ['-P', '-l', '-b', this.#broker.bootstrap, '-t', topic];
    for (const setting of PRODUCER_SETTINGS) args.push('-X', setting);
    args.push('-X', `acks=${acks}`, this.#input);
    const before = this.#cpuNow();
    const runs: TimedResult[] = [];
    for (let i = 0; i < repetitions; i++) runs.push(await runTimed('kcat', args, log, 'discard'));
    const cpu = this.#cpuSince(before);
    const expected = offsetBefore + repetitions * messages;
    const end = topicEndOffset(this.#broker.bootstrap, topic, log);
    this.#push(phase, topic, repetitions * messages, repetitions * messages * size, runs, cpu,
      end === expected,
      `end offset ${end === undefined ? 'unknown' : formatNumber(end)} (want ${formatNumber(expected)})`);
  }

  async #consume(phase: string, topic: string): Promise<void> {
    const { messages, size } = this.#options;
    this.#sampler.phase(phase);
    const args = ['-C', '-b', this.#broker.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q'];
    const before = this.#cpuNow();
    const run = await runTimed('kcat', args, log, 'discard');
    const cpu = this.#cpuSince(before);
    // The timed run's output is discarded, so a second run counts it. kcat's default format is the value plus '\n',
    // so the bytes must equal the input file's exactly.
    this.#sampler.phase(`${phase}, verification run`);
    const verify = await runTimed('kcat', args, log, 'count');
    const lines = verify.stdoutLines ?? 0;
    const bytes = verify.stdoutBytes ?? 0;
    const ok = lines === messages && bytes === messages * size;
    const pipeRate = formatNumber(lines / (verify.wallMs / 1000));
    this.#push(phase, topic, messages, messages * size, [run], cpu, ok,
      `second run into a pipe: ${formatNumber(lines)} lines, ${formatNumber(bytes)} B ` +
      `(want ${formatNumber(messages)}, ${formatNumber(messages * size)} B) at ${pipeRate} msg/s`);
  }

  #cpuNow(): CpuReading {
    return { broker: readCpuSeconds(this.#broker.pid), machine: readMachineBusySeconds() };
  }

  #cpuSince(before: CpuReading): CpuReading {
    const now = this.#cpuNow();
    return { broker: now.broker - before.broker, machine: now.machine - before.machine };
  }

  #push(phase: string, topic: string, messages: number, bytes: number, runs: readonly TimedResult[],
    cpu: CpuReading, ok: boolean, check: string): void {
    const wallMs = runs.reduce((sum, run) => sum + run.wallMs, 0);
    const seconds = wallMs / 1000;
    const kcatCpuSeconds = runs.reduce((sum, run) => sum + run.userSeconds + run.systemSeconds, 0);
    const row: ThroughputRow = {
      phase,
      topic,
      messages,
      bytes,
      wallMs,
      messagesPerSecond: messages / seconds,
      megabytesPerSecond: bytes / 1e6 / seconds,
      brokerCpuSeconds: cpu.broker,
      kcatCpuSeconds,
      otherCpuSeconds: Math.max(0, cpu.machine - cpu.broker - kcatCpuSeconds),
      kcatMaxRssKiB: Math.max(...runs.map((run) => run.maxRssKiB)),
      check,
      ok,
      commandLines: [...new Set(runs.map((run) => run.commandLine))],
      runWallMs: runs.map((run) => Math.round(run.wallMs)),
    };
    this.results.throughput.push(row);
    log(`${phase}: ${formatNumber(row.messagesPerSecond)} msg/s, ${formatNumber(row.megabytesPerSecond, 1)} MB/s ` +
      `in ${formatNumber(seconds, 2)} s; ${check}${ok ? '' : ' — MISMATCH'}`);
    if (runs.length > 1) log(`  per run: ${row.runWallMs.map((ms) => `${formatNumber(ms / 1000, 2)} s`).join(', ')}`);
  }

  #recordPeak(run: string): void {
    const peak = readMemory(this.#broker.pid).peakRssKiB;
    this.results.memory.peaks.push({ run, peakRssKiB: peak });
  }
}

const mib = (kib: number): string => formatNumber(kib / 1024, 0);

function report(results: Results): string {
  const throughput = markdownTable(
    [
      'phase', 'messages', 'wall s', 'msg/s', 'MB/s', 'broker CPU s', 'kcat CPU s', 'other CPU s', 'kcat RSS MiB',
      'check',
    ],
    results.throughput.map((row) => [
      row.phase,
      formatNumber(row.messages),
      formatNumber(row.wallMs / 1000, 2),
      formatNumber(row.messagesPerSecond),
      formatNumber(row.megabytesPerSecond, 1),
      formatNumber(row.brokerCpuSeconds, 2),
      formatNumber(row.kcatCpuSeconds, 2),
      formatNumber(row.otherCpuSeconds, 2),
      mib(row.kcatMaxRssKiB),
      `${row.ok ? 'ok' : 'MISMATCH'}: ${row.check}`,
    ]),
  );
  const startup = markdownTable(
    ['start', 'log dir MB', 'segments', 'stop before, ms', 'spawn→ready ms', 'broker-reported ms', 'fill end offset'],
    results.startup.map((row) => [
      row.label,
      formatNumber(row.logDirBytes / 1e6),
      formatNumber(row.segmentFiles),
      row.shutdownMs === undefined ? '—' : formatNumber(row.shutdownMs),
      formatNumber(row.spawnToReadyMs),
      row.reportedStartMs === undefined ? 'n/a' : formatNumber(row.reportedStartMs),
      row.endOffset === undefined
        ? '—'
        : row.endOffset === row.expectedEndOffset
          ? formatNumber(row.endOffset)
          : `${formatNumber(row.endOffset)} (want ${formatNumber(row.expectedEndOffset)})`,
    ]),
  );
  const memory = markdownTable(
    ['broker phase', 'VmRSS max MiB', 'VmRSS mean MiB', 'samples'],
    results.memory.phases.map((phase) => [
      phase.phase,
      mib(phase.maxRssKiB),
      mib(phase.meanRssKiB),
      String(phase.samples),
    ]),
  );
  const peaks = markdownTable(
    ['broker process', 'VmHWM (peak RSS) MiB'],
    [
      ...results.memory.peaks.map((peak) => [peak.run, mib(peak.peakRssKiB)]),
      ['whole benchmark (max)', mib(Math.max(0, ...results.memory.peaks.map((peak) => peak.peakRssKiB)))],
    ],
  );
  const { context, options } = results;
  return [
    `Millrace broker × kcat — ${formatNumber(options.messages)} messages of ${options.size} B, ` +
      results.generatedAt,
    `nproc ${context.nproc} (${context.cpuModel}), ${context.memoryGiB} GiB, node ${context.node}, ` +
      `kcat ${context.kcat}`,
    `load average at start ${context.loadAverage.join(' ')}, at end ${results.loadAverageAtEnd.join(' ')}; ` +
      '"other CPU s" = machine-wide busy CPU during the phase not used by the broker or kcat',
    `producer: -X ${results.producerSettings.join(' -X ')}; MB = 10^6 bytes of input (message + newline)`,
    '',
    throughput,
    '',
    startup,
    '',
    memory,
    '',
    peaks,
  ].join('\n');
}

const USAGE = 'usage: node dist/bench/broker-kcat.js [--messages N] [--size B]';

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchOptionError || isParseArgsError(error))) throw error;
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'millrace-bench-'));
  const broker = new BrokerRunner(writeServerProperties(dir));
  const bench = new Bench(options, dir, broker);
  const interrupt = (): void => {
    void broker.dispose().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once('SIGINT', interrupt);
  let failed = false;
  try {
    await bench.run();
  } catch (error) {
    if (!(error instanceof BrokerRunError || error instanceof CommandFailedError || error instanceof ProcStatsError)) {
      throw error;
    }
    failed = true;
    bench.results.error = error.message;
    console.error(`benchmark aborted: ${error.message}`);
  } finally {
    bench.finish();
    await broker.dispose();
    rmSync(dir, { recursive: true, force: true });
    process.off('SIGINT', interrupt);
  }
  log('');
  log(report(bench.results));
  writeJsonFile(RESULTS_FILE, bench.results);
  log(`\nresults written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  const mismatched = [...bench.results.throughput, ...bench.results.startup].some((row) => !row.ok);
  return failed || mismatched ? 1 : 0;
}

process.exitCode = await main();
