/**
 * Client benchmark: `node dist/bench/client.js [--messages N] [--size B] [--runs R] [--cpu-prof DIR] [--no-readme]`.
 * Not a test — it never runs in CI. Against one Millrace broker it started, it measures N messages of B bytes
 * produced into a fresh 1-partition and a fresh 4-partition topic, and consumed from the beginning until N are
 * received, by Millrace's own `Producer`/`Consumer`, kafkajs 2.2.4 and kcat (librdkafka 2.0.2). Every client runs
 * in a process of its own under `/usr/bin/time`, so its CPU seconds and peak RSS are its own. Each figure is the
 * median of R runs after one discarded warm-up round; rounds interleave the clients, so that a slow spell on the
 * machine hits all of them. It prints every command line, then a Markdown table, writes everything to
 * `bench/results/client.json` and the table into `bench/README.md` (between its client-bench markers).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Admin } from '../src/client/admin/admin.js';
import { BrokerRunError, BrokerRunner, brokerCommandLine, writeServerProperties } from './support/broker-runner.js';
import { CommandFailedError, runTimed } from './support/timed-command.js';
import type { TimedResult } from './support/timed-command.js';
import { ProcStatsError, readCpuSeconds, readMachineBusySeconds, readMemory } from './support/proc-stats.js';
import { machineContext } from './support/machine-context.js';
import { writeInputFile } from './support/input-file.js';
import { topicEndOffset } from './support/kcat-offsets.js';
import { formatNumber } from './support/markdown-table.js';
import {
  DEFAULT_RUNNER_TIMEOUT_MS,
  RUNNER_FAILED,
  RunnerOperation,
  readRunnerResult,
  runnerArgv,
} from './support/runner-protocol.js';
import type { RunnerOperationName } from './support/runner-protocol.js';
import { report, summarise } from './support/client-bench-report.js';
import type { CaseInfo, ClientBenchOptions, ClientBenchResults, RunRecord } from './support/client-bench-report.js';
import { replaceMarkedBlock } from './support/readme-block.js';
import { writeJsonFile } from './support/atomic-file.js';
import { isParseArgsError } from './support/parse-args-error.js';

const DEFAULT_MESSAGES = 1_000_000;
const DEFAULT_SIZE = 100;
const DEFAULT_RUNS = 3;
const WARMUP_ROUNDS = 1;
const PARTITION_COUNTS = [1, 4] as const;
const RESULTS_FILE = fileURLToPath(new URL('../../bench/results/client.json', import.meta.url));
const README_FILE = fileURLToPath(new URL('../../bench/README.md', import.meta.url));
const README_BEGIN = '<!-- client-bench table: begin (written by node dist/bench/client.js) -->';
const README_END = '<!-- client-bench table: end -->';
const MILLRACE_RUNNER = fileURLToPath(new URL('./support/millrace-runner.js', import.meta.url));
const KAFKAJS_RUNNER = fileURLToPath(new URL('./support/kafkajs-runner.js', import.meta.url));
/** Kafka ships `server.properties` with 0 too: a lone consumer should not wait 3 s for others to join. */
const BROKER_SETTINGS = { 'group.initial.rebalance.delay.ms': '0' } as const;
/** The task's producer settings; librdkafka's other defaults (batch.num.messages 10,000 …) are left alone. */
const KCAT_PRODUCER_SETTINGS = ['acks=1', 'linger.ms=5', 'batch.size=1000000'] as const;

export class BenchOptionError extends Error {
  readonly option: string;

  constructor(option: string, value: string | undefined, expected: string) {
    super(`Expected --${option} to be ${expected}, got ${JSON.stringify(value)}`);
    this.name = 'BenchOptionError';
    this.option = option;
  }
}

function integerOption(name: string, value: string | undefined, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value.replaceAll('_', ''));
  if (!Number.isSafeInteger(parsed) || parsed < minimum) throw new BenchOptionError(name, value, `an integer >= ${minimum}`);
  return parsed;
}

function parseOptions(argv: readonly string[]): ClientBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      messages: { type: 'string' },
      size: { type: 'string' },
      runs: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'no-readme': { type: 'boolean' },
    },
    strict: true,
  });
  return {
    messages: integerOption('messages', values.messages, DEFAULT_MESSAGES, 1),
    size: integerOption('size', values.size, DEFAULT_SIZE, 1),
    runs: integerOption('runs', values.runs, DEFAULT_RUNS, 1),
    cpuProfDir: values['cpu-prof'] === undefined ? undefined : path.resolve(values['cpu-prof']),
    writeReadme: values['no-readme'] !== true,
  };
}

