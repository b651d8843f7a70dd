import { Command } from 'commander';
import { UsageError } from './usage-error.js';

/**
 * A `millrace <tool>` subcommand that reports commander's own parse errors (unknown option, missing option value)
 * as one `millrace: …` line with exit code 1, like the errors the tools raise themselves, instead of the usage
 * text Kafka's scripts dump.
 */
export function toolCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .showHelpAfterError(false)
    .allowExcessArguments(false)
    .configureOutput({ outputError: (text, write) => write(`millrace: ${text.replace(/^error: /, '')}`) });
}

/** Commander's accumulator for a repeatable option (`--config a=1 --config b=2`). */
export function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

/** Kafka's `OptionSpec` rendering in its usage errors: `--topic` → `"[topic]"`. */
export function optionName(flag: string): string {
  return `"[${flag.replace(/^--/, '')}]"`;
}

/** Kafka's `CommandLineUtils.checkRequiredArgs` wording. */
export function requireOption<T>(value: T | undefined, flag: string): T {
  if (value === undefined) throw new UsageError(`Missing required argument ${optionName(flag)}`);
  return value;
}

/**
 * Kafka's `CommandLineUtils.checkInvalidArgs`: when `flag` was given, the first flag of `others` also given is a
 * usage error naming both.
 */
export function rejectWith(flag: string, given: boolean, others: Readonly<Record<string, boolean>>): void {
  if (!given) return;
  for (const [other, present] of Object.entries(others)) {
    if (present) throw new UsageError(`Option ${optionName(flag)} can't be used with option ${optionName(other)}`);
  }
}

/** Kafka's `--bootstrap-server host1:9092,host2:9092`: comma-separated, blanks ignored. */
export function splitServers(list: string): string[] {
  return list.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * A whole decimal integer within [min, max]; what joptsimple's `ofType(Integer)` accepts, with the bounds each
 * tool checks afterwards folded in.
 */
export function parseIntArg(flag: string, text: string, min = -(2 ** 31), max = 2 ** 31 - 1): number {
  const value = /^[+-]?\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === 2 ** 31 - 1 ? `an integer >= ${min}` : `an integer in ${min}..${max}`;
    throw new UsageError(`${flag} expects ${range}, got "${text}"`);
  }
  return value;
}

/**
 * An offset argument (`--to-offset 7`, `--shift-by -3`). Offsets are JavaScript numbers throughout the client,
 * so the range is the safe-integer one rather than Java's long.
 */
export function parseLongArg(flag: string, text: string, min = Number.MIN_SAFE_INTEGER): number {
  const trimmed = text.trim();
  const value = /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${flag} expects ${min === 0 ? 'a non-negative integer' : 'an integer'}, got "${text}"`);
  }
  return value;
}
