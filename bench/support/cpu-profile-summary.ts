/**
 * Top hot spots of `node --cpu-prof` profiles, by self time per function and per source file:
 * `node dist/bench/support/cpu-profile-summary.js [--top N] FILE.cpuprofile…` (several files are added up, e.g. the
 * three measured runs of one client). `(idle)` is excluded from the percentages: they are shares of busy time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatNumber, markdownTable } from './markdown-table.js';

/** The parts of V8's `.cpuprofile` JSON that are read here. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

class CpuProfileError extends Error {
  readonly file: string;

  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'CpuProfileError';
    this.file = file;
  }
}

const IDLE = '(idle)';

/** `src/client/producer/sender.js` rather than a file URL; node internals and builtins keep their names. */
function shortUrl(url: string): string {
  if (url === '') return '';
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

/** Self time in µs per function key and per file, added into the given maps. */
function addProfile(file: string, byFunction: Map<string, number>, byFile: Map<string, number>): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  if (!Array.isArray(profile.samples) || profile.samples.length !== profile.timeDeltas?.length) {
    throw new CpuProfileError(file, 'not a V8 .cpuprofile (samples and timeDeltas missing or of different lengths)');
  }
  const keys = new Map<number, { fn: string; file: string }>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = shortUrl(url);
    const name = functionName === '' ? '(anonymous)' : functionName;
    keys.set(node.id, { fn: where === '' ? name : `${name} ${where}:${lineNumber + 1}`, file: where === '' ? name : where });
  }
  // A sample's time is the delta to the next sample, so each delta is charged to the previous sample's node.
  for (let i = 0; i < profile.samples.length; i++) {
    const key = keys.get(profile.samples[i] as number);
    const micros = profile.timeDeltas[i + 1] ?? 0;
    if (key === undefined) continue;
    byFunction.set(key.fn, (byFunction.get(key.fn) ?? 0) + micros);
    byFile.set(key.file, (byFile.get(key.file) ?? 0) + micros);
  }
}

function top(map: Map<string, number>, busy: number, count: number, header: string): string {
  const rows = [...map].filter(([key]) => key !== IDLE).sort((a, b) => b[1] - a[1]).slice(0, count);
  return markdownTable(
    [header, 'self ms', '% of busy'],
    rows.map(([key, micros]) => [key, formatNumber(micros / 1000), formatNumber((100 * micros) / busy, 1)]),
  );
}

/** The report for these profiles: busy and idle time, then the top functions and files by self time. */
function summarise(files: readonly string[], count: number): string {
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const file of files) addProfile(file, byFunction, byFile);
  const total = [...byFile.values()].reduce((sum, micros) => sum + micros, 0);
  const idle = byFile.get(IDLE) ?? 0;
  const busy = Math.max(1, total - idle);
  return [
    `${files.length} profile(s): ${formatNumber(busy / 1000)} ms busy, ${formatNumber(idle / 1000)} ms idle`,
    '',
    top(byFunction, busy, count, 'function (self time)'),
    '',
    top(byFile, busy, count, 'file (self time)'),
  ].join('\n');
}

function main(): number {
  const { values, positionals } = parseArgs({ options: { top: { type: 'string' } }, allowPositionals: true, strict: true });
  const count = Number(values.top ?? 25);
  if (positionals.length === 0 || !Number.isSafeInteger(count) || count < 1) {
    console.error('usage: node dist/bench/support/cpu-profile-summary.js [--top N] FILE.cpuprofile…');
    return 2;
  }
  console.log(summarise(positionals, count));
  return 0;
}

process.exitCode = main();
