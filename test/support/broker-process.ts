/**
 * Runs a real `millrace server-start` process for integration tests, against the broker's external contract only:
 * a properties file, `--override key=value`, the readiness line on stdout, SIGTERM for a clean stop, kill -9 for a
 * crash. Everything spawned here (and every temp dir made here) is tracked so that `cleanup()` — called from each
 * suite's `after` hook — and, as a last resort, the process `exit` handler leave nothing behind.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../src/cli/millrace.js', import.meta.url));
const READY = /listening on PLAINTEXT:\/\/[^:\s]+:(\d+)/;
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;
/** Output kept per run: the head (start-up and recovery lines) and the tail (how it ended). */
const KEEP_HEAD = 2 * 1024 * 1024;
const KEEP_TAIL = 2 * 1024 * 1024;

const liveProcesses = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** Registers a child so that `cleanup()` and the exit handler kill it if a test leaves it running. */
export function trackProcess(child: ChildProcess): void {
  liveProcesses.add(child);
  child.once('exit', () => liveProcesses.delete(child));
}

/** A fresh directory under the OS temp dir, removed by `cleanup()`. */
export function tmpDir(prefix = 'millrace-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Kills every process still running and removes every temp dir; for `after` hooks. */
export async function cleanup(): Promise<void> {
  const exits = [...liveProcesses].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(exits);
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

process.once('exit', () => {
  for (const child of liveProcesses) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Bounded capture of one process's output: stdout and stderr interleaved, plus stderr alone. */
class OutputCapture {
  #head = '';
  #tail: string[] = [];
  #tailBytes = 0;
  #dropped = 0;
  #stderr = '';

  append(chunk: string, fromStderr: boolean): void {
    if (fromStderr && this.#stderr.length < KEEP_HEAD) this.#stderr += chunk;
    if (this.#head.length < KEEP_HEAD) {
      this.#head += chunk;
      return;
    }
    this.#tail.push(chunk);
    this.#tailBytes += chunk.length;
    while (this.#tailBytes > KEEP_TAIL && this.#tail.length > 1) {
      const first = this.#tail.shift() ?? '';
      this.#tailBytes -= first.length;
      this.#dropped += first.length;
    }
  }

  text(): string {
    const gap = this.#dropped > 0 ? `\n[… ${this.#dropped} characters of output not kept …]\n` : '';
    return this.#head + gap + this.#tail.join('');
  }

  stderr(): string {
    return this.#stderr;
  }
}

export interface BrokerOptions {
  /** Extra server.properties keys, written after the harness's own (so they can replace them). */
  props?: Record<string, string>;
  /** Passed as `--override key=value` on the command line. */
  overrides?: Record<string, string>;
  /** Root directory for server.properties and the log dir; a new temp dir when omitted. */
  dir?: string;
  /** Listener port; 0 (ephemeral) when omitted. */
  port?: number;
}

export interface ExitedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function writeProperties(dir: string, port: number, props: Record<string, string>): string {
  const lines = [
    'broker.id=0',
    `listeners=PLAINTEXT://127.0.0.1:${port}`,
    `log.dirs=${path.join(dir, 'logs')}`,
    ...Object.entries(props).map(([key, value]) => `${key}=${value}`),
  ];
  const file = path.join(dir, 'server.properties');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function spawnBroker(propertiesFile: string, overrides: Record<string, string>): ChildProcess {
  const args = [ENTRY, 'server-start', propertiesFile];
  for (const [key, value] of Object.entries(overrides)) args.push('--override', `${key}=${value}`);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  trackProcess(child);
  return child;
}

function waitForExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** A broker process started by `startBroker`; `restart()` reuses its directory and port. */
export class BrokerHandle {
  readonly dir: string;
  /** The broker's `log.dirs`: one sub-directory per partition. */
  readonly dataDir: string;
  #port = 0;
  #props: Record<string, string>;
  #overrides: Record<string, string>;
  #child: ChildProcess | undefined;
  #run = new OutputCapture();
  #earlierRuns: string[] = [];

  constructor(options: BrokerOptions) {
    this.dir = options.dir ?? tmpDir();
    this.dataDir = path.join(this.dir, 'logs');
    this.#port = options.port ?? 0;
    this.#props = options.props ?? {};
    this.#overrides = options.overrides ?? {};
  }

  get port(): number {
    return this.#port;
  }

  get bootstrap(): string {
    return `127.0.0.1:${this.#port}`;
  }

  get pid(): number {
    const pid = this.#child?.pid;
    if (pid === undefined) throw new Error('broker is not running');
    return pid;
  }

  get running(): boolean {
    const child = this.#child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** Output of the current (latest) run. */
  logs(): string {
    return this.#run.text();
  }

  /** What the current run wrote to stderr alone. */
  stderr(): string {
    return this.#run.stderr();
  }

  /** Output of every run so far, for failure messages. */
  allLogs(): string {
    return [...this.#earlierRuns, this.#run.text()].join('\n----- broker restarted -----\n');
  }

  /** Spawns the broker and resolves once it prints its listening line; rejects with its output otherwise. */
  async start(): Promise<void> {
    if (this.running) throw new Error('broker is already running');
    if (this.#child !== undefined) this.#earlierRuns.push(this.#run.text());
    this.#run = new OutputCapture();
    const file = writeProperties(this.dir, this.#port, this.#props);
    const child = spawnBroker(file, this.#overrides);
    this.#child = child;
    const run = this.#run;
    await new Promise<void>((resolve, reject) => {
      let stdoutText = '';
      let settled = false;
      const settle = (error?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        settle(new Error(`broker not ready within ${READY_TIMEOUT_MS} ms; output:\n${run.text()}`));
      }, READY_TIMEOUT_MS);
      child.stdout?.setEncoding('utf8');
      child.stderr?.setEncoding('utf8');
      child.stdout?.on('data', (chunk: string) => {
        run.append(chunk, false);
        if (settled) return;
        stdoutText += chunk;
        const match = READY.exec(stdoutText);
        if (match?.[1] !== undefined) {
          this.#port = Number(match[1]);
          stdoutText = '';
          settle();
        }
      });
      child.stderr?.on('data', (chunk: string) => run.append(chunk, true));
      child.once('error', (error) => settle(new Error(`cannot spawn broker: ${error.message}`)));
      child.once('exit', (code, signal) =>
        settle(new Error(`broker exited before it was ready (code ${code}, signal ${signal}); output:\n${run.text()}`)),
      );
    });
  }

  /** SIGTERM, then requires a clean exit with code 0. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child === undefined || !this.running) throw new Error(`broker is not running; output:\n${this.logs()}`);
    const exited = waitForExit(child);
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
    });
    const outcome = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`broker did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM; output:\n${this.logs()}`);
    }
    if (outcome.code !== 0) {
      throw new Error(
        `broker exited with code ${outcome.code} (signal ${outcome.signal}) after SIGTERM; output:\n${this.logs()}`,
      );
    }
  }

  /** A crash: SIGKILL, resolved once the process is gone. */
  async kill9(): Promise<void> {
    const child = this.#child;
    if (child === undefined || !this.running) throw new Error(`broker is not running; output:\n${this.logs()}`);
    const exited = waitForExit(child);
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts again on the same directory and port, stopping it cleanly first if it is still running. */
  async restart(): Promise<void> {
    if (this.running) await this.stop();
    await this.start();
  }
}

/** Starts a broker with a fresh server.properties (or the given dir and port) and waits until it listens. */
export async function startBroker(options: BrokerOptions = {}): Promise<BrokerHandle> {
  const handle = new BrokerHandle(options);
  await handle.start();
  return handle;
}

/**
 * Runs a broker that is expected to refuse to start (e.g. a bad config value): resolves with its exit status and
 * output, or rejects if it becomes ready or runs longer than `timeoutMs`.
 */
export async function runBrokerToExit(options: BrokerOptions & { timeoutMs?: number } = {}): Promise<ExitedRun> {
  const dir = options.dir ?? tmpDir();
  const file = writeProperties(dir, options.port ?? 0, options.props ?? {});
  const child = spawnBroker(file, options.overrides ?? {});
  const capture = new OutputCapture();
  let stdout = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    stdout += chunk;
    capture.append(chunk, false);
  });
  child.stderr?.on('data', (chunk: string) => capture.append(chunk, true));
  const timeoutMs = options.timeoutMs ?? READY_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([waitForExit(child), timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    child.kill('SIGKILL');
    await waitForExit(child);
    const state = READY.test(stdout) ? 'started and kept running' : `was still running after ${timeoutMs} ms`;
    throw new Error(`broker ${state} instead of exiting; output:\n${capture.text()}`);
  }
  return { ...outcome, stdout, stderr: capture.stderr() };
}

/**
 * Registers a mocha `afterEach` that prints the broker's recent output when a test failed, so a CI log shows the
 * broker's side of the failure. `broker` is read lazily: suites assign it in `before`.
 */
export function printBrokerOutputOnFailure(broker: () => BrokerHandle | undefined, chars = 20_000): void {
  afterEach(function () {
    const handle = broker();
    if (this.currentTest?.state === 'failed' && handle !== undefined) {
      console.log(`--- broker output ---\n${handle.allLogs().slice(-chars)}`);
    }
  });
}
