/** Runs a child whose own output is the point (a benchmark script printing its tables) with the terminal as its stdout. */
import { spawn } from 'node:child_process';
import { commandLine } from './timed-command.js';

/** Resolves with the exit code (null when killed by a signal). */
export function runInherited(command: string, args: readonly string[], log: (line: string) => void): Promise<number | null> {
  log(`$ ${commandLine(command, args)}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}
