/**
 * `latency`: produce → consume end-to-end latency at a fixed 20,000 msg/s of 100 B, Millrace (its own Producer and
 * Consumer) vs Redis streams (ioredis) vs RabbitMQ (amqplib), producer and consumer in one runner process
 * (`support/latency-runner.ts`) so both ends read one clock. Each run: a fresh topic, stream or queue.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrokerRunError } from '../support/broker-runner.js';
import { PeerUnavailableError } from '../support/debian-packages.js';
import { LatencySystem } from '../support/latency-drivers.js';
import type { LatencySystemName } from '../support/latency-drivers.js';
import type { LatencyResult } from '../support/latency-runner.js';
import { describeLimits } from '../support/machine-limits.js';
import { formatNumber } from '../support/markdown-table.js';
import { optionalModuleAvailable } from '../support/optional-module.js';
import { PhaseMeter } from '../support/phase-meter.js';
import { ProcStatsError } from '../support/proc-stats.js';
import { metric, repeatRuns } from '../support/repeated-runs.js';
import type { CaseRuns, Sample } from '../support/repeated-runs.js';
import { ServiceStartError } from '../support/service-process.js';
import { formatSpread } from '../support/spread-format.js';
import { ReportBuilder } from '../support/suite.js';
import type { ChartSpec, Suite } from '../support/suite.js';
import { CommandFailedError, runTimed } from '../support/timed-command.js';
import { readJson } from '../support/suite-output.js';
import { MillraceBroker } from '../peers/millrace-broker.js';
import type { BrokerPeer } from '../peers/peer.js';
import { RabbitMq } from '../peers/rabbitmq.js';
import { Redis } from '../peers/redis.js';

const RUNNER = fileURLToPath(new URL('../support/latency-runner.js', import.meta.url));
const RATE = 20_000;
const SIZE = 100;

export class LatencyCheckError extends Error {
  readonly system: string;

  constructor(system: string, detail: string) {
    super(`${system}: ${detail}`);
    this.name = 'LatencyCheckError';
    this.system = system;
  }
}

interface Contender {
  system: LatencySystemName;
  label: string;
  peer: BrokerPeer;
  target(): string;
  npm: string | undefined;
}

const recoverable = (error: unknown): boolean => error instanceof CommandFailedError || error instanceof LatencyCheckError ||
  error instanceof ProcStatsError || error instanceof BrokerRunError;

export const latency: Suite = {
  name: 'latency',
  description: `end-to-end latency p50/p99/p99.9 at ${RATE.toLocaleString('en-US')} msg/s: Millrace vs Redis streams vs RabbitMQ`,
  async run(options) {
    const builder = new ReportBuilder('latency', options.log);
    const log = builder.log;
    const report = builder.report;
    const seconds = options.quick ? 3 : 10;
    const warmupSeconds = options.quick ? 1 : 2;
    const millrace = new MillraceBroker(path.join(options.workDir, 'millrace'));
    const redis = new Redis(path.join(options.workDir, 'redis'));
    const rabbit = new RabbitMq(path.join(options.workDir, 'rabbitmq'));
    const contenders: Contender[] = [
      { system: LatencySystem.MILLRACE, label: 'Millrace', peer: millrace, target: () => millrace.bootstrap, npm: undefined },
      { system: LatencySystem.REDIS, label: 'Redis streams', peer: redis, target: () => `127.0.0.1:${redis.port}`, npm: 'ioredis' },
      { system: LatencySystem.RABBITMQ, label: 'RabbitMQ', peer: rabbit, target: () => rabbit.url, npm: 'amqplib' },
    ];
    const results = new Map<string, { runs: CaseRuns; usage: string; peer: string; durability: string }>();
    let sequence = 0;
    for (const contender of contenders) {
      if (contender.npm !== undefined && !optionalModuleAvailable(contender.npm)) {
        builder.skip(contender.label, `npm package ${contender.npm} is not installed (npm install --no-save ${contender.npm})`);
        continue;
      }
      try {
        await contender.peer.start(log);
      } catch (error) {
        if (!(error instanceof PeerUnavailableError || error instanceof ServiceStartError || error instanceof BrokerRunError)) throw error;
        builder.skip(contender.label, error.message.split('\n').slice(0, 8).join(' | '));
        await contender.peer.dispose();
        continue;
      }
      let usage = '';
      try {
        log(`\n# ${contender.peer.name}`);
        const runs = await repeatRuns(1, options.runs, log, recoverable, async (): Promise<Sample> => {
          const resultFile = path.join(options.workDir, `latency-${++sequence}.json`);
          const args = [path.relative(process.cwd(), RUNNER), '--system', contender.system, '--target', contender.target(),
            '--name', `latency-${sequence}`, '--rate', String(RATE), '--seconds', String(seconds),
            '--warmup-seconds', String(warmupSeconds), '--size', String(SIZE), '--result', resultFile];
          const meter = new PhaseMeter(contender.peer.serverPid);
          const timed = await runTimed(process.execPath, args, log, 'discard');
          const server = meter.finish();
          const result = readJson(resultFile) as LatencyResult;
          usage = result.usage;
          if (result.received !== result.sent || result.duplicates !== 0) {
            throw new LatencyCheckError(contender.label, `sent ${result.sent}, received ${result.received}, ${result.duplicates} duplicates`);
          }
          const wall = timed.wallMs / 1000;
          return {
            p50Ms: result.p50Ms, p99Ms: result.p99Ms, p999Ms: result.p999Ms, maxMs: result.maxMs,
            serverCpuPercent: (server.serverCpuSeconds / wall) * 100,
            clientCpuPercent: ((timed.userSeconds + timed.systemSeconds) / wall) * 100,
            serverMaxRssMiB: server.serverMaxRssKiB / 1024,
            maxSendLagMs: result.maxSendLagMs,
          };
        });
        for (const failure of runs.failures) builder.fail(`${contender.label}: ${failure}`);
        results.set(contender.label, { runs, usage, peer: contender.peer.name, durability: contender.peer.durability });
        report.runs.push({ system: contender.system, samples: runs.samples, failures: runs.failures });
      } finally {
        try {
          await contender.peer.stop();
        } finally {
          await contender.peer.dispose();
        }
      }
    }
    report.context.push(
      `latency: ${formatNumber(RATE)} msg/s of ${SIZE} B for ${seconds} s after ${warmupSeconds} s not counted, ` +
        `median of ${options.runs} runs after 1 warm-up run (discarded); ${report.generatedAt}`,
      describeLimits(options.machine),
      'latency = consumer receipt − scheduled send time, one process holding producer and consumer; ms',
      ...[...results].map(([label, entry]) => `${label}: ${entry.peer}; ${entry.durability}; ${entry.usage}`),
    );
    const rows: string[][] = [];
    const chart: ChartSpec = { title: 'latency', unit: 'ms', bars: [], lowerIsBetter: true, logScale: true };
    for (const [label, { runs }] of results) {
      const spreads = ['p50Ms', 'p99Ms', 'p999Ms', 'maxMs'].map((key) => metric(runs, key));
      rows.push([
        label,
        ...spreads.map((value) => formatSpread(value, 2)),
        formatNumber(metric(runs, 'serverCpuPercent')?.median ?? Number.NaN),
        formatNumber(metric(runs, 'clientCpuPercent')?.median ?? Number.NaN),
        formatNumber(metric(runs, 'serverMaxRssMiB')?.max ?? Number.NaN),
        formatNumber(metric(runs, 'maxSendLagMs')?.max ?? Number.NaN, 1),
        runs.failures.length === 0 ? `ok ×${runs.samples.length}` : `${runs.failures.length} FAILED`,
      ]);
      for (const [index, name] of ['p50', 'p99', 'p99.9'].entries()) {
        const value = spreads[index];
        if (value !== undefined) chart.bars.push({ group: name, label, ...value });
      }
    }
    chart.bars.sort((a, b) => ['p50', 'p99', 'p99.9'].indexOf(a.group) - ['p50', 'p99', 'p99.9'].indexOf(b.group));
    report.tables.push({
      title: `latency at ${formatNumber(RATE)} msg/s`,
      headers: ['system', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'broker CPU %', 'client CPU %', 'broker peak RSS MiB',
        'max send lag ms', 'runs'],
      rows,
    });
    if (chart.bars.length > 0) report.charts.push(chart);
    return report;
  },
};
