/**
 * Runs a peer tool (kcat) under GNU `/usr/bin/time`, so that besides the wall time measured here the report shows
 * the tool's own CPU use and peak RSS: on a 2-core machine the client competes with the broker, and a figure is
 * only meaningful next to what the client itself consumed.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const TIME = '/usr/bin/time';
const NEWLINE = 0x0a;
const KEEP_STDERR = 64 * 1024;

export class CommandFailedError extends Error {
  readonly commandLine: string;
  readonly exitCode: number | null;

  constructor(commandLine: string, exitCode: number | null, detail: string) {
    super(`${commandLine} failed (exit code ${exitCode}): ${detail}`);
    this.name = 'CommandFailedError';
    this.commandLine = commandLine;
    this.exitCode = exitCode;
  }
}

export interface TimedResult {
  commandLine: string;
  wallMs: number;
  userSeconds: number;
  systemSeconds: number;
  maxRssKiB: number;
  /**
   * Newline-terminated lines and bytes the command wrote to stdout, counted as they stream past (never stored);
   * undefined when stdout went to /dev/null.
   */
  stdoutLines: number | undefined;
  stdoutBytes: number | undefined;
  stderr: string;
}

/** Quotes an argument only when a shell would need it, so printed command lines can be pasted back. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function commandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map(shellQuote).join(' ');
}

/**
 * Where the command's stdout goes. `discard` is /dev/null, as a benchmark figure needs: a consumer writing into a
 * pipe or a file is paced by its reader (librdkafka stops fetching while its queue is full), which measures the
 * sink rather than the broker. `count` pipes it here to count lines and bytes, for verification runs.
 */
export type StdoutMode = 'discard' | 'count';

/** Runs `command args…` to completion; throws `CommandFailedError` unless it exits 0 with a time report. */
export async function runTimed(
  command: string,
  args: readonly string[],
  log: (line: string) => void,
  stdoutMode: StdoutMode = 'discard',
): Promise<TimedResult> {
  const line = commandLine(command, args);
  log(`$ ${line} ${stdoutMode === 'discard' ? '> /dev/null' : '| (count lines and bytes)'}`);
  const timeDir = mkdtempSync(path.join(tmpdir(), 'millrace-bench-time-'));
  const timeFile = path.join(timeDir, 'time.txt');
  const devNull = stdoutMode === 'discard' ? openSync('/dev/null', 'w') : undefined;
  try {
    const startedAt = performance.now();
    const child = spawn(TIME, ['-f', '%e %U %S %M', '-o', timeFile, command, ...args], {
      stdio: ['ignore', devNull ?? 'pipe', 'pipe'],
    });
    const counted = devNull === undefined ? { lines: 0, bytes: 0 } : undefined;
    child.stdout?.on('data', (chunk: Buffer) => {
      if (counted === undefined) return;
      counted.bytes += chunk.length;
      let at = chunk.indexOf(NEWLINE);
      while (at >= 0) {
        counted.lines++;
        at = chunk.indexOf(NEWLINE, at + 1);
      }
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > 2 * KEEP_STDERR) stderr = stderr.slice(-KEEP_STDERR);
    });
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve(code));
    });
    const wallMs = performance.now() - startedAt;
    if (exitCode !== 0) throw new CommandFailedError(line, exitCode, stderr.slice(-4000));
    const fields = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
    const [, user, system, maxRss] = fields;
    if (user === undefined || system === undefined || maxRss === undefined) {
      throw new CommandFailedError(line, exitCode, `unexpected ${TIME} output in ${timeFile}`);
    }
    return {
      commandLine: line,
      wallMs,
      userSeconds: user,
      systemSeconds: system,
      maxRssKiB: maxRss,
      stdoutLines: counted?.lines,
      stdoutBytes: counted?.bytes,
      stderr,
    };
  } finally {
    if (devNull !== undefined) closeSync(devNull);
    rmSync(timeDir, { recursive: true, force: true });
  }
}
