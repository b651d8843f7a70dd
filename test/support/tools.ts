/**
 * External clients the integration tests drive (kcat, python3-confluent-kafka), and the test size switch.
 * A missing tool fails the test with the package to install: a test never skips itself.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { trackProcess } from './broker-process.js';

/** `MILLRACE_TEST_SIZE=full` (`npm run test:full`) runs the acceptance sizes; otherwise the quick CI sizes. */
export const FULL = process.env.MILLRACE_TEST_SIZE === 'full';

export function size<T>(small: T, full: T): T {
  return FULL ? full : small;
}

export const PYTHON = '/usr/bin/python3';
const SCRIPTS = fileURLToPath(new URL('../../../test/support/', import.meta.url));
const DEFAULT_TIMEOUT_MS = 60_000;

export class ToolMissingError extends Error {
  readonly tool: string;

  constructor(tool: string, install: string) {
    super(`${tool} is required by this test but is not installed; install it with: ${install}`);
    this.name = 'ToolMissingError';
    this.tool = tool;
  }
}

export class ToolTimeoutError extends Error {
  readonly tool: string;

  constructor(tool: string, args: readonly string[], timeoutMs: number, stderr: string) {
    super(`${tool} ${args.join(' ')} did not finish within ${timeoutMs} ms; stderr:\n${stderr.slice(-4000)}`);
    this.name = 'ToolTimeoutError';
    this.tool = tool;
  }
}

const found = new Map<string, boolean>();

function onPath(name: string): boolean {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  return dirs.some((dir) => {
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Throws `ToolMissingError` (failing the calling test or hook) when `name` is not an executable on PATH. */
export function requireTool(name: string, install: string): void {
  let present = found.get(name);
  if (present === undefined) {
    present = name.includes('/') ? isExecutable(name) : onPath(name);
    found.set(name, present);
  }
  if (!present) throw new ToolMissingError(name, install);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

let confluentKafkaChecked = false;

/** Fails unless `/usr/bin/python3` can import confluent_kafka. */
export function requirePythonKafka(): void {
  const install = 'apt-get install python3-confluent-kafka';
  requireTool(PYTHON, install);
  if (confluentKafkaChecked) return;
  const probe = spawnSync(PYTHON, ['-c', 'import confluent_kafka'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new ToolMissingError('python3 module confluent_kafka', install);
  confluentKafkaChecked = true;
}

export interface ToolResult {
  stdout: Buffer;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunOptions {
  /** Written to the tool's stdin, which is then closed; stdin is empty when omitted. */
  input?: Buffer | string;
  timeoutMs?: number;
}

/** A tool started in the background: write to `stdin`, await `result`. */
export interface RunningTool {
  readonly child: ChildProcess;
  readonly stdin: NodeJS.WritableStream;
  readonly result: Promise<ToolResult>;
}

/** Starts `command`; `result` rejects with `ToolTimeoutError` (after killing it) past `timeoutMs`. */
export function startTool(command: string, args: readonly string[], timeoutMs = DEFAULT_TIMEOUT_MS): RunningTool {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  trackProcess(child);
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  // A tool that exits before reading all its input must not crash the test run with EPIPE.
  child.stdin.on('error', () => undefined);
  const result = new Promise<ToolResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new ToolTimeoutError(command, args, timeoutMs, stderr));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(stdout), stderr, code, signal });
    });
  });
  return { child, stdin: child.stdin, result };
}

function runTool(command: string, args: readonly string[], options: RunOptions): Promise<ToolResult> {
  const running = startTool(command, args, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  running.stdin.end(options.input ?? '');
  return running.result;
}

/** Runs kcat with `args`. */
export function kcat(args: readonly string[], options: RunOptions = {}): Promise<ToolResult> {
  requireTool('kcat', 'apt-get install kcat');
  return runTool('kcat', args, options);
}

/** Starts kcat in the background (e.g. a producer fed through `stdin`). */
export function startKcat(args: readonly string[], timeoutMs = DEFAULT_TIMEOUT_MS): RunningTool {
  requireTool('kcat', 'apt-get install kcat');
  return startTool('kcat', args, timeoutMs);
}

/** Absolute path of a script in test/support (the .py files are not compiled, so they stay beside the sources). */
export function supportScript(name: string): string {
  return path.join(SCRIPTS, name);
}

/** Runs a test/support python script with /usr/bin/python3. */
export function python(script: string, args: readonly string[], options: RunOptions = {}): Promise<ToolResult> {
  requirePythonKafka();
  return runTool(PYTHON, [supportScript(script), ...args], options);
}

/** Starts a test/support python script in the background. */
export function startPython(script: string, args: readonly string[], timeoutMs = DEFAULT_TIMEOUT_MS): RunningTool {
  requirePythonKafka();
  return startTool(PYTHON, [supportScript(script), ...args], timeoutMs);
}

/** Throws with the tool's stderr unless it exited with code 0. */
export function assertSucceeded(result: ToolResult, what: string): void {
  if (result.code !== 0) {
    throw new Error(`${what} exited with code ${result.code} (signal ${result.signal}); stderr:\n${result.stderr.slice(-4000)}`);
  }
}

/** Reads a whole partition from the beginning to its current end with kcat's simple consumer. */
export async function kcatConsume(
  bootstrap: string,
  topic: string,
  options: { format?: string; partition?: number; timeoutMs?: number } = {},
): Promise<Buffer> {
  const args = ['-C', '-b', bootstrap, '-t', topic, '-p', String(options.partition ?? 0), '-o', 'beginning', '-e', '-q'];
  if (options.format !== undefined) args.push('-f', options.format);
  const result = await kcat(args, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  assertSucceeded(result, `kcat consume of ${topic}`);
  return result.stdout;
}

/** Polls `probe` until it returns a value accepted by `done`, or throws after `timeoutMs` with the last value. */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
  describe: (value: T) => string = (value) => String(value),
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${describe(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
