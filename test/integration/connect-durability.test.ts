import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, tmpDir } from '../support/broker-process.js';
import { eventually, kcatConsume, requireTool, size } from '../support/tools.js';
import { copyShippedConnectors, freePort, readLines, startConnect, writeWorkerProperties } from './connect-harness.js';
import type { ConnectProcess } from './connect-harness.js';

/**
 * Acceptance 2: a worker killed (kill -9) or stopped (SIGTERM) while lines flow, then restarted. Every line of the
 * source file must reach the sink file in order; after kill -9 only the last unflushed interval may repeat, after
 * SIGTERM nothing. The flush interval is 1 s here (the shipped file says 10 s) so that several flushes happen
 * while the lines flow and "the last interval" is a small part of the run.
 */

const LINES = size(10_000, 200_000);
/** The lines are written over CHUNKS × CHUNK_PAUSE_MS (8 s), so each flush interval covers an eighth of them. */
const CHUNKS = 80;
const CHUNK_PAUSE_MS = 100;
const FLUSH_INTERVAL_MS = 1000;
const LINES_PER_INTERVAL = (LINES / (CHUNKS * CHUNK_PAUSE_MS)) * FLUSH_INTERVAL_MS;

function line(n: number): string {
  return `line-${String(n).padStart(7, '0')}`;
}

/** Appends the lines in chunks, as a program logging steadily would; resolves when all are written. */
async function writeLines(file: string): Promise<void> {
  const perChunk = Math.ceil(LINES / CHUNKS);
  for (let start = 1; start <= LINES; start += perChunk) {
    let text = '';
    for (let n = start; n < start + perChunk && n <= LINES; n++) text += `${line(n)}\n`;
    appendFileSync(file, text);
    await new Promise((resolve) => setTimeout(resolve, CHUNK_PAUSE_MS));
  }
}

interface Delivery {
  readonly total: number;
  readonly duplicates: number;
  /** The lowest line number seen twice, or null. */
  readonly firstDuplicate: number | null;
}

/**
 * Checks that `lines` holds every line, first occurrences in order; repeats are allowed (a redelivery after a
 * crash) and counted. A source and a sink each redeliver from their own last commit, so repeats may form more than
 * one block.
 */
function checkDelivery(lines: readonly string[], what: string): Delivery {
  let expected = 1;
  let duplicates = 0;
  let firstDuplicate: number | null = null;
  for (const text of lines) {
    const n = Number(text.slice('line-'.length));
    assert.equal(text, line(n), `${what}: unexpected line ${JSON.stringify(text)}`);
    if (n === expected) {
      expected++;
      continue;
    }
    assert.ok(n < expected, `${what}: line ${n} arrived before line ${expected}`);
    duplicates++;
    firstDuplicate = Math.min(firstDuplicate ?? n, n);
  }
  assert.equal(expected - 1, LINES, `${what}: ${expected - 1} of ${LINES} lines arrived`);
  return { total: lines.length, duplicates, firstDuplicate };
}

describe('connect-standalone after kill -9 and SIGTERM (issue 4, acceptance 2)', function () {
  this.timeout(size(180_000, 900_000));
  before(() => requireTool('kcat', 'apt-get install kcat'));
  after(cleanup);

  async function run(signal: 'SIGKILL' | 'SIGTERM'): Promise<{ sink: Delivery; topic: Delivery; stoppedAt: number }> {
    const dir = tmpDir('millrace-connect-durability-');
    const source = path.join(dir, 'data.txt');
    const sinkFile = path.join(dir, 'test.sink.txt');
    writeFileSync(source, '');
    const port = await freePort();
    const args = [writeWorkerProperties(dir, port, { 'offset.flush.interval.ms': String(FLUSH_INTERVAL_MS) }), ...copyShippedConnectors(dir)];
    let connect: ConnectProcess = await startConnect(dir, args);
    const writing = writeLines(source);
    try {
      await eventually(async () => readLines(sinkFile).length, (n) => n >= LINES / 2, 120_000);
      // The writer and the flush timers start together and tick in step; stopping at once would always land just
      // after a flush. Part of an interval later, the stop finds lines sent but not yet committed, as a crash would.
      await new Promise((resolve) => setTimeout(resolve, 0.6 * FLUSH_INTERVAL_MS));
      const exit = await connect.stop(signal);
      if (signal === 'SIGTERM') assert.equal(exit.code, 0, connect.output);
      const stoppedAt = readLines(sinkFile).length;
      await writing;
      connect = await startConnect(dir, args);
      await eventually(async () => readLines(sinkFile), (lines) => lines.at(-1) === line(LINES), size(60_000, 300_000), (l) => `${l.length} lines, last ${l.at(-1)}`);
      // Whatever is still on its way would show up within a few flush intervals.
      await new Promise((resolve) => setTimeout(resolve, 3 * FLUSH_INTERVAL_MS));
      const topicLines = (await kcatConsume(`127.0.0.1:${port}`, 'connect-test', { timeoutMs: 120_000 }))
        .toString('utf8')
        .trimEnd()
        .split('\n')
        .map((json) => (JSON.parse(json) as { payload: string }).payload);
      return { sink: checkDelivery(readLines(sinkFile), 'sink file'), topic: checkDelivery(topicLines, 'topic'), stoppedAt };
    } finally {
      await writing;
      if (connect.child.exitCode === null && connect.child.signalCode === null) {
        assert.equal((await connect.stop('SIGTERM')).code, 0, connect.output);
      }
    }
  }

  it(`kill -9 after ${LINES / 2} of ${LINES} lines flowed, restart: every line in order, repeats only from the last unflushed interval`, async () => {
    const { sink, topic, stoppedAt } = await run('SIGKILL');
    console.log(
      `      after kill -9 at line ${stoppedAt}: ${sink.duplicates} lines repeated in the sink file (from ${sink.firstDuplicate}), ` +
        `${topic.duplicates} records in the topic (from ${topic.firstDuplicate}); ${Math.round(LINES_PER_INTERVAL)} lines flow per flush interval`,
    );
    // Source and sink each commit every interval, so each repeats at most the interval before the kill; allow
    // three intervals for the two commits not being aligned with each other or with the kill.
    const oldestRepeatable = stoppedAt - 3 * LINES_PER_INTERVAL;
    for (const [what, delivery] of [['sink file', sink], ['topic', topic]] as const) {
      if (delivery.firstDuplicate !== null) {
        assert.ok(delivery.firstDuplicate > oldestRepeatable, `${what} repeated line ${delivery.firstDuplicate}, committed long before the kill at ${stoppedAt}`);
      }
    }
  });

  it(`SIGTERM after ${LINES / 2} of ${LINES} lines flowed, restart: every line exactly once`, async () => {
    const { sink, topic } = await run('SIGTERM');
    assert.equal(sink.duplicates, 0, `sink file repeated lines from ${sink.firstDuplicate}`);
    assert.equal(topic.duplicates, 0, `topic repeated records from ${topic.firstDuplicate}`);
    assert.equal(sink.total, LINES);
    assert.equal(topic.total, LINES);
  });
});
