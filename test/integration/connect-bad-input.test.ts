import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, tmpDir } from '../support/broker-process.js';
import { copyShippedConnectors, freePort, runConnectToExit, writeWorkerProperties } from './connect-harness.js';

/**
 * Acceptance 5: each bad input stops connect-standalone before it starts anything — one line on stderr naming the
 * file, line and key, exit code 1, and nothing written (no broker data, no offsets, no sink file).
 */

interface Case {
  readonly title: string;
  /** Changes the copied files in `dir` to the bad input. */
  readonly prepare: (dir: string) => void;
  /** What the one stderr line must say. */
  readonly expected: RegExp;
}

const SOURCE = 'connect-file-source.properties';

function edit(dir: string, file: string, change: (text: string) => string): void {
  const p = path.join(dir, file);
  writeFileSync(p, change(readFileSync(p, 'utf8')));
}

/** The 1-based line of the first line starting with `prefix` in the shipped source file. */
function shippedLine(prefix: string, dir: string): number {
  return readFileSync(path.join(dir, SOURCE), 'utf8').split('\n').findIndex((l) => l.startsWith(prefix)) + 1;
}

const CASES: Case[] = [
  {
    title: 'unknown connector.class (lists the available ones)',
    prepare: (dir) => edit(dir, SOURCE, (t) => t.replace('connector.class=FileStreamSource', 'connector.class=FileStreamSorce')),
    expected: /^connect-standalone: connect-file-source\.properties:(\d+): connector\.class: no connector named 'FileStreamSorce'; available: .*org\.apache\.kafka\.connect\.file\.FileStreamSourceConnector.*FileStreamSink/,
  },
  {
    title: 'missing topic',
    prepare: (dir) => edit(dir, SOURCE, (t) => t.replace(/^topic=.*\n/m, '')),
    expected: /^connect-standalone: connect-file-source\.properties: topic: missing required configuration/,
  },
  {
    title: 'tasks.max=abc',
    prepare: (dir) => edit(dir, SOURCE, (t) => t.replace('tasks.max=1', 'tasks.max=abc')),
    expected: /^connect-standalone: connect-file-source\.properties:(\d+): tasks\.max: expected an integer >= 1, got "abc"$/,
  },
  {
    title: 'malformed properties line',
    prepare: (dir) => edit(dir, SOURCE, (t) => `${t}file.encoding=\\u00e9\\uZZZZ\n`),
    expected: /^connect-standalone: connect-file-source\.properties:(\d+): malformed \\uXXXX escape$/,
  },
  {
    title: 'unreadable offset file (corrupt JSON)',
    prepare: (dir) => {
      mkdirSync(path.join(dir, 'data'));
      writeFileSync(path.join(dir, 'data', 'connect.offsets'), '{"version":1,"offsets":[{"connector":"local-file-source"');
    },
    expected: /^connect-standalone: \.\/data\/connect\.offsets: offset file is not valid JSON .*\(offset\.storage\.file\.filename\)$/,
  },
];

function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('connect-standalone refuses bad input (issue 4, acceptance 5)', function () {
  this.timeout(60_000);
  after(cleanup);

  for (const c of CASES) {
    it(c.title, async () => {
      const dir = tmpDir('millrace-connect-bad-');
      writeFileSync(path.join(dir, 'data.txt'), 'foo\nbar\n');
      const worker = writeWorkerProperties(dir, await freePort());
      const connectors = copyShippedConnectors(dir);
      c.prepare(dir);
      const before = listTree(dir);
      const offsetsBefore = before.includes(path.join('data', 'connect.offsets')) ? readFileSync(path.join(dir, 'data', 'connect.offsets'), 'utf8') : null;
      const exit = await runConnectToExit(dir, [path.basename(worker), ...connectors]);
      assert.equal(exit.code, 1, `exit code ${exit.code}; stdout:\n${exit.stdout}\nstderr:\n${exit.stderr}`);
      const lines = exit.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, `expected one line on stderr, got:\n${exit.stderr}`);
      const match = c.expected.exec(lines[0]!);
      assert.ok(match !== null, `stderr ${JSON.stringify(lines[0])} does not match ${c.expected}`);
      if (c.title === 'tasks.max=abc') assert.equal(Number(match[1]), shippedLine('tasks.max', dir));
      if (c.title.startsWith('unknown connector.class')) assert.equal(Number(match[1]), shippedLine('connector.class', dir));
      if (c.title === 'malformed properties line') assert.equal(Number(match[1]), readFileSync(path.join(dir, SOURCE), 'utf8').trimEnd().split('\n').length);
      assert.deepEqual(listTree(dir), before, 'connect-standalone wrote files although it refused to start');
      if (offsetsBefore !== null) assert.equal(readFileSync(path.join(dir, 'data', 'connect.offsets'), 'utf8'), offsetsBefore);
    });
  }

  it('reports every bad key of every file in one run', async () => {
    const dir = tmpDir('millrace-connect-bad-');
    const worker = writeWorkerProperties(dir, await freePort(), { 'offset.flush.interval.ms': 'often' });
    const connectors = copyShippedConnectors(dir);
    edit(dir, SOURCE, (t) => t.replace('tasks.max=1', 'tasks.max=0'));
    edit(dir, 'connect-file-sink.properties', (t) => t.replace(/^topics=.*\n/m, ''));
    const exit = await runConnectToExit(dir, [path.basename(worker), ...connectors]);
    assert.equal(exit.code, 1);
    const lines = exit.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 3, exit.stderr);
    assert.ok(lines.some((l) => /worker\.properties:\d+: offset\.flush\.interval\.ms: expected a long integer >= 0, got "often"/.test(l)), exit.stderr);
    assert.ok(lines.some((l) => /connect-file-source\.properties:\d+: tasks\.max: expected an integer >= 1, got "0"/.test(l)), exit.stderr);
    assert.ok(lines.some((l) => /connect-file-sink\.properties: topics: missing required configuration/.test(l)), exit.stderr);
  });
});