/** Where one run goes: everything a case needs to build its command line. */
interface RunTarget {
  bootstrap: string;
  topic: string;
  input: string;
  resultFile: string;
  /** A fresh consumer group name for this run. */
  group: string;
  /** `<case>-p<partitions>/round-<n>.cpuprofile` under `--cpu-prof`, so that profiles can be summed per case. */
  profileName: string;
}

type CommandBuilder = (target: RunTarget, options: ClientBenchOptions) => { command: string; args: string[] };

interface BenchCase extends CaseInfo {
  command: CommandBuilder;
}

/** A Node runner's command line; only Millrace's runs are profiled under `--cpu-prof` (`profile`). */
function nodeCommand(runner: string, operation: RunnerOperationName, group: boolean, profile: boolean): CommandBuilder {
  return (target, options) => {
    const profiling = profile && options.cpuProfDir !== undefined
      ? ['--cpu-prof', '--cpu-prof-dir', path.join(options.cpuProfDir, path.dirname(target.profileName)),
        '--cpu-prof-name', path.basename(target.profileName)]
      : [];
    const args = runnerArgv({
      operation,
      bootstrap: target.bootstrap,
      topic: target.topic,
      messages: options.messages,
      size: options.size,
      input: operation === RunnerOperation.PRODUCE ? target.input : undefined,
      group: group ? target.group : undefined,
      resultFile: target.resultFile,
      timeoutMs: DEFAULT_RUNNER_TIMEOUT_MS,
    });
    return { command: process.execPath, args: [...profiling, path.relative(process.cwd(), runner), ...args] };
  };
}

const PRODUCE = RunnerOperation.PRODUCE;
const CONSUME = RunnerOperation.CONSUME;

const CASES: readonly BenchCase[] = [
  { id: 'millrace-producer', operation: PRODUCE, label: 'Millrace Producer', nodeRunner: true,
    command: nodeCommand(MILLRACE_RUNNER, PRODUCE, false, true) },
  { id: 'kafkajs-producer', operation: PRODUCE, label: 'kafkajs producer', nodeRunner: true,
    command: nodeCommand(KAFKAJS_RUNNER, PRODUCE, false, false) },
  { id: 'kcat-producer', operation: PRODUCE, label: 'kcat -P', nodeRunner: false,
    command: (target) => ({
      command: 'kcat',
      args: ['-P', '-l', '-b', target.bootstrap, '-t', target.topic, ...KCAT_PRODUCER_SETTINGS.flatMap((s) => ['-X', s]), target.input],
    }) },
  { id: 'millrace-assign', operation: CONSUME, label: 'Millrace Consumer, assign', nodeRunner: true,
    command: nodeCommand(MILLRACE_RUNNER, CONSUME, false, true) },
  { id: 'millrace-group', operation: CONSUME, label: 'Millrace Consumer, subscribe (group)', nodeRunner: true,
    command: nodeCommand(MILLRACE_RUNNER, CONSUME, true, true) },
  { id: 'kafkajs-group', operation: CONSUME, label: 'kafkajs consumer (group, eachBatch)', nodeRunner: true,
    command: nodeCommand(KAFKAJS_RUNNER, CONSUME, true, false) },
  // -c N stops at the N-th message, like the other consumers; -e is the safety net should the topic hold fewer.
  { id: 'kcat-consumer', operation: CONSUME, label: 'kcat -C', nodeRunner: false,
    command: (target, options) => ({
      command: 'kcat',
      args: ['-C', '-b', target.bootstrap, '-t', target.topic, '-o', 'beginning', '-e', '-c', String(options.messages), '-q'],
    }) },
];

const log = (line: string): void => console.log(line);

class Bench {
  readonly #options: ClientBenchOptions;
  readonly #dir: string;
  readonly #input: string;
  readonly #broker: BrokerRunner;
  readonly #stamp = Date.now().toString(36);
  readonly #sources = new Map<number, string>();
  #admin: Admin | undefined;
  #sequence = 0;
  readonly results: ClientBenchResults;

  constructor(options: ClientBenchOptions, dir: string, broker: BrokerRunner) {
    this.#options = options;
    this.#dir = dir;
    this.#input = path.join(dir, 'input.txt');
    this.#broker = broker;
    this.results = {
      generatedAt: new Date().toISOString(),
      options,
      context: machineContext(),
      brokerCommand: brokerCommandLine(broker.propertiesFile),
      brokerSettings: BROKER_SETTINGS,
      sourceTopics: [],
      runs: [],
      summary: [],
      brokerPeakRssKiB: undefined,
      loadAverageAtEnd: [],
      warmUpRounds: WARMUP_ROUNDS,
    };
  }

