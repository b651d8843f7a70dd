/**
 * Runs `millrace server-start` for the benchmark through the broker's external contract only (properties file,
 * readiness line, SIGTERM, kill -9). Unlike the test harness it has no short readiness timeout — recovering a
 * gigabyte of segments may take a while, and that duration is the figure being measured — and it reports how long
 * each start took.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const ENTRY = fileURLToPath(new URL('../../src/cli/millrace.js', import.meta.url));
const READY = /listening on PLAINTEXT:\/\/[^:\s]+:(\d+)/;
const STARTED_IN = /started in (\d+(?:\.\d+)?) ms/;
const READY_TIMEOUT_MS = 10 * 60_000;
const STOP_TIMEOUT_MS = 5 * 60_000;
/** Enough of the broker's output to explain a failure or show its recovery lines, without holding gigabytes. */
const KEEP_OUTPUT = 256 * 1024;

export class BrokerRunError extends Error {
  /** The broker's output so far, for the report. */
  readonly output: string;

  constructor(message: string, output: string) {
    super(`${message}; broker output:\n${output.slice(-8000)}`);
    this.name = 'BrokerRunError';
    this.output = output;
  }
}

/** One completed start: how long it took and what the broker said about it. */
export interface StartTiming {
  /** Wall time from spawn to the readiness line, measured by this process. */
  spawnToReadyMs: number;
  /** The broker's own `started in <N> ms` figure, when it printed one. */
  reportedStartMs: number | undefined;
  /** Output lines printed before readiness (recovery and loading messages). */
  startupLines: string[];
}

/** The command line that starts the broker, as a shell would show it. */
export function brokerCommandLine(propertiesFile: string): string {
  return `${path.basename(process.execPath)} ${path.relative(process.cwd(), ENTRY)} server-start ${propertiesFile}`;
}

/** Writes the benchmark broker's `server.properties` into `dir` and returns its path. */
export function writeServerProperties(dir: string, extra: Readonly<Record<string, string>> = {}): string {
  const lines = [
    'broker.id=0',
    'listeners=PLAINTEXT://127.0.0.1:0',
    `log.dirs=${path.join(dir, 'logs')}`,
    ...Object.entries(extra).map(([key, value]) => `${key}=${value}`),
  ];
  const file = path.join(dir, 'server.properties');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/**
 * A broker process: `start()` spawns it and resolves with the timing once it is ready; every later start reuses the
 * same properties and therefore the same log directory (the port may change, being ephemeral).
 */
export class BrokerRunner {
  readonly propertiesFile: string;
  #child: ChildProcess | undefined;
  #port = 0;
  #output = '';

  constructor(propertiesFile: string) {
    this.propertiesFile = propertiesFile;
  }

  get bootstrap(): string {
    return `127.0.0.1:${this.#port}`;
  }

  get pid(): number {
    const pid = this.#child?.pid;
    if (pid === undefined || !this.running) throw new BrokerRunError('broker is not running', this.#output);
    return pid;
  }

  get running(): boolean {
    const child = this.#child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** Output of the current run (bounded to its last part). */
  get output(): string {
    return this.#output;
  }

  async start(): Promise<StartTiming> {
    if (this.running) throw new BrokerRunError('broker is already running', this.#output);
    this.#output = '';
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [ENTRY, 'server-start', this.propertiesFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    const append = (chunk: string): void => {
      this.#output += chunk;
      if (this.#output.length > 2 * KEEP_OUTPUT) this.#output = this.#output.slice(-KEEP_OUTPUT);
    };
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', append);
    return new Promise<StartTiming>((resolve, reject) => {
      let pending = '';
      const startupLines: string[] = [];
      let settled = false;
      const fail = (message: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new BrokerRunError(message, this.#output));
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(`broker not ready within ${READY_TIMEOUT_MS} ms`);
      }, READY_TIMEOUT_MS);
      child.stdout?.on('data', (chunk: string) => {
        append(chunk);
        if (settled) return;
        pending += chunk;
        let newline = pending.indexOf('\n');
        while (newline >= 0 && !settled) {
          const line = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          const ready = READY.exec(line);
          if (ready?.[1] === undefined) {
            startupLines.push(line);
          } else {
            settled = true;
            clearTimeout(timer);
            this.#port = Number(ready[1]);
            const reported = STARTED_IN.exec(line)?.[1];
            resolve({
              spawnToReadyMs: performance.now() - spawnedAt,
              reportedStartMs: reported === undefined ? undefined : Number(reported),
              startupLines,
            });
          }
          newline = pending.indexOf('\n');
        }
      });
      child.once('error', (error) => fail(`cannot spawn broker: ${error.message}`));
      child.once('exit', (code, signal) => fail(`broker exited before it was ready (code ${code}, signal ${signal})`));
    });
  }

  /** SIGTERM; resolves with the shutdown time once the broker has exited with code 0. */
  async stop(): Promise<number> {
    const child = this.#runningChild();
    const startedAt = performance.now();
    const exited = exitOf(child);
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
      throw new BrokerRunError(`broker did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM`, this.#output);
    }
    if (outcome.code !== 0) {
      const status = `code ${outcome.code} (signal ${outcome.signal})`;
      throw new BrokerRunError(`broker exited with ${status} after SIGTERM`, this.#output);
    }
    return performance.now() - startedAt;
  }

  /** A crash: SIGKILL, resolved once the process is gone. */
  async kill9(): Promise<void> {
    const child = this.#runningChild();
    const exited = exitOf(child);
    child.kill('SIGKILL');
    await exited;
  }

  /** Best-effort teardown for error paths: kills the broker if it is still running. */
  async dispose(): Promise<void> {
    if (this.running) await this.kill9();
  }

  #runningChild(): ChildProcess {
    const child = this.#child;
    if (child === undefined || !this.running) throw new BrokerRunError('broker is not running', this.#output);
    return child;
  }
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
