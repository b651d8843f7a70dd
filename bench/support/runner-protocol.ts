/**
 * The contract between `bench/client.ts` and the client runners (`millrace-runner.ts`, `kafkajs-runner.ts`): the
 * command-line arguments a runner takes and the JSON result file it writes. Each client runs in its own process so
 * that `/usr/bin/time` attributes CPU seconds and peak RSS to that client alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

export const RunnerOperation = { PRODUCE: 'produce', CONSUME: 'consume' } as const;
export type RunnerOperationName = (typeof RunnerOperation)[keyof typeof RunnerOperation];

export interface RunnerArgs {
  readonly operation: RunnerOperationName;
  readonly bootstrap: string;
  readonly topic: string;
  /** Produce: records to send. Consume: records to receive before stopping. */
  readonly messages: number;
  /** Value size in bytes; the input file holds one `size + 1`-byte line (value + '\n') per message. */
  readonly size: number;
  /** Produce only: the input file, as written by `writeInputFile`. */
  readonly input: string | undefined;
  /** Consume only: the group to `subscribe` with; without one the consumer `assign`s every partition. */
  readonly group: string | undefined;
  readonly resultFile: string;
  /** The runner gives up (exit code 3) after this long, so that a stuck client cannot hang the benchmark. */
  readonly timeoutMs: number;
}

/** What a runner measured from inside its process. Times are ms since the process started (Node's time origin). */
export interface RunnerResult {
  /** Produce: records acknowledged. Consume: records received. */
  readonly messages: number;
  /** Sum of the value sizes of those records. */
  readonly valueBytes: number;
  /** Consume: records whose offset did not follow the previous one of its partition (0 for a clean read). */
  readonly offsetGaps: number;
  /** Process start → the first client call: Node start-up and module loading. */
  readonly startupMs: number;
  /** First client call (constructor) → the last record acknowledged or received. */
  readonly workMs: number;
  /** Last record → `close()`/`disconnect()` returned. */
  readonly closeMs: number;
  /** How the client was driven, in one line, for the report. */
  readonly usage: string;
}

export const DEFAULT_RUNNER_TIMEOUT_MS = 10 * 60_000;
const TIMEOUT_EXIT_CODE = 3;
/** Starts the stderr line that says why a runner failed, so the benchmark can pick it out of client logging. */
export const RUNNER_FAILED = 'runner failed: ';

export class RunnerArgError extends Error {
  readonly option: string;

  constructor(option: string, value: string | undefined, expected: string) {
    super(`Expected --${option} to be ${expected}, got ${JSON.stringify(value)}`);
    this.name = 'RunnerArgError';
    this.option = option;
  }
}

/** The argument vector that `parseRunnerArgs` reads back (after the runner script's path). */
export function runnerArgv(args: RunnerArgs): string[] {
  const argv = [
    args.operation,
    '--bootstrap', args.bootstrap,
    '--topic', args.topic,
    '--messages', String(args.messages),
    '--size', String(args.size),
  ];
  if (args.input !== undefined) argv.push('--input', args.input);
  if (args.group !== undefined) argv.push('--group', args.group);
  argv.push('--timeout-ms', String(args.timeoutMs), '--result', args.resultFile);
  return argv;
}

function positiveInteger(option: string, value: string | undefined): number {
  const parsed = Number(value);
  if (value === undefined || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new RunnerArgError(option, value, 'an integer >= 1');
  }
  return parsed;
}

function required(option: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new RunnerArgError(option, value, 'given');
  return value;
}

/** @throws RunnerArgError naming the first bad option */
export function parseRunnerArgs(argv: readonly string[]): RunnerArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      bootstrap: { type: 'string' },
      topic: { type: 'string' },
      messages: { type: 'string' },
      size: { type: 'string' },
      input: { type: 'string' },
      group: { type: 'string' },
      'timeout-ms': { type: 'string' },
      result: { type: 'string' },
    },
  });
  const operation = positionals[0];
  if (operation !== RunnerOperation.PRODUCE && operation !== RunnerOperation.CONSUME) {
    throw new RunnerArgError('operation', operation, `${RunnerOperation.PRODUCE} or ${RunnerOperation.CONSUME}`);
  }
  const args: RunnerArgs = {
    operation,
    bootstrap: required('bootstrap', values.bootstrap),
    topic: required('topic', values.topic),
    messages: positiveInteger('messages', values.messages),
    size: positiveInteger('size', values.size),
    input: values.input,
    group: values.group,
    resultFile: required('result', values.result),
    timeoutMs: values['timeout-ms'] === undefined
      ? DEFAULT_RUNNER_TIMEOUT_MS
      : positiveInteger('timeout-ms', values['timeout-ms']),
  };
  if (operation === RunnerOperation.PRODUCE) required('input', args.input);
  return args;
}

export function writeRunnerResult(file: string, result: RunnerResult): void {
  writeFileSync(file, JSON.stringify(result) + '\n');
}

export function readRunnerResult(file: string): RunnerResult {
  return JSON.parse(readFileSync(file, 'utf8')) as RunnerResult;
}

/** Milestones of one run, on Node's process clock so that start-up is included. */
export class RunClock {
  readonly startedAt = performance.now();
  #doneAt: number | undefined;

  /** The last record was acknowledged or received. */
  done(): void {
    this.#doneAt ??= performance.now();
  }

  /** Timing fields of the result; call after `close()` returned. */
  finish(): Pick<RunnerResult, 'startupMs' | 'workMs' | 'closeMs'> {
    const closedAt = performance.now();
    const doneAt = this.#doneAt ?? closedAt;
    return { startupMs: this.startedAt, workMs: doneAt - this.startedAt, closeMs: closedAt - doneAt };
  }
}

/**
 * Runs a runner's main function: parses the arguments, kills the process after `--timeout-ms`, writes the result
 * file, and turns any failure into a message on stderr and a non-zero exit code (which the benchmark reports).
 */
export async function runRunner(main: (args: RunnerArgs) => Promise<RunnerResult>): Promise<void> {
  let args: RunnerArgs;
  try {
    args = parseRunnerArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  const timer = setTimeout(() => {
    console.error(`${RUNNER_FAILED}timed out after ${args.timeoutMs} ms`);
    process.exit(TIMEOUT_EXIT_CODE);
  }, args.timeoutMs);
  timer.unref();
  try {
    writeRunnerResult(args.resultFile, await main(args));
  } catch (error) {
    console.error(`${RUNNER_FAILED}${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    if (error instanceof Error && error.stack !== undefined) console.error(error.stack);
    process.exitCode = 1;
  } finally {
    clearTimeout(timer);
  }
}
