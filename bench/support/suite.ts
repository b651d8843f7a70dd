/**
 * What every suite of `bench/run.ts` takes and returns. A suite measures, the harness prints and stores: the report
 * holds tables (already formatted), chart bars (numbers) and everything needed to reproduce the figures.
 */
import type { MachineLimits } from './machine-limits.js';

export interface SuiteOptions {
  /** Smaller sizes and fewer runs, for development: figures are not to be quoted. */
  quick: boolean;
  /** Measured runs per case, after the warm-up runs that are discarded. */
  runs: number;
  /** Input size in bytes for suites that read a file (connect-file-ingest); undefined: the suite's default. */
  sizeBytes: number | undefined;
  /** A directory of the suite's own, removed after it. */
  workDir: string;
  machine: MachineLimits;
  log: (line: string) => void;
}

export interface ReportTable {
  title: string;
  headers: string[];
  rows: string[][];
}

/** One bar of the suite's chart: a median with its min–max whisker, grouped (e.g. by message size). */
export interface ChartBar {
  group: string;
  label: string;
  median: number;
  min: number;
  max: number;
}

export interface ChartSpec {
  title: string;
  unit: string;
  bars: ChartBar[];
  /** Smaller is better (latencies, start-up times): stated on the chart. */
  lowerIsBetter?: boolean;
  /** A logarithmic axis, for values spanning several orders of magnitude (latencies of different systems). */
  logScale?: boolean;
}

export interface SkippedPeer {
  peer: string;
  reason: string;
}

export interface SuiteReport {
  suite: string;
  generatedAt: string;
  /** Lines printed above the tables: sizes, settings, durability. */
  context: string[];
  tables: ReportTable[];
  charts: ChartSpec[];
  /** Every peer and client command line, in the order they first ran. */
  commandLines: string[];
  skipped: SkippedPeer[];
  /** Count mismatches and failed runs; a suite with failures exits the harness non-zero. */
  failures: string[];
  /** Raw per-run figures, for the JSON file. */
  runs: unknown[];
}

export interface Suite {
  readonly name: string;
  readonly description: string;
  run(options: SuiteOptions): Promise<SuiteReport>;
}

/** Collects a report as a suite goes, printing command lines once as they are first used. */
export class ReportBuilder {
  readonly report: SuiteReport;
  readonly #log: (line: string) => void;

  constructor(suite: string, log: (line: string) => void) {
    this.#log = log;
    this.report = {
      suite,
      generatedAt: new Date().toISOString(),
      context: [],
      tables: [],
      charts: [],
      commandLines: [],
      skipped: [],
      failures: [],
      runs: [],
    };
  }

  /** Logs a command line (`$ …`) and keeps it for the report. */
  command(line: string): void {
    this.#log(`$ ${line}`);
    if (!this.report.commandLines.includes(line)) this.report.commandLines.push(line);
  }

  /** A logger that records the `$ …` lines other helpers print. */
  get log(): (line: string) => void {
    return (line: string) => {
      if (line.startsWith('$ ')) this.command(line.slice(2));
      else this.#log(line);
    };
  }

  skip(peer: string, reason: string): void {
    this.#log(`SKIPPED ${peer}: ${reason}`);
    this.report.skipped.push({ peer, reason });
  }

  fail(what: string): void {
    this.#log(`FAILED: ${what}`);
    this.report.failures.push(what);
  }
}
