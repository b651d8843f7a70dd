/** Tables and chart of one side (produce or consume) of the broker throughput measurement. */
import { formatNumber } from '../support/markdown-table.js';
import { spread } from '../support/spread.js';
import type { Spread } from '../support/spread.js';
import { formatRatio, formatSpread } from '../support/spread-format.js';
import { describeLimits } from '../support/machine-limits.js';
import { ReportBuilder } from '../support/suite.js';
import type { SuiteOptions, SuiteReport } from '../support/suite.js';
import type { RunnerOperationName } from '../support/runner-protocol.js';
import { KCAT_PRODUCER_SETTINGS } from './broker-contenders.js';
import { MESSAGE_SIZES } from './broker-throughput.js';
import type { ThroughputResult, ThroughputRun } from './broker-throughput.js';

const BASELINE = 'millrace-acks-1';

function median(values: readonly number[]): number {
  return spread(values)?.median ?? Number.NaN;
}

const perMillion = (run: ThroughputRun, seconds: number): number => (seconds / run.messages) * 1e6;

export function brokerReport(suite: string, operation: RunnerOperationName, result: ThroughputResult,
  options: SuiteOptions): SuiteReport {
  const builder = new ReportBuilder(suite, options.log);
  const report = builder.report;
  const verb = operation === 'produce' ? 'produced' : 'consumed';
  report.context.push(
    `${suite}: messages ${verb} per second, median of ${options.runs} runs after 1 warm-up round (discarded), ` +
      `rounds interleaving every peer and size; ${report.generatedAt}`,
    describeLimits(options.machine),
    'MB = 10^6 bytes of message values; CPU s per M msgs = CPU seconds per 1,000,000 messages; ' +
      '"other CPU s" = busy CPU of the machine used by neither the broker nor the client (near 0 on a quiet machine)',
    `kcat producer settings: -X ${KCAT_PRODUCER_SETTINGS.join(' -X ')}`,
  );
  for (const contender of result.contenders) {
    const usage = contender.usage[operation];
    report.context.push(`${contender.label}: ${contender.peer}; ${contender.durability}` +
      (usage === undefined ? '' : `; ${usage}`));
  }
  const rows: string[][] = [];
  for (const size of MESSAGE_SIZES) {
    const rates = new Map<string, Spread | undefined>();
    for (const contender of result.contenders) {
      const runs = result.runs.filter((run) => run.contender === contender.id && run.size === size &&
        run.operation === operation && !run.warmUp);
      const good = runs.filter((run) => run.ok);
      const rate = spread(good.map((run) => run.messagesPerSecond));
      rates.set(contender.id, rate);
      const bytesRate = spread(good.map((run) => run.megabytesPerSecond));
      rows.push([
        `${size} B`,
        contender.label,
        formatNumber(contender.messages[size] ?? 0),
        formatSpread(rate),
        formatSpread(bytesRate, 1),
        formatRatio(rate?.median, rates.get(BASELINE)?.median),
        formatNumber(median(good.map((run) => perMillion(run, run.brokerCpuSeconds))), 2),
        formatNumber(median(good.map((run) => perMillion(run, run.clientCpuSeconds))), 2),
        formatNumber(Math.max(0, ...good.map((run) => run.brokerMaxRssKiB)) / 1024),
        formatNumber(median(good.map((run) => run.otherCpuSeconds)), 2),
        good.length === runs.length ? `ok ×${runs.length}` : `${runs.length - good.length} of ${runs.length} FAILED`,
      ]);
      if (rate !== undefined) {
        report.charts[0] ??= { title: `${suite}`, unit: 'messages/s', bars: [] };
        report.charts[0].bars.push({ group: `${size} B messages`, label: contender.label, ...rate });
      }
    }
  }
  report.tables.push({
    title: `${suite}: ${operation} throughput`,
    headers: ['size', 'peer (client)', 'messages/run', 'msg/s median (min–max)', 'MB/s', 'vs Millrace acks=1',
      'broker CPU s per M msgs', 'client CPU s per M msgs', 'broker peak RSS MiB', 'other CPU s', 'runs'],
    rows,
  });
  report.commandLines.push(...result.builder.report.commandLines);
  report.skipped.push(...result.builder.report.skipped);
  report.failures.push(...result.builder.report.failures.filter((failure) => failure.includes(` ${operation} `)));
  report.runs.push(...result.runs.filter((run) => run.operation === operation));
  return report;
}
