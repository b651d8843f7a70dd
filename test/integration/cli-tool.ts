/**
 * Runs `node dist/src/cli/millrace.js <tool> …` for the CLI integration tests, the way a user's shell would:
 * stdin piped (so never a terminal), stdout as bytes, stderr as text, Ctrl+C as SIGINT. Processes are tracked by
 * the broker harness, so `cleanup()` kills any a failed test leaves behind.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPropertiesFile } from '../../src/common/properties.js';
import { trackProcess } from '../support/broker-process.js';
import type { ToolResult } from '../support/tools.js';

export const ENTRY = fileURLToPath(new URL('../../src/cli/millrace.js', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DEFAULT_TIMEOUT_MS = 60_000;

/** A running tool: its output so far, and a way to wait for more. */
export class CliRun {
  readonly child: ChildProcessWithoutNullStreams;
  readonly result: Promise<ToolResult>;
  #stdout: Buffer[] = [];
  #stderr = '';
  #waiters: (() => void)[] = [];

  constructor(args: readonly string[], timeoutMs: number) {
    const child = spawn(process.execPath, [ENTRY, ...args], { stdio: ['pipe', 'pipe', 'pipe'], cwd: REPO });
    this.child = child;
    trackProcess(child);
    child.stdin.on('error', () => undefined);
    child.stdout.on('data', (chunk: Buffer) => {
      this.#stdout.push(chunk);
      this.#notify();
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.#stderr += chunk;
      this.#notify();
    });
    this.result = new Promise<ToolResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`millrace ${args.join(' ')} did not finish within ${timeoutMs} ms; stderr:\n${this.#stderr}`));
      }, timeoutMs);
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        this.#notify();
        resolve({ stdout: this.stdout, stderr: this.#stderr, code, signal });
      });
    });
  }

  get stdout(): Buffer {
    return Buffer.concat(this.#stdout);
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** Resolves once `done` holds for the output so far; rejects if the process exits or time runs out first. */
  async waitFor(done: (stdout: string, stderr: string) => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.stdout.toString('utf8'), this.#stderr)) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`process exited (${this.child.exitCode ?? this.child.signalCode}) first; stdout:\n${this.stdout}\nstderr:\n${this.#stderr}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`output not seen within ${timeoutMs} ms; stdout:\n${this.stdout}\nstderr:\n${this.#stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Ctrl+C, then the outcome. */
  async interrupt(): Promise<ToolResult> {
    this.child.kill('SIGINT');
    return this.result;
  }

  #notify(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }
}

/** Starts a tool in the background; write to `run.child.stdin` for a producer. */
export function startMillrace(args: readonly string[], timeoutMs = DEFAULT_TIMEOUT_MS): CliRun {
  return new CliRun(args, timeoutMs);
}

/** Runs a tool to completion with `input` on stdin (empty when omitted). */
export function millrace(args: readonly string[], input: string | Buffer = '', timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ToolResult> {
  const run = new CliRun(args, timeoutMs);
  run.child.stdin.end(input);
  return run.result;
}

/** Asserts exit code 0, showing stderr otherwise. */
export function assertOk(result: ToolResult, what: string): void {
  assert.equal(result.code, 0, `${what} exited with ${result.code ?? result.signal}; stderr:\n${result.stderr}`);
}

/** A failed run as the CLI promises: exit code 1, exactly one `millrace: …` line on stderr, no stack trace. */
export function assertOneLineError(result: ToolResult, expected: string | RegExp): void {
  assert.equal(result.code, 1, `expected exit code 1, got ${result.code ?? result.signal}; stderr:\n${result.stderr}`);
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${result.stderr}`);
  const line = lines[0]!;
  if (typeof expected === 'string') assert.equal(line, `millrace: ${expected}`);
  else assert.match(line, expected);
}

/** The shipped config/server.properties, minus what the harness sets itself (listener, log dir, broker id). */
export function shippedServerProperties(): Record<string, string> {
  const props: Record<string, string> = {};
  for (const [key, { value }] of readPropertiesFile(path.join(REPO, 'config', 'server.properties'))) {
    if (key !== 'listeners' && key !== 'log.dirs' && key !== 'broker.id') props[key] = value;
  }
  return props;
}