  async run(): Promise<void> {
    const { messages, size, runs } = this.#options;
    const { context } = this.results;
    log(`machine: nproc=${context.nproc} (${context.cpuModel}), ${context.memoryGiB} GiB, Linux ${context.kernel}`);
    log(`node ${context.node}; kcat ${context.kcat}; load average ${context.loadAverage.join(' ')}`);
    const bytes = writeInputFile(this.#input, messages, size + 1);
    log(`input: ${this.#input}, ${formatNumber(messages)} lines of ${size} B + newline = ${formatNumber(bytes)} B`);
    log(`$ ${this.results.brokerCommand}`);
    const timing = await this.#broker.start();
    log(`broker ready on ${this.#broker.bootstrap} after ${formatNumber(timing.spawnToReadyMs)} ms`);
    this.#admin = new Admin({ bootstrapServers: this.#broker.bootstrap, clientId: 'millrace-bench-admin' });
    await this.#admin.connect();
    for (const partitions of PARTITION_COUNTS) await this.#fillSource(partitions);
    for (let round = 0; round < WARMUP_ROUNDS + runs; round++) {
      log(`\n# round ${round + 1} of ${WARMUP_ROUNDS + runs}${round < WARMUP_ROUNDS ? ' (warm-up, discarded)' : ''}`);
      for (const partitions of PARTITION_COUNTS) {
        for (const benchCase of CASES) await this.#measure(benchCase, partitions, round);
      }
    }
    this.results.brokerPeakRssKiB = readMemory(this.#broker.pid).peakRssKiB;
  }

  async finish(): Promise<void> {
    await this.#admin?.close();
    this.results.summary = summarise(this.results.runs, CASES, PARTITION_COUNTS, this.#options.size);
    this.results.loadAverageAtEnd = loadavg().map((load) => Math.round(load * 100) / 100);
  }

  /** The topic every consumer reads: produced once by kcat, then its end offset and content checked. */
  async #fillSource(partitions: number): Promise<void> {
    const { messages, size } = this.#options;
    const topic = await this.#createTopic(`bench-source-p${partitions}`, partitions);
    const kcat = CASES.find((benchCase) => benchCase.id === 'kcat-producer') as BenchCase;
    const { command, args } = kcat.command(this.#target(topic, partitions, kcat.id, 0), this.#options);
    await runTimed(command, args, log, 'discard');
    const end = topicEndOffset(this.#broker.bootstrap, topic, log);
    const verify = await runTimed('kcat', ['-C', '-b', this.#broker.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q'], log, 'count');
    const lines = verify.stdoutLines ?? 0;
    const bytes = verify.stdoutBytes ?? 0;
    const ok = end === messages && lines === messages && bytes === messages * (size + 1);
    const check = `end offset ${String(end)}, read back ${formatNumber(lines)} lines of ${formatNumber(bytes)} B ` +
      `(want ${formatNumber(messages)}, ${formatNumber(messages * (size + 1))} B)`;
    log(`source topic ${topic}: ${ok ? 'ok' : 'MISMATCH'}: ${check}`);
    this.results.sourceTopics.push({ partitions, topic, ok, check });
    if (!ok) throw new BrokerRunError(`source topic ${topic} does not hold the input: ${check}`, this.#broker.output);
    this.#sources.set(partitions, topic);
  }

  async #createTopic(prefix: string, partitions: number): Promise<string> {
    const topic = `${prefix}-${this.#stamp}-${++this.#sequence}`;
    log(`(Admin.createTopics: ${topic}, ${partitions} partition${partitions === 1 ? '' : 's'})`);
    await (this.#admin as Admin).createTopics([{ topic, numPartitions: partitions }]);
    return topic;
  }

  #target(topic: string, partitions: number, caseId: string, round: number): RunTarget {
    const run = ++this.#sequence;
    return {
      bootstrap: this.#broker.bootstrap,
      topic,
      input: this.#input,
      resultFile: path.join(this.#dir, `result-${run}.json`),
      group: `bench-group-${this.#stamp}-${run}`,
      profileName: `${caseId}-p${partitions}/round-${round}.cpuprofile`,
    };
  }

  async #measure(benchCase: BenchCase, partitions: number, round: number): Promise<void> {
    const { messages, size } = this.#options;
    const produce = benchCase.operation === PRODUCE;
    const topic = produce ? await this.#createTopic(`bench-${benchCase.id}-p${partitions}`, partitions) : (this.#sources.get(partitions) as string);
    const target = this.#target(topic, partitions, benchCase.id, round);
    const { command, args } = benchCase.command(target, this.#options);
    const brokerBefore = readCpuSeconds(this.#broker.pid);
    const machineBefore = readMachineBusySeconds();
    let timed: TimedResult | undefined;
    let failure: string | undefined;
    try {
      timed = await runTimed(command, args, log, 'discard');
    } catch (error) {
      if (!(error instanceof CommandFailedError)) throw error;
      const reason = error.message.split('\n').find((line) => line.startsWith(RUNNER_FAILED));
      failure = `exit code ${error.exitCode}: ${reason ?? error.message.slice(-300)}`;
    }
    const brokerCpuSeconds = readCpuSeconds(this.#broker.pid) - brokerBefore;
    const machineCpuSeconds = readMachineBusySeconds() - machineBefore;
    const runner = timed !== undefined && benchCase.nodeRunner ? readRunnerResult(target.resultFile) : undefined;
    const checks: string[] = [];
    let ok = failure === undefined;
    if (failure !== undefined) checks.push(failure);
    if (runner !== undefined && (runner.messages !== messages || runner.valueBytes !== messages * size || runner.offsetGaps !== 0)) {
      ok = false;
      checks.push(`client saw ${runner.messages} records, ${runner.valueBytes} B, ${runner.offsetGaps} offset gaps`);
    }
    if (produce) {
      const end = topicEndOffset(this.#broker.bootstrap, topic, log);
      if (end !== messages) {
        ok = false;
        checks.push(`end offset ${String(end)} (want ${messages})`);
      }
    }
    const clientCpuSeconds = timed === undefined ? Number.NaN : timed.userSeconds + timed.systemSeconds;
    const wallMs = timed?.wallMs ?? Number.NaN;
    const record: RunRecord = {
      caseId: benchCase.id,
      operation: benchCase.operation,
      partitions,
      round,
      warmUp: round < WARMUP_ROUNDS,
      topic,
      commandLine: timed?.commandLine ?? [command, ...args].join(' '),
      wallMs,
      messagesPerSecond: messages / (wallMs / 1000),
      clientCpuSeconds,
      clientMaxRssKiB: timed?.maxRssKiB ?? Number.NaN,
      brokerCpuSeconds,
      otherCpuSeconds: Math.max(0, machineCpuSeconds - brokerCpuSeconds - (Number.isNaN(clientCpuSeconds) ? 0 : clientCpuSeconds)),
      runner,
      ok,
      check: ok ? 'ok' : checks.join('; '),
    };
    this.results.runs.push(record);
    const inProcess = runner === undefined ? '' : `, in-process ${formatNumber(runner.workMs / 1000, 2)} s`;
    log(`  ${benchCase.label}, ${partitions}p: ${formatNumber(record.messagesPerSecond)} msg/s, ` +
      `${formatNumber(wallMs / 1000, 2)} s${inProcess}, client CPU ${formatNumber(clientCpuSeconds, 2)} s, ` +
      `broker CPU ${formatNumber(brokerCpuSeconds, 2)} s; ${record.check}`);
  }
}

const USAGE = 'usage: node dist/bench/client.js [--messages N] [--size B] [--runs R] [--cpu-prof DIR] [--no-readme]';

async function main(): Promise<number> {
  let options: ClientBenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchOptionError || isParseArgsError(error))) throw error;
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options.cpuProfDir !== undefined) mkdirSync(options.cpuProfDir, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'millrace-client-bench-'));
  const broker = new BrokerRunner(writeServerProperties(dir, BROKER_SETTINGS));
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
    await bench.finish();
    await broker.dispose();
    rmSync(dir, { recursive: true, force: true });
    process.off('SIGINT', interrupt);
  }
  const { context, table, usages } = report(bench.results);
  log(['', ...context, '', table, '', ...usages].join('\n'));
  writeJsonFile(RESULTS_FILE, bench.results);
  log(`\nresults written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  if (options.writeReadme && !failed) {
    replaceMarkedBlock(README_FILE, README_BEGIN, README_END, ['```text', ...context, '```', '', table, '', ...usages].join('\n'));
    log(`table written to ${path.relative(process.cwd(), README_FILE)}`);
  }
  const mismatched = bench.results.runs.some((run) => !run.ok);
  return failed || mismatched ? 1 : 0;
}

process.exitCode = await main();
