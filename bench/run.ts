/**
 * The benchmark harness: `npm run bench -- <suite>… | all [--quick] [--runs N] [--size 1G] [--no-readme]`.
 * Not a test — it never runs in CI. It measures the machine's own limits first (disk with fdatasync, loopback), then
 * runs each suite named: installs or checks its peers, starts them on 127.0.0.1 in throwaway directories, runs each
 * case several times after a discarded warm-up, and prints a table of medians with min–max. Every suite writes
 * `bench/results/<suite>.json` and `<suite>.svg`, and its block of `bench/README.md`. A suite whose peer cannot be
 * installed says why and the others go on. Exit code: 0 all well, 1 a suite failed or a count did not match,
 * 2 bad arguments.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { measureMachineLimits } from './support/machine-limits.js';
import { formatNumber, markdownTable } from './support/markdown-table.js';
import { RESULTS_DIR, printReport, writeReport } from './support/suite-output.js';
import { ServiceProcess } from './support/service-process.js';
import type { Suite, SuiteOptions } from './support/suite.js';
import { SUITES } from './suites/index.js';
import { isParseArgsError } from './support/parse-args-error.js';

const DEFAULT_RUNS = 3;
const QUICK_RUNS = 2;
const USAGE = `usage: npm run bench -- <suite>... | all [--quick] [--runs N] [--size BYTES[K|M|G]] [--no-readme]
suites:
${SUITES.map((suite) => `  ${suite.name.padEnd(20)} ${suite.description}`).join('\n')}`;

export class BenchArgumentError extends Error {
  readonly option: string;

  constructor(option: string, detail: string) {
    super(`${option}: ${detail}`);
    this.name = 'BenchArgumentError';
    this.option = option;
  }
}

interface Arguments {
  suites: Suite[];
  quick: boolean;
  runs: number;
  sizeBytes: number | undefined;
  readme: boolean;
}

const UNITS: Readonly<Record<string, number>> = { '': 1, K: 1e3, M: 1e6, G: 1e9 };

function parseSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)([KMG]?)B?$/i.exec(value.replaceAll('_', ''));
  const bytes = match === null ? Number.NaN : Number(match[1]) * (UNITS[(match[2] ?? '').toUpperCase()] ?? Number.NaN);
  if (!Number.isFinite(bytes) || bytes < 1000) throw new BenchArgumentError('--size', `expected bytes >= 1000 like 200M or 1G, got ${value}`);
  return Math.round(bytes);
}

function parseArguments(argv: readonly string[]): Arguments {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      quick: { type: 'boolean' },
      runs: { type: 'string' },
      size: { type: 'string' },
      'no-readme': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true || positionals.length === 0) throw new BenchArgumentError('suite', 'name at least one suite, or all');
  const suites = positionals.includes('all') ? [...SUITES] : positionals.map((name) => {
    const suite = SUITES.find((candidate) => candidate.name === name);
    if (suite === undefined) throw new BenchArgumentError('suite', `unknown suite ${name}`);
    return suite;
  });
  const quick = values.quick === true;
  const runs = values.runs === undefined ? (quick ? QUICK_RUNS : DEFAULT_RUNS) : Number(values.runs);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new BenchArgumentError('--runs', `expected an integer >= 1, got ${values.runs}`);
  return {
    suites,
    quick,
    runs,
    sizeBytes: values.size === undefined ? undefined : parseSize(values.size),
    readme: values['no-readme'] !== true && !quick,
  };
}

const log = (line: string): void => console.log(line);

interface SuiteOutcome {
  suite: string;
  seconds: number;
  status: string;
}

async function runSuite(suite: Suite, options: SuiteOptions, resultsDir: string, readme: boolean): Promise<SuiteOutcome> {
  const startedAt = performance.now();
  log(`\n=== ${suite.name}: ${suite.description}`);
  mkdirSync(options.workDir, { recursive: true });
  try {
    const report = await suite.run(options);
    printReport(report, log);
    writeReport(report, resultsDir, readme, log);
    const status = report.failures.length > 0
      ? `${report.failures.length} FAILURES`
      : report.skipped.length > 0 ? `ok, skipped: ${report.skipped.map((skipped) => skipped.peer).join(', ')}` : 'ok';
    return { suite: suite.name, seconds: (performance.now() - startedAt) / 1000, status };
  } catch (error) {
    // The harness's boundary: one suite's unexpected failure is reported and the next suite still runs.
    console.error(`suite ${suite.name} aborted: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { suite: suite.name, seconds: (performance.now() - startedAt) / 1000, status: 'ABORTED' };
  } finally {
    rmSync(options.workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  let args: Arguments;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchArgumentError || isParseArgsError(error))) throw error;
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const root = mkdtempSync(path.join(tmpdir(), 'millrace-bench-'));
  const interrupt = (): void => {
    void Promise.all([...ServiceProcess.live].map((service) => service.dispose())).finally(() => {
      rmSync(root, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const startedAt = performance.now();
  const outcomes: SuiteOutcome[] = [];
  // Quick figures are not to be quoted, so they never replace the published ones in bench/results.
  const resultsDir = args.quick ? path.join(tmpdir(), 'millrace-bench-quick-results') : RESULTS_DIR;
  try {
    log(`work dir ${root}; results to ${resultsDir}; ${args.quick ? 'QUICK sizes (not for quoting); ' : ''}${args.runs} measured runs per case`);
    const machine = await measureMachineLimits(root, args.quick, log);
    for (const suite of args.suites) {
      const options: SuiteOptions = {
        quick: args.quick,
        runs: args.runs,
        sizeBytes: args.sizeBytes,
        workDir: path.join(root, suite.name),
        machine,
        log,
      };
      outcomes.push(await runSuite(suite, options, resultsDir, args.readme));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  log('');
  log(markdownTable(['suite', 'seconds', 'status'], outcomes.map((outcome) => [outcome.suite, formatNumber(outcome.seconds), outcome.status])));
  log(`total ${formatNumber((performance.now() - startedAt) / 1000)} s`);
  return outcomes.every((outcome) => outcome.status.startsWith('ok')) ? 0 : 1;
}

process.exitCode = await main();
