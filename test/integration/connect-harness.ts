/**
 * Runs real `connect-standalone` processes for the Connect integration tests, from a temp dir as a user would
 * (`cwd` is the dir, so the shipped connector files' relative `data.txt` / `test.sink.txt` land there). The worker
 * file is the shipped `config/connect-standalone.properties` with only the ports rewritten. Processes and dirs
 * are tracked by test/support/broker-process.ts, whose `cleanup()` the suites call.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { trackProcess } from '../support/broker-process.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const ENTRY = path.join(REPO, 'dist/src/cli/connect-standalone.js');
const READY = /Kafka Connect started/;
const REST = /REST server listening at http:\/\/[^:]+:(\d+)\//;
const READY_TIMEOUT_MS = 30_000;

/** A port free right now (bound then released), for a broker listener the test must know in advance. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The shipped worker file with the embedded broker on 127.0.0.1:`port`, bootstrap.servers to match, REST on a free
 * port, and `extra` keys appended (later keys win, as in Java properties).
 */
export function writeWorkerProperties(dir: string, port: number, extra: Record<string, string> = {}): string {
  const shipped = readFileSync(path.join(REPO, 'config/connect-standalone.properties'), 'utf8');
  const rewritten = shipped
    .replace(/^bootstrap\.servers=.*$/m, `bootstrap.servers=127.0.0.1:${port}`)
    .replace(/^embedded\.broker\.listeners=.*$/m, `embedded.broker.listeners=PLAINTEXT://127.0.0.1:${port}`)
    .replace(/^embedded\.broker\.advertised\.listeners=.*$/m, `embedded.broker.advertised.listeners=PLAINTEXT://127.0.0.1:${port}`);
  const lines = [rewritten, 'listeners=http://127.0.0.1:0', ...Object.entries(extra).map(([k, v]) => `${k}=${v}`)];
  const file = path.join(dir, 'worker.properties');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Copies the shipped connector files into `dir` unchanged; returns their paths (relative to `dir`). */
export function copyShippedConnectors(dir: string): string[] {
  const names = ['connect-file-source.properties', 'connect-file-sink.properties'];
  for (const name of names) copyFileSync(path.join(REPO, 'config', name), path.join(dir, name));
  return names;
}

export interface ExitedConnect {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** One `connect-standalone` process. */
export class ConnectProcess {
  readonly dir: string;
  readonly child: ChildProcess;
  #stdout = '';
  #stderr = '';
  readonly #exited: Promise<ExitedConnect>;

  constructor(dir: string, args: readonly string[]) {
    this.dir = dir;
    this.child = spawn(process.execPath, [ENTRY, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    trackProcess(this.child);
    this.child.stdout!.setEncoding('utf8');
    this.child.stderr!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      this.#stdout += chunk;
    });
    this.child.stderr!.on('data', (chunk: string) => {
      this.#stderr += chunk;
    });
    this.#exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => resolve({ code, signal, stdout: this.#stdout, stderr: this.#stderr }));
    });
  }

  get output(): string {
    return `${this.#stdout}\n--- stderr ---\n${this.#stderr}`;
  }

  get exited(): Promise<ExitedConnect> {
    return this.#exited;
  }

  /** The REST port the worker bound. */
  get restPort(): number {
    const match = REST.exec(this.#stdout);
    if (match === null) throw new Error(`no REST listener in the output:\n${this.output}`);
    return Number(match[1]);
  }

  /** Resolves once the worker logged that it started; rejects with its output if it exits or times out first. */
  async ready(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!READY.test(this.#stdout)) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`connect-standalone exited before it was ready:\n${this.output}`);
      }
      if (Date.now() > deadline) throw new Error(`connect-standalone not ready within ${READY_TIMEOUT_MS} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`, then throws). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 60_000): Promise<ExitedConnect> {
    this.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([this.#exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.child.kill('SIGKILL');
      await this.#exited;
      throw new Error(`connect-standalone did not exit within ${timeoutMs} ms of ${signal}:\n${this.output}`);
    }
    return outcome;
  }

  async rest(pathname: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`http://127.0.0.1:${this.restPort}${pathname}`);
    return { status: response.status, body: await response.json() };
  }
}

/** Starts a worker and waits until it is ready. */
export async function startConnect(dir: string, args: readonly string[]): Promise<ConnectProcess> {
  const connect = new ConnectProcess(dir, args);
  await connect.ready();
  return connect;
}

/** Runs a worker expected to refuse to start; fails if it is still running after `timeoutMs`. */
export async function runConnectToExit(dir: string, args: readonly string[], timeoutMs = 30_000): Promise<ExitedConnect> {
  const connect = new ConnectProcess(dir, args);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([connect.exited, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    connect.child.kill('SIGKILL');
    await connect.exited;
    throw new Error(`connect-standalone kept running instead of refusing to start:\n${connect.output}`);
  }
  return outcome;
}

/** The lines of a file (without the final newline's empty entry); [] when it does not exist yet. */
export function readLines(file: string): string[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  if (text === '') return [];
  return text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
}
