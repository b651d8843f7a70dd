/**
 * Replaces the text between two marker lines of a Markdown file, so that a benchmark can keep its latest table in
 * `bench/README.md` without touching the prose around it (HTML comments do not render).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export class ReadmeMarkerError extends Error {
  readonly file: string;
  readonly marker: string;

  constructor(file: string, marker: string) {
    super(`${file} has no line "${marker}" (in order: begin, then end)`);
    this.name = 'ReadmeMarkerError';
    this.file = file;
    this.marker = marker;
  }
}

/** @throws ReadmeMarkerError when either marker line is missing or they are out of order */
export function replaceMarkedBlock(file: string, begin: string, end: string, content: string): void {
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(`${begin}\n`);
  if (from < 0) throw new ReadmeMarkerError(file, begin);
  const bodyStart = from + begin.length + 1;
  const to = text.indexOf(`${end}\n`, bodyStart);
  if (to < 0) throw new ReadmeMarkerError(file, end);
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${text.slice(0, bodyStart)}${content.trimEnd()}\n${text.slice(to)}`);
  renameSync(temporary, file);
}
