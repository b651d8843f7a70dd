/**
 * `connect-latency`: a line appended to a tailed file → FileStreamSource → topic (embedded broker) → FileStreamSink
 * → a line in the sink file, p50/p99 at 1,000 and 50,000 lines/s, through `connect-standalone` as shipped. The
 * writer and the sink reader are one process (`support/file-latency-runner.ts`); each run gets a fresh worker.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeLimits } from '../support/machine-limits.js';
import { formatNumber } from '../support/markdown-table.js';
import { PhaseMeter } from '../support/phase-meter.js';
import { ProcStatsError, readMemory } from '../support/proc-stats.js';
import { metric, repeatRuns } from '../support/repeated-runs.js';
import type { CaseRuns, Sample } from '../support/repeated-runs.js';
import { ServiceStartError } from '../support/service-process.js';
import { formatSpread } from '../support/spread-format.js';
import { readJson } from '../support/suite-output.js';
import { ReportBuilder } from '../support/suite.js';
import type { ChartSpec, Suite } from '../support/suite.js';
import { CommandFailedError, runTimed } from '../support/timed-command.js';
import type { FileLatencyResult } from '../support/file-latency-runner.js';
import { ConnectWorker } from '../peers/connect-worker.js';

const RUNNER = fileURLToPath(new URL('../support/file-latency-runner.js', import.meta.url));
const RATES = [1000, 50_000] as const;

export class LineCountError extends Error {
  readonly written: number;
  readonly seen: number;

  constructor(result: FileLatencyResult) {
    super(`wrote ${result.written} lines, the sink file got ${result.seen} (${result.duplicates} duplicates)`);
    this.name = 'LineCountError';
    this.written = result.written;
    this.seen = result.seen;
  }
}

const recoverable = (error: unknown): boolean => error instanceof CommandFailedError || error instanceof LineCountError ||
  error instanceof ServiceStartError || error instanceof ProcStatsError;

export const connectLatency: Suite = {
  name: 'connect-latency',
  description: 'line appended to a tailed file → connect-standalone → file sink: p50/p99 at 1,000 and 50,000 lines/s',
  async run(options) {
    const builder = new ReportBuilder('connect-latency', options.log);
    const log = builder.log;
    const report = builder.report;
    const seconds = options.quick ? 3 : 10;
    const warmupSeconds = options.quick ? 2 : 3;
    const results = new Map<number, CaseRuns>();
    let sequence = 0;
    for (const rate of RATES) {
      log(`\n# ${formatNumber(rate)} lines/s`);
      const runs = await repeatRuns(1, options.runs, log, recoverable, async (): Promise<Sample> => {
        const dir = path.join(options.workDir, `run-${++sequence}`);
        const worker = new ConnectWorker(dir);
        const source = path.join(dir, 'source.txt');
        const sink = path.join(dir, 'sink.txt');
        const resultFile = path.join(dir, 'result.json');
        try {
          mkdirSync(dir, { recursive: true });
          writeFileSync(source, '');
          await worker.start({}, [
            { name: 'bench-latency-source', 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: source, topic: 'connect-latency' },
            { name: 'bench-latency-sink', 'connector.class': 'FileStreamSink', 'tasks.max': '1', file: sink, topics: 'connect-latency' },
          ], log);
          const meter = new PhaseMeter(worker.pid);
          const timed = await runTimed(process.execPath, [path.relative(process.cwd(), RUNNER), '--source', source, '--sink', sink,
            '--rate', String(rate), '--seconds', String(seconds), '--warmup-seconds', String(warmupSeconds), '--result', resultFile],
          log, 'discard');
          const usage = meter.finish();
          const result = readJson(resultFile) as FileLatencyResult;
          if (result.seen !== result.written || result.duplicates !== 0) throw new LineCountError(result);
          return {
            p50Ms: result.p50Ms, p99Ms: result.p99Ms, p999Ms: result.p999Ms, maxMs: result.maxMs,
            workerCpuPercent: (usage.serverCpuSeconds / (timed.wallMs / 1000)) * 100,
            workerPeakRssMiB: readMemory(worker.pid).peakRssKiB / 1024,
          };
        } finally {
          await worker.stop();
          await worker.dispose();
        }
      });
      for (const failure of runs.failures) builder.fail(`${formatNumber(rate)} lines/s: ${failure}`);
      results.set(rate, runs);
      report.runs.push({ rate, samples: runs.samples, failures: runs.failures });
    }
    report.context.push(
      `connect-latency: 100-byte lines appended at a fixed rate for ${seconds} s after ${warmupSeconds} s not counted, ` +
        `median of ${options.runs} runs after 1 warm-up run (discarded); ${report.generatedAt}`,
      describeLimits(options.machine),
      'one connect-standalone worker (config/connect-standalone.properties as shipped: embedded broker, JsonConverter with ' +
        'schemas), FileStreamSource tailing the file and FileStreamSink into another; latency = seen in the sink file − ' +
        'scheduled append time, checked every ~1 ms; ms',
    );
    const chart: ChartSpec = { title: 'connect-latency', unit: 'ms', bars: [], lowerIsBetter: true, logScale: true };
    const rows: string[][] = [];
    for (const [rate, runs] of results) {
      const spreads = ['p50Ms', 'p99Ms', 'p999Ms', 'maxMs'].map((key) => metric(runs, key));
      rows.push([
        formatNumber(rate),
        ...spreads.map((value) => formatSpread(value, 1)),
        formatNumber(metric(runs, 'workerCpuPercent')?.median ?? Number.NaN),
        formatNumber(metric(runs, 'workerPeakRssMiB')?.max ?? Number.NaN),
        runs.failures.length === 0 ? `ok ×${runs.samples.length}` : `${runs.failures.length} FAILED`,
      ]);
      for (const [index, name] of ['p50', 'p99'].entries()) {
        const value = spreads[index];
        if (value !== undefined) chart.bars.push({ group: `${formatNumber(rate)} lines/s`, label: name, ...value });
      }
    }
    report.tables.push({
      title: 'connect-latency: file → connect-standalone → file',
      headers: ['lines/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'worker CPU %', 'worker peak RSS MiB', 'runs'],
      rows,
    });
    if (chart.bars.length > 0) report.charts.push(chart);
    return report;
  },
};
