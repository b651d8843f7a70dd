/**
 * The figures of `bench/client.ts`: what each run recorded, the per-case summary (median and range of the measured
 * runs, ratio to kcat) and the report printed and written into `bench/README.md`.
 */
import type { MachineContext } from './machine-context.js';
import { formatNumber, markdownTable } from './markdown-table.js';
import type { RunnerOperationName, RunnerResult } from './runner-protocol.js';
import { spread } from './spread.js';
import type { Spread } from './spread.js';

export interface ClientBenchOptions {
  messages: number;
  /** Value size in bytes. */
  size: number;
  runs: number;
  /** Where the Millrace runners write `node --cpu-prof` profiles; undefined: no profiling. */
  cpuProfDir: string | undefined;
  writeReadme: boolean;
}

/** One client doing one operation: the unit a table row summarises. */
export interface CaseInfo {
  id: string;
  operation: RunnerOperationName;
  label: string;
  /** Node runners write a result file; kcat's figures come from its exit and the broker's end offsets. */
  nodeRunner: boolean;
}

export interface RunRecord {
  caseId: string;
  operation: RunnerOperationName;
  partitions: number;
  round: number;
  warmUp: boolean;
  topic: string;
  commandLine: string;
  /** Spawn → exit, measured here; NaN when the run failed. */
  wallMs: number;
  messagesPerSecond: number;
  clientCpuSeconds: number;
  clientMaxRssKiB: number;
  brokerCpuSeconds: number;
  /** Machine-wide busy CPU during the run used by neither the broker nor the client. */
  otherCpuSeconds: number;
  runner: RunnerResult | undefined;
  ok: boolean;
  check: string;
}

export interface SummaryRow {
  caseId: string;
  label: string;
  operation: RunnerOperationName;
  partitions: number;
  runs: number;
  messagesPerSecond: Spread | undefined;
  megabytesPerSecond: number;
  /** Median msg/s over kcat's median msg/s for the same operation and partitions. */
  ratioToKcat: number;
  wallSeconds: number;
  /** Node runners: client constructor → last record, in-process (no Node start-up, no close). */
  workSeconds: number | undefined;
  clientCpuSeconds: number;
  clientPeakRssKiB: number;
  brokerCpuSeconds: number;
  otherCpuSeconds: number;
  failedRuns: number;
  usage: string;
}

export interface ClientBenchResults {
  generatedAt: string;
  options: ClientBenchOptions;
  context: MachineContext;
  brokerCommand: string;
  brokerSettings: Readonly<Record<string, string>>;
  sourceTopics: { partitions: number; topic: string; ok: boolean; check: string }[];
  runs: RunRecord[];
  summary: SummaryRow[];
  brokerPeakRssKiB: number | undefined;
  loadAverageAtEnd: number[];
  warmUpRounds: number;
  error?: string;
}

function median(values: readonly number[]): number {
  return spread(values)?.median ?? Number.NaN;
}

/** One row per case and partition count, over the runs that were not warm-ups. */
export function summarise(
  runs: readonly RunRecord[],
  cases: readonly CaseInfo[],
  partitionCounts: readonly number[],
  size: number,
): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const partitions of partitionCounts) {
    const kcatMedian = new Map<RunnerOperationName, number>();
    for (const benchCase of cases) {
      const measured = runs.filter((run) => run.caseId === benchCase.id && run.partitions === partitions && !run.warmUp);
      const good = measured.filter((run) => run.ok);
      const rate = spread(good.map((run) => run.messagesPerSecond));
      if (!benchCase.nodeRunner && rate !== undefined) kcatMedian.set(benchCase.operation, rate.median);
      const runners = good.flatMap((run) => (run.runner === undefined ? [] : [run.runner]));
      rows.push({
        caseId: benchCase.id,
        label: benchCase.label,
        operation: benchCase.operation,
        partitions,
        runs: measured.length,
        messagesPerSecond: rate,
        megabytesPerSecond: ((rate?.median ?? Number.NaN) * size) / 1e6,
        ratioToKcat: Number.NaN,
        wallSeconds: median(good.map((run) => run.wallMs / 1000)),
        workSeconds: runners.length === 0 ? undefined : median(runners.map((runner) => runner.workMs / 1000)),
        clientCpuSeconds: median(good.map((run) => run.clientCpuSeconds)),
        clientPeakRssKiB: Math.max(0, ...good.map((run) => run.clientMaxRssKiB)),
        brokerCpuSeconds: median(good.map((run) => run.brokerCpuSeconds)),
        otherCpuSeconds: median(good.map((run) => run.otherCpuSeconds)),
        failedRuns: measured.length - good.length,
        usage: runners[0]?.usage ?? measured[0]?.commandLine ?? '',
      });
    }
    for (const row of rows) {
      if (row.partitions === partitions) row.ratioToKcat = (row.messagesPerSecond?.median ?? Number.NaN) / (kcatMedian.get(row.operation) ?? Number.NaN);
    }
  }
  return rows;
}

