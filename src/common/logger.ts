import pino from 'pino';
import type { DestinationStream, Level, Logger as PinoLogger } from 'pino';
import { ConfigError } from './config/config-def.js';

/**
 * The project logger: pino, writing synchronously to stdout (no transport worker threads, so nothing is lost when
 * the process exits and lines interleave in order with other output).
 *
 * Lines read like Kafka's log4j output: `[2026-11-24 22:10:00,123] INFO [broker-0/network] message (k=v k2=v2)`,
 * an error's stack on the lines after. `MILLRACE_LOG_FORMAT=json` prints pino's raw JSON lines instead;
 * `MILLRACE_LOG_LEVEL` overrides the level the code asked for.
 */

/** Log methods as modules use them: a message, or fields then an optional message. */
export interface LogFn {
  (msg: string): void;
  (fields: object, msg?: string): void;
}

/** What modules take, so they depend on this interface rather than on pino's types. */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: { component: string }): Logger;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

const LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export interface LoggerOptions {
  /** Shown in brackets on every line; children add their component after a slash. */
  name: string;
  /** @default 'info' */
  level?: LogLevel;
  /** Where lines go; stdout (synchronously) by default. Tests pass a collector. */
  destination?: { write(line: string): unknown };
  /** Defaults to `process.env`; read for `MILLRACE_LOG_LEVEL` and `MILLRACE_LOG_FORMAT`. */
  env?: Readonly<Record<string, string | undefined>>;
}

export const LOG_LEVEL_ENV = 'MILLRACE_LOG_LEVEL';
export const LOG_FORMAT_ENV = 'MILLRACE_LOG_FORMAT';

let stdout: DestinationStream | undefined;

/**
 * @throws ConfigError naming the environment variable when `MILLRACE_LOG_LEVEL` or `MILLRACE_LOG_FORMAT` holds
 *   something unknown
 */
export function createLogger(options: LoggerOptions): PinoLogger {
  const env = options.env ?? process.env;
  const level = envLevel(env) ?? options.level ?? 'info';
  const format = env[LOG_FORMAT_ENV]?.trim().toLowerCase() || 'text';
  if (format !== 'text' && format !== 'json') {
    throw new ConfigError([{ key: LOG_FORMAT_ENV, message: `expected one of [text, json], got ${JSON.stringify(env[LOG_FORMAT_ENV])}` }]);
  }
  const target = options.destination ?? (stdout ??= pino.destination({ dest: 1, sync: true }));
  const stream = format === 'json' ? target : { write: (line: string) => target.write(formatLine(line)) };
  return pino({ name: options.name, level }, stream as DestinationStream);
}

function envLevel(env: Readonly<Record<string, string | undefined>>): LogLevel | undefined {
  const raw = env[LOG_LEVEL_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  const level = raw.trim().toLowerCase();
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError([{ key: LOG_LEVEL_ENV, message: `expected one of [${LEVELS.join(', ')}], got ${JSON.stringify(raw)}` }]);
  }
  return level as LogLevel;
}

const LABELS: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
} satisfies Partial<Record<number, Uppercase<Level>>>;

/** Fields pino adds or that the line shows in its fixed parts, left out of the `(k=v)` list. */
const FIXED_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'name', 'component', 'msg', 'err']);

/** Turns one pino JSON line into the human-readable form. */
export function formatLine(json: string): string {
  const record = JSON.parse(json) as Record<string, unknown>;
  const level = LABELS[record['level'] as number] ?? String(record['level']);
  const component = typeof record['component'] === 'string' ? `/${record['component']}` : '';
  let line = `[${timestamp(record['time'] as number)}] ${level} [${String(record['name'] ?? '')}${component}]`;
  if (typeof record['msg'] === 'string' && record['msg'] !== '') line += ` ${record['msg']}`;
  const fields: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (!FIXED_FIELDS.has(key)) fields.push(`${key}=${fieldValue(value)}`);
  }
  if (fields.length > 0) line += ` (${fields.join(' ')})`;
  const err = record['err'];
  if (typeof err === 'object' && err !== null) {
    const { stack, message } = err as { stack?: unknown; message?: unknown };
    line += `\n${typeof stack === 'string' ? stack : String(message)}`;
  }
  return `${line}\n`;
}

function fieldValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=()]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** log4j's ISO8601 layout in local time: `2026-11-24 22:10:00,123`. */
function timestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`
  );
}
