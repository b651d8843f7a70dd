/**
 * Where a suite's report goes: the terminal (context, tables, command lines), `bench/results/<suite>.json`,
 * `bench/results/<suite>.svg`, and the suite's block in `bench/README.md` between its marker comments.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable } from './markdown-table.js';
import { ReadmeMarkerError, replaceMarkedBlock } from './readme-block.js';
import type { SuiteReport } from './suite.js';
import { svgBarCharts } from './svg-bar-chart.js';
import { writeFileAtomically, writeJsonFile } from './atomic-file.js';

export const RESULTS_DIR = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
export const README_FILE = fileURLToPath(new URL('../../../bench/README.md', import.meta.url));

/** The context lines and tables as Markdown, the same text the terminal shows. */
export function reportMarkdown(report: SuiteReport): string {
  const parts = ['```text', ...report.context, '```'];
  for (const table of report.tables) parts.push('', `**${table.title}**`, '', markdownTable(table.headers, table.rows));
  if (report.skipped.length > 0) {
    parts.push('', 'Skipped:', ...report.skipped.map((skipped) => `- ${skipped.peer}: ${skipped.reason}`));
  }
  if (report.failures.length > 0) parts.push('', 'Failures:', ...report.failures.map((failure) => `- ${failure}`));
  return parts.join('\n');
}

export function printReport(report: SuiteReport, log: (line: string) => void): void {
  log('');
  log(`## ${report.suite}`);
  log('');
  log(reportMarkdown(report));
  log('');
  log('Command lines (one of each kind; every one is in the JSON file):');
  const kinds = new Set<string>();
  for (const line of report.commandLines) {
    // Runs differ only in topic names, ports and counts: one line of each shape is enough to reproduce them.
    const kind = line.replace(/\d+/g, 'N');
    if (kinds.has(kind)) continue;
    kinds.add(kind);
    log(`  ${line}`);
  }
}

export function readmeMarkers(suite: string): { begin: string; end: string } {
  return { begin: `<!-- bench:${suite} begin (written by npm run bench) -->`, end: `<!-- bench:${suite} end -->` };
}

/**
 * Writes the JSON and SVG files into `dir` (bench/results, or elsewhere for quick runs whose figures must not replace
 * the published ones), and the README block when asked and the README has this suite's markers.
 */
export function writeReport(report: SuiteReport, dir: string, updateReadme: boolean, log: (line: string) => void): void {
  const json = path.join(dir, `${report.suite}.json`);
  writeJsonFile(json, report);
  const files = [json];
  if (report.charts.length > 0) {
    const svg = path.join(dir, `${report.suite}.svg`);
    writeFileAtomically(svg, svgBarCharts(report.charts));
    files.push(svg);
  }
  log(`written: ${files.map((file) => path.relative(process.cwd(), file)).join(', ')}`);
  if (!updateReadme) return;
  const { begin, end } = readmeMarkers(report.suite);
  const chart = report.charts.length > 0 ? `\n\n![${report.suite}](results/${report.suite}.svg)` : '';
  try {
    replaceMarkedBlock(README_FILE, begin, end, reportMarkdown(report) + chart);
    log(`table written to ${path.relative(process.cwd(), README_FILE)}`);
  } catch (error) {
    if (!(error instanceof ReadmeMarkerError)) throw error;
    log(`README not updated: ${error.message}`);
  }
}

/** A report written earlier, e.g. by `bench/client.js`, which the harness runs as a child. */
export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}
