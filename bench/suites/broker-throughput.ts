/**
 * The measurement behind `broker-produce` and `broker-consume`: every contender (`broker-contenders.ts`) produces
 * a run's messages into a fresh topic, queue or stream, then consumes them, then drops them. Rounds interleave the
 * contenders and message sizes, so a slow spell on the shared machine hits all of them; the first round is a
 * warm-up and discarded. Both suites report from the same measurement: `all` runs it once.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BrokerRunError } from '../support/broker-runner.js';
import { PeerUnavailableError } from '../support/debian-packages.js';
import { writeInputFile } from '../support/input-file.js';
import { formatNumber } from '../support/markdown-table.js';
import { PhaseMeter } from '../support/phase-meter.js';
import { ProcStatsError } from '../support/proc-stats.js';
import { RunnerOperation, readRunnerResult } from '../support/runner-protocol.js';
import type { RunnerOperationName } from '../support/runner-protocol.js';
import { ServiceStartError } from '../support/service-process.js';
import { ReportBuilder } from '../support/suite.js';
import type { SuiteOptions } from '../support/suite.js';
import { CommandFailedError, runTimed } from '../support/timed-command.js';
import { brokerContenders } from './broker-contenders.js';
import type { Contender, RunTarget } from './broker-contenders.js';
import type { BrokerPeer } from '../peers/peer.js';

export const MESSAGE_SIZES = [100, 1000] as const;
const WARMUP_ROUNDS = 1;

export interface ThroughputRun {
  contender: string;
  label: string;
  operation: RunnerOperationName;
  size: number;
  round: number;
  warmUp: boolean;
  messages: number;
  /** kcat: spawn → exit; Node runners: first client call → last ack or record (Node start-up excluded). */
  wallMs: number;
  messagesPerSecond: number;
  megabytesPerSecond: number;
  brokerCpuSeconds: number;
  clientCpuSeconds: number;
  brokerMaxRssKiB: number;
  otherCpuSeconds: number;
  ok: boolean;
  check: string;
}

export interface ContenderInfo {
  id: string;
  label: string;
  peer: string;
  durability: string;
  messages: Record<number, number>;
  usage: Partial<Record<RunnerOperationName, string>>;
}

export interface ThroughputResult {
  builder: ReportBuilder;
  contenders: ContenderInfo[];
  runs: ThroughputRun[];
}

let measured: Promise<ThroughputResult> | undefined;

/** The measurement, made once per harness process whichever of the two suites asks first. */
export function brokerThroughput(options: SuiteOptions): Promise<ThroughputResult> {
  measured ??= measure(options);
  return measured;
}

const recoverable = (error: unknown): boolean =>
  error instanceof CommandFailedError || error instanceof ProcStatsError || error instanceof BrokerRunError;

async function startPeers(contenders: readonly Contender[], builder: ReportBuilder): Promise<Contender[]> {
  const started = new Map<BrokerPeer, boolean>();
  const ready: Contender[] = [];
  for (const contender of contenders) {
    const missing = contender.unavailable();
    if (missing !== undefined) {
      builder.skip(contender.label, missing);
      continue;
    }
    if (!started.has(contender.peer)) {
      try {
        await contender.peer.start(builder.log);
        started.set(contender.peer, true);
        builder.log(`${contender.peer.name} started (server pid ${contender.peer.serverPid})`);
      } catch (error) {
        if (!(error instanceof PeerUnavailableError || error instanceof ServiceStartError || error instanceof BrokerRunError)) throw error;
        started.set(contender.peer, false);
        builder.skip(contender.peer.name, error.message.split('\n').slice(0, 8).join(' | '));
      }
    }
    if (started.get(contender.peer) === true) ready.push(contender);
  }
  return ready;
}

