/**
 * `client`: Millrace's own Producer and Consumer vs kafkajs 2.2.4 vs kcat against a Millrace broker. The benchmark
 * itself is `bench/client.ts` (its own script, runnable alone); the harness runs it as a child, then turns its
 * `bench/results/client.json` into the harness's table, chart and README block.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeLimits } from '../support/machine-limits.js';
import { formatNumber } from '../support/markdown-table.js';
import type { Spread } from '../support/spread.js';
import { formatSpread } from '../support/spread-format.js';
import { RESULTS_DIR, readJson } from '../support/suite-output.js';
import { ReportBuilder } from '../support/suite.js';
import type { ChartSpec, Suite } from '../support/suite.js';
import { runInherited } from '../support/inherited-command.js';

const SCRIPT = fileURLToPath(new URL('../client.js', import.meta.url));

/** The part of `bench/client.ts`'s results file this suite reads. */
interface ClientResults {
  generatedAt: string;
  options: { messages: number; size: number; runs: number };
  summary: {
    label: string;
    operation: string;
    partitions: number;
    messagesPerSecond: Spread | undefined;
    megabytesPerSecond: number;
    ratioToKcat: number;
    clientCpuSeconds: number;
    clientPeakRssKiB: number;
    brokerCpuSeconds: number;
    failedRuns: number;
    runs: number;
    usage: string;
  }[];
  runs: { commandLine: string }[];
  error?: string;
}

export const client: Suite = {
  name: 'client',
  description: 'Millrace Producer/Consumer vs kafkajs 2.2.4 vs kcat against the Millrace broker (bench/client.js)',
  async run(options) {
    const builder = new ReportBuilder('client', options.log);
    const report = builder.report;
    // Half of client.js's own default at full size: its 4-partition Millrace Consumer case alone would take minutes.
    const messages = options.quick ? 100_000 : 500_000;
    const args = [path.relative(process.cwd(), SCRIPT), '--messages', String(messages), '--runs', String(options.runs), '--no-readme'];
    const exitCode = await runInherited(process.execPath, args, builder.log);
    if (exitCode !== 0) builder.fail(`bench/client.js exited with ${exitCode}`);
    const results = readJson(path.join(RESULTS_DIR, 'client.json')) as ClientResults;
    if (results.error !== undefined) builder.fail(results.error);
    for (const run of results.runs) if (!report.commandLines.includes(run.commandLine)) report.commandLines.push(run.commandLine);
    report.context.push(
      `client: ${formatNumber(results.options.messages)} messages of ${results.options.size} B per run, median of ` +
        `${results.options.runs} runs after 1 warm-up round (bench/client.js, ${results.generatedAt})`,
      describeLimits(options.machine),
      ...[...new Map(results.summary.map((row) => [row.label, row.usage]))].map(([label, usage]) => `${label}: ${usage}`),
    );
    const chart: ChartSpec = { title: 'client', unit: 'messages/s', bars: [] };
    report.tables.push({
      title: 'client: messages/s against the Millrace broker',
      headers: ['operation', 'client', 'partitions', 'msg/s median (min–max)', 'MB/s', 'vs kcat', 'client CPU s',
        'client peak RSS MiB', 'broker CPU s', 'runs'],
      rows: results.summary.map((row) => {
        if (row.messagesPerSecond !== undefined) {
          chart.bars.push({ group: `${row.operation}, ${row.partitions} partition${row.partitions === 1 ? '' : 's'}`, label: row.label, ...row.messagesPerSecond });
        }
        return [
          row.operation,
          row.label,
          String(row.partitions),
          formatSpread(row.messagesPerSecond),
          formatNumber(row.megabytesPerSecond, 1),
          Number.isFinite(row.ratioToKcat) ? `${formatNumber(row.ratioToKcat * 100)} %` : '—',
          formatNumber(row.clientCpuSeconds, 2),
          formatNumber(row.clientPeakRssKiB / 1024),
          formatNumber(row.brokerCpuSeconds, 2),
          row.failedRuns === 0 ? `ok ×${row.runs}` : `${row.failedRuns} of ${row.runs} FAILED`,
        ];
      }),
    });
    report.charts.push(chart);
    report.runs.push(...results.summary);
    return report;
  },
};
