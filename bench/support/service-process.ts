/**
 * A peer server (RabbitMQ, Redis, ActiveMQ, rsyslog) run as a child of the benchmark: its output goes to a log file
 * in the peer's throwaway directory, readiness is a TCP port on 127.0.0.1 accepting connections (or a log line),
 * and stopping is SIGTERM to the process doing the work, then SIGKILL to the whole tree should it hang. Nothing is
 * left running: `dispose()` kills what is still alive.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { descendants, findProcess } from './process-tree.js';
import { commandLine, shellQuote } from './timed-command.js';

const POLL_MS = 100;
const STOP_TIMEOUT_MS = 60_000;

export class ServiceStartError extends Error {
  readonly service: string;

  constructor(service: string, detail: string, logTail: string) {
    super(`${service} did not start: ${detail}; its log ends:\n${logTail}`);
    this.name = 'ServiceStartError';
    this.service = service;
  }
}

export interface ServiceSpec {
  /** Short name for messages, e.g. `redis`. */
  name: string;
  command: string;
  args: readonly string[];
  env?: Readonly<Record<string, string>>;
  cwd?: string;
  logFile: string;
  /** The command name (`/proc/<pid>/comm`) of the process whose CPU and memory count: the launcher or a child. */
  serverComm: string;
  readyTimeoutMs: number;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export class ServiceProcess {
  /** Every service started and not yet stopped, so that an interrupted harness can kill them all. */
  static readonly live = new Set<ServiceProcess>();
  readonly spec: ServiceSpec;
  #child: ChildProcess | undefined;
  #serverPid = 0;

  constructor(spec: ServiceSpec) {
    this.spec = spec;
  }

  get commandLine(): string {
    const env = Object.entries(this.spec.env ?? {}).map(([key, value]) => `${key}=${shellQuote(value)}`);
    return [...env, commandLine(this.spec.command, this.spec.args)].join(' ');
  }

  /** The process doing the work; its CPU seconds and RSS are the peer's figures. */
  get serverPid(): number {
    return this.#serverPid;
  }

  get running(): boolean {
    const child = this.#child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  logTail(bytes = 4000): string {
    try {
      return readFileSync(this.spec.logFile, 'utf8').slice(-bytes);
    } catch {
      return '(no log)';
    }
  }

  /**
   * Spawns the server and resolves with the spawn→ready time once `ready()` says so.
   * @throws ServiceStartError when it exits first or is not ready in time
   */
  async start(ready: () => Promise<boolean>, log: (line: string) => void): Promise<number> {
    log(`$ ${this.commandLine}`);
    const out = openSync(this.spec.logFile, 'a');
    const startedAt = performance.now();
    let child: ChildProcess;
    try {
      child = spawn(this.spec.command, [...this.spec.args], {
        cwd: this.spec.cwd,
        env: { ...process.env, ...this.spec.env },
        stdio: ['ignore', out, out],
      });
    } finally {
      closeSync(out);
    }
    this.#child = child;
    ServiceProcess.live.add(this);
    child.once('exit', () => ServiceProcess.live.delete(this));
    let spawnError: Error | undefined;
    child.once('error', (error) => {
      spawnError = error;
    });
    const deadline = startedAt + this.spec.readyTimeoutMs;
    while (performance.now() < deadline) {
      if (spawnError !== undefined) throw new ServiceStartError(this.spec.name, spawnError.message, this.logTail());
      if (!this.running) {
        throw new ServiceStartError(this.spec.name, `exited with ${child.exitCode ?? child.signalCode}`, this.logTail());
      }
      if (await ready()) {
        const pid = child.pid as number;
        this.#serverPid = findProcess(pid, this.spec.serverComm) ?? pid;
        return performance.now() - startedAt;
      }
      await sleep(POLL_MS);
    }
    await this.dispose();
    throw new ServiceStartError(this.spec.name, `not ready within ${this.spec.readyTimeoutMs} ms`, this.logTail());
  }

  /** Readiness by TCP: the port accepts a connection. */
  static portReady(port: number): () => Promise<boolean> {
    return () => portOpen(port);
  }

  /** SIGTERM to the server process; SIGKILL to the tree if it has not exited within a minute. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child === undefined || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const tree = [child.pid as number, ...descendants(child.pid as number).map((entry) => entry.pid)];
    signal(this.#serverPid, 'SIGTERM');
    if (this.#serverPid !== child.pid) signal(child.pid as number, 'SIGTERM');
    const abort = new AbortController();
    const timeout = sleep(STOP_TIMEOUT_MS, 'timeout', { signal: abort.signal }).catch(() => 'aborted');
    const outcome = await Promise.race([exited.then(() => 'exited'), timeout]);
    abort.abort();
    if (outcome === 'timeout') {
      for (const pid of tree) signal(pid, 'SIGKILL');
      await exited;
    }
    for (const pid of tree) signal(pid, 'SIGKILL');
  }

  /** Kills the whole tree at once; for error paths and interrupts. */
  async dispose(): Promise<void> {
    const child = this.#child;
    if (child === undefined || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    for (const entry of descendants(child.pid as number)) signal(entry.pid, 'SIGKILL');
    signal(child.pid as number, 'SIGKILL');
    await exited;
  }
}

/** Signals a process that may already be gone; only ESRCH (no such process) is expected and ignored. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