async function measure(options: SuiteOptions): Promise<ThroughputResult> {
  const builder = new ReportBuilder('broker-throughput', options.log);
  const log = builder.log;
  const dir = path.join(options.workDir, 'broker-throughput');
  mkdirSync(dir, { recursive: true });
  const counts = options.quick ? { fast: 200_000, slow: 50_000 } : { fast: 2_000_000, slow: 200_000 };
  const all = brokerContenders(dir, counts);
  const inputs = new Map<number, string>();
  for (const size of MESSAGE_SIZES) {
    const file = path.join(dir, `input-${size}.txt`);
    const lines = Math.max(...all.map((contender) => contender.messages(size)));
    writeInputFile(file, lines, size + 1);
    log(`input: ${file}, ${formatNumber(lines)} lines of ${size} B + newline`);
    inputs.set(size, file);
  }
  const result: ThroughputResult = { builder, contenders: [], runs: [] };
  let sequence = 0;
  try {
    const contenders = await startPeers(all, builder);
    result.contenders = contenders.map((contender) => ({
      id: contender.id,
      label: contender.label,
      peer: contender.peer.name,
      durability: contender.peer.durability,
      messages: Object.fromEntries(MESSAGE_SIZES.map((size) => [size, contender.messages(size)])),
      usage: {},
    }));
    const rounds = WARMUP_ROUNDS + options.runs;
    for (let round = 0; round < rounds; round++) {
      log(`\n# broker throughput round ${round + 1} of ${rounds}${round < WARMUP_ROUNDS ? ' (warm-up, discarded)' : ''}`);
      for (const size of MESSAGE_SIZES) {
        for (const contender of contenders) {
          const target: RunTarget = {
            name: `bench-${contender.id}-${size}-${++sequence}`,
            messages: contender.messages(size),
            size,
            input: inputs.get(size) as string,
            resultFile: path.join(dir, `result-${sequence}.json`),
          };
          const info = result.contenders.find((entry) => entry.id === contender.id) as ContenderInfo;
          for (const operation of [RunnerOperation.PRODUCE, RunnerOperation.CONSUME]) {
            const run = await measureRun(contender, operation, target, round, info, log);
            result.runs.push(run);
            if (!run.ok) builder.fail(`${contender.label} ${operation} ${size} B round ${round + 1}: ${run.check}`);
            if (!run.ok) break;
          }
          try {
            await contender.drop(target, log);
          } catch (error) {
            // Dropping only saves memory and disk for later runs; the figures do not depend on it.
            if (!(error instanceof Error)) throw error;
            log(`  could not drop ${target.name}: ${error.message}`);
          }
        }
      }
    }
  } finally {
    const peers = new Set(all.map((contender) => contender.peer));
    for (const peer of peers) {
      try {
        await peer.stop();
      } finally {
        await peer.dispose();
      }
    }
  }
  return result;
}

async function measureRun(contender: Contender, operation: RunnerOperationName, target: RunTarget, round: number,
  info: ContenderInfo, log: (line: string) => void): Promise<ThroughputRun> {
  const { command, args, nodeRunner } = contender.command(operation, target);
  const base = {
    contender: contender.id, label: contender.label, operation, size: target.size, round,
    warmUp: round < WARMUP_ROUNDS, messages: target.messages,
  };
  const meter = new PhaseMeter(contender.peer.serverPid);
  let timed;
  try {
    timed = await runTimed(command, args, log, 'discard');
  } catch (error) {
    meter.finish();
    if (!recoverable(error)) throw error;
    return failed(base, (error as Error).message.slice(0, 600));
  }
  const usage = meter.finish();
  let wallMs = timed.wallMs;
  const checks: string[] = [];
  if (nodeRunner) {
    const runner = readRunnerResult(target.resultFile);
    wallMs = runner.workMs;
    info.usage[operation] = runner.usage;
    if (runner.messages !== target.messages || runner.valueBytes !== target.messages * target.size) {
      checks.push(`client counted ${runner.messages} messages, ${runner.valueBytes} B`);
    }
  } else {
    info.usage[operation] = timed.commandLine;
  }
  if (operation === RunnerOperation.PRODUCE) {
    const stored = await contender.stored(target, log);
    if (stored !== undefined && stored !== target.messages) checks.push(`broker holds ${stored} (want ${target.messages})`);
  }
  const seconds = wallMs / 1000;
  const clientCpuSeconds = timed.userSeconds + timed.systemSeconds;
  const run: ThroughputRun = {
    ...base,
    wallMs,
    messagesPerSecond: target.messages / seconds,
    megabytesPerSecond: (target.messages * target.size) / 1e6 / seconds,
    brokerCpuSeconds: usage.serverCpuSeconds,
    clientCpuSeconds,
    brokerMaxRssKiB: usage.serverMaxRssKiB,
    otherCpuSeconds: Math.max(0, usage.machineCpuSeconds - usage.serverCpuSeconds - clientCpuSeconds),
    ok: checks.length === 0,
    check: checks.length === 0 ? 'ok' : checks.join('; '),
  };
  log(`  ${contender.label} ${operation} ${target.size} B: ${formatNumber(run.messagesPerSecond)} msg/s, ` +
    `${formatNumber(run.megabytesPerSecond, 1)} MB/s, broker CPU ${formatNumber(run.brokerCpuSeconds, 2)} s, ` +
    `client CPU ${formatNumber(clientCpuSeconds, 2)} s, other ${formatNumber(run.otherCpuSeconds, 2)} s; ${run.check}`);
  return run;
}

function failed(base: Omit<ThroughputRun, 'wallMs' | 'messagesPerSecond' | 'megabytesPerSecond' | 'brokerCpuSeconds' |
  'clientCpuSeconds' | 'brokerMaxRssKiB' | 'otherCpuSeconds' | 'ok' | 'check'>, check: string): ThroughputRun {
  return {
    ...base, wallMs: Number.NaN, messagesPerSecond: Number.NaN, megabytesPerSecond: Number.NaN,
    brokerCpuSeconds: Number.NaN, clientCpuSeconds: Number.NaN, brokerMaxRssKiB: Number.NaN,
    otherCpuSeconds: Number.NaN, ok: false, check,
  };
}
