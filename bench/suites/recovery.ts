/**
 * `recovery`: broker start-up time (spawn → `listening on`) with about 1 GB and 5 GB of segments, after a clean stop
 * (SIGTERM) and after kill -9 right after a tail of acknowledged messages. After every restart the topic's end offset
 * must equal everything acknowledged. The segments stay in the page cache between runs (the machine has the memory),
 * so this is start-up work, not disk reads; a cold cache after a reboot adds the read time.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BrokerRunError } from '../support/broker-runner.js';
import { dirUsage } from '../support/dir-usage.js';
import { writeInputFile } from '../support/input-file.js';
import { topicEndOffset } from '../support/kcat-offsets.js';
import { describeLimits } from '../support/machine-limits.js';
import { formatNumber } from '../support/markdown-table.js';
import { metric, repeatRuns } from '../support/repeated-runs.js';
import type { CaseRuns, Sample } from '../support/repeated-runs.js';
import { formatSpread } from '../support/spread-format.js';
import { ReportBuilder } from '../support/suite.js';
import type { ChartSpec, Suite } from '../support/suite.js';
import { CommandFailedError, runTimed } from '../support/timed-command.js';
import { MillraceBroker } from '../peers/millrace-broker.js';
import { KCAT_PRODUCER_SETTINGS } from './broker-contenders.js';

const LINE_BYTES = 100;
const TOPIC = 'recovery';

export class EndOffsetMismatchError extends Error {
  readonly endOffset: number | undefined;
  readonly expected: number;

  constructor(endOffset: number | undefined, expected: number) {
    super(`after restart the topic ends at ${endOffset ?? 'unknown'}, want ${expected} (every acknowledged message)`);
    this.name = 'EndOffsetMismatchError';
    this.endOffset = endOffset;
    this.expected = expected;
  }
}

const recoverable = (error: unknown): boolean =>
  error instanceof CommandFailedError || error instanceof BrokerRunError || error instanceof EndOffsetMismatchError;

interface Scenario {
  label: string;
  gigabytes: number;
  clean: CaseRuns;
  crash: CaseRuns;
  logDirMB: number;
  segments: number;
}

export const recovery: Suite = {
  name: 'recovery',
  description: 'broker start-up with ~1 GB and ~5 GB of segments, after a clean stop and after kill -9',
  async run(options) {
    const builder = new ReportBuilder('recovery', options.log);
    const log = builder.log;
    const report = builder.report;
    const chunkBytes = options.quick ? 100e6 : 1e9;
    const tailLines = (options.quick ? 10e6 : 100e6) / LINE_BYTES;
    const chunk = path.join(options.workDir, 'chunk.txt');
    const tail = path.join(options.workDir, 'tail.txt');
    const chunkLines = chunkBytes / LINE_BYTES;
    writeInputFile(chunk, chunkLines, LINE_BYTES);
    writeInputFile(tail, tailLines, LINE_BYTES);
    const produce = async (broker: MillraceBroker, file: string): Promise<void> => {
      const args = ['-P', '-l', '-b', broker.bootstrap, '-t', TOPIC];
      for (const setting of KCAT_PRODUCER_SETTINGS) args.push('-X', setting);
      args.push('-X', 'acks=all', file);
      await runTimed('kcat', args, log, 'discard');
    };
    const scenarios: Scenario[] = [];
    for (const multiple of [1, 5]) {
      const label = `${formatNumber((multiple * chunkBytes) / 1e9, options.quick ? 1 : 0)} GB`;
      log(`\n# ${label} of segments`);
      const dir = path.join(options.workDir, `broker-${multiple}`);
      mkdirSync(dir, { recursive: true });
      const broker = new MillraceBroker(dir);
      let acknowledged = 0;
      const restart = async (): Promise<Sample> => {
        const timing = await broker.runner.start();
        const end = topicEndOffset(broker.bootstrap, TOPIC, log);
        if (end !== acknowledged) throw new EndOffsetMismatchError(end, acknowledged);
        return { spawnToReadyMs: timing.spawnToReadyMs, reportedMs: timing.reportedStartMs ?? Number.NaN };
      };
      try {
        await broker.start(log);
        for (let i = 0; i < multiple; i++) {
          await produce(broker, chunk);
          acknowledged += chunkLines;
        }
        log(`filled ${formatNumber(acknowledged)} messages`);
        const clean = await repeatRuns(1, options.runs, log, recoverable, async () => {
          const stopMs = await broker.runner.stop();
          return { ...(await restart()), stopMs };
        });
        const crash = await repeatRuns(1, options.runs, log, recoverable, async () => {
          await produce(broker, tail);
          acknowledged += tailLines;
          await broker.runner.kill9();
          return restart();
        });
        const usage = dirUsage(path.join(dir, 'logs'));
        scenarios.push({ label, gigabytes: multiple * chunkBytes / 1e9, clean, crash, logDirMB: usage.bytes / 1e6, segments: usage.segmentFiles });
        for (const failure of [...clean.failures, ...crash.failures]) builder.fail(`${label}: ${failure}`);
        report.runs.push({ label, clean: clean.samples, crash: crash.samples, failures: [...clean.failures, ...crash.failures] });
      } finally {
        if (broker.runner.running) {
          try {
            await broker.stop();
          } finally {
            await broker.dispose();
          }
        }
      }
    }
    report.context.push(
      `recovery: start-up of \`millrace server-start\` with one topic of 100-byte messages, median of ${options.runs} ` +
        `restarts after 1 warm-up restart (discarded); each kill -9 follows a ${formatNumber(tailLines)}-message tail ` +
        `produced with acks=all; ${report.generatedAt}`,
      describeLimits(options.machine),
      'spawn→ready = spawn of the process → its `listening on` line (includes ~0.2 s of Node start-up); ' +
        'broker-reported = its own `started in N ms`; end offset checked after every restart',
    );
    const chart: ChartSpec = { title: 'recovery', unit: 'ms spawn → ready', bars: [], lowerIsBetter: true };
    const rows: string[][] = [];
    for (const scenario of scenarios) {
      for (const [name, runs] of [['after clean stop (SIGTERM)', scenario.clean], ['after kill -9', scenario.crash]] as const) {
        const ready = metric(runs, 'spawnToReadyMs');
        rows.push([
          scenario.label,
          name,
          formatNumber(scenario.logDirMB),
          formatNumber(scenario.segments),
          formatSpread(ready),
          formatSpread(metric(runs, 'reportedMs')),
          name.includes('clean') ? formatSpread(metric(runs, 'stopMs')) : '—',
          runs.failures.length === 0 ? `ok ×${runs.samples.length}` : `${runs.failures.length} FAILED`,
        ]);
        if (ready !== undefined) chart.bars.push({ group: `${scenario.label} of segments`, label: name, ...ready });
      }
    }
    report.tables.push({
      title: 'recovery: broker start-up',
      headers: ['data', 'start', 'log dir MB', 'segment files', 'spawn→ready ms', 'broker-reported ms', 'SIGTERM → exit ms', 'runs'],
      rows,
    });
    if (chart.bars.length > 0) report.charts.push(chart);
    return report;
  },
};