const seconds = (value: number | undefined): string => (value === undefined || Number.isNaN(value) ? '—' : formatNumber(value, 2));

/** The report in three parts: context lines, the table, and how each client was driven. */
export interface Report {
  context: string[];
  table: string;
  usages: string[];
}

export function report(results: ClientBenchResults): Report {
  const { context, options } = results;
  const table = markdownTable(
    ['operation', 'client', 'partitions', 'msg/s median (min–max)', 'MB/s', 'vs kcat', 'wall s', 'in-process s',
      'client CPU s', 'client peak RSS MiB', 'broker CPU s', 'other CPU s', 'check'],
    results.summary.map((row) => [
      row.operation,
      row.label,
      String(row.partitions),
      row.messagesPerSecond === undefined
        ? 'failed'
        : `${formatNumber(row.messagesPerSecond.median)} (${formatNumber(row.messagesPerSecond.min)}–${formatNumber(row.messagesPerSecond.max)})`,
      Number.isNaN(row.megabytesPerSecond) ? '—' : formatNumber(row.megabytesPerSecond, 1),
      Number.isNaN(row.ratioToKcat) ? '—' : `${formatNumber(row.ratioToKcat * 100)} %`,
      seconds(row.wallSeconds),
      seconds(row.workSeconds),
      seconds(row.clientCpuSeconds),
      row.clientPeakRssKiB === 0 ? '—' : formatNumber(row.clientPeakRssKiB / 1024),
      seconds(row.brokerCpuSeconds),
      seconds(row.otherCpuSeconds),
      row.failedRuns === 0 ? `ok ×${row.runs}` : `${row.failedRuns} of ${row.runs} FAILED`,
    ]),
  );
  const usages = new Map<string, string>();
  for (const row of results.summary) if (!usages.has(row.label)) usages.set(row.label, row.usage);
  const contextLines = [
    `Millrace clients × kafkajs × kcat — ${formatNumber(options.messages)} messages of ${options.size} B, ` +
      `median of ${options.runs} runs after ${results.warmUpRounds} warm-up, ${results.generatedAt}`,
    `nproc ${context.nproc} (${context.cpuModel}), ${context.memoryGiB} GiB, node ${context.node}, kcat ${context.kcat}`,
    `load average at start ${context.loadAverage.join(' ')}, at end ${results.loadAverageAtEnd.join(' ')}; ` +
      `broker peak RSS ${results.brokerPeakRssKiB === undefined ? '—' : formatNumber(results.brokerPeakRssKiB / 1024)} MiB; ` +
      `broker settings ${Object.entries(results.brokerSettings).map(([key, value]) => `${key}=${value}`).join(' ')}`,
    `MB = 10^6 bytes of values; wall = spawn → exit; ${options.cpuProfDir === undefined ? '' : 'PROFILED (node --cpu-prof) — '}` +
      'figures from a shared 2-core machine are only as good as "other CPU s" is small',
  ];
  return { context: contextLines, table, usages: [...usages].map(([label, usage]) => `- ${label}: ${usage}`) };
}
