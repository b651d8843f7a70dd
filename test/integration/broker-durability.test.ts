import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { cleanup, startBroker, tmpDir } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { assertSucceeded, kcat, kcatConsume, requirePythonKafka, requireTool, size, startPython } from '../support/tools.js';

const MESSAGES = size(20_000, 500_000);
/** Slow enough that the crash lands mid-run, fast enough to keep the small run to a few seconds. */
const RATE_PER_S = size(4_000, 25_000);

/** `%o %s` lines of a partition as [offset, value] pairs. */
async function readOffsets(bootstrap: string, topic: string): Promise<[number, string][]> {
  const out = (await kcatConsume(bootstrap, topic, { format: '%o %s\n', timeoutMs: size(60_000, 600_000) })).toString();
  if (out === '') return [];
  return out
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const space = line.indexOf(' ');
      return [Number(line.slice(0, space)), line.slice(space + 1)];
    });
}

function assertNoGaps(records: readonly [number, string][]): void {
  records.forEach(([offset], index) => {
    if (offset !== index) assert.fail(`offset gap: record #${index} has offset ${offset}`);
  });
}

async function produceLines(bootstrap: string, topic: string, lines: readonly string[]): Promise<void> {
  const result = await kcat(['-P', '-b', bootstrap, '-t', topic, '-p', '0', '-X', 'acks=all'], {
    input: lines.join('\n') + '\n',
  });
  assertSucceeded(result, `kcat -P to ${topic}`);
}

interface BatchPosition {
  start: number;
  baseOffset: number;
  end: number;
}

/** The active (last) segment of partition 0 of `topic` in a broker's log dir. */
function activeSegment(dataDir: string, topic: string): string {
  const partitionDir = path.join(dataDir, `${topic}-0`);
  if (!existsSync(partitionDir)) {
    const held = existsSync(dataDir) ? JSON.stringify(readdirSync(dataDir)) : 'nothing (it does not exist)';
    assert.fail(`no partition directory ${partitionDir}; the log dir holds ${held}`);
  }
  const segments = readdirSync(partitionDir)
    .filter((name) => name.endsWith('.log'))
    .sort();
  const last = segments.at(-1);
  if (last === undefined) assert.fail(`no .log segment in ${partitionDir}: ${JSON.stringify(readdirSync(partitionDir))}`);
  return path.join(partitionDir, last);
}

/** Walks a segment's record batches by their length fields (stopping at anything that is not a whole batch). */
function batchPositions(file: string): BatchPosition[] {
  const bytes = readFileSync(file);
  const batches: BatchPosition[] = [];
  let position = 0;
  while (position + 12 <= bytes.length) {
    const baseOffset = Number(bytes.readBigInt64BE(position));
    const length = bytes.readInt32BE(position + 8);
    const end = position + 12 + length;
    if (length <= 0 || end > bytes.length) break;
    batches.push({ start: position, baseOffset, end });
    position = end;
  }
  return batches;
}

/** The broker log line that reports a truncation of `bytes` bytes from `file`. */
function truncationLine(logs: string, file: string, bytes: number): string | undefined {
  const name = path.basename(file);
  const count = new RegExp(`(^|\\D)${bytes}(\\D|$)`);
  // The path is taken out before looking for the number, so digits in a temp dir name cannot match it.
  return logs
    .split('\n')
    .find((line) => line.includes(name) && count.test(line.replaceAll(path.dirname(file), '').replaceAll(name, '')));
}

describe('broker durability (acceptance 3)', function () {
  this.timeout(size(180_000, 1_800_000));
  let broker: BrokerHandle | undefined;

  before(function () {
    requireTool('kcat', 'apt-get install kcat');
    requirePythonKafka();
  });

  after(async function () {
    try {
      if (broker?.running) await broker.stop();
    } finally {
      await cleanup();
    }
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed' && broker !== undefined) {
      console.log(`--- broker output ---\n${broker.allLogs().slice(-30_000)}`);
    }
  });

  it(`keeps every acknowledged message of ${MESSAGES} across kill -9 (acks=1)`, async function () {
    broker = await startBroker();
    const topic = 'durable';
    const report = path.join(tmpDir(), 'delivered.txt');
    const producer = startPython(
      'delivery-producer.py',
      [broker.bootstrap, topic, String(MESSAGES), report, '1', String(RATE_PER_S)],
      size(180_000, 900_000),
    );
    const deliveredSoFar = (): number =>
      existsSync(report) ? readFileSync(report, 'utf8').split('\n').filter((line) => /^\d/.test(line)).length : 0;
    const crashAfter = Math.floor(MESSAGES / 5);
    const deadline = Date.now() + 60_000;
    while (deliveredSoFar() < crashAfter) {
      if (Date.now() > deadline) assert.fail(`only ${deliveredSoFar()} deliveries reported after 60 s`);
      if (producer.child.exitCode !== null) {
        assert.fail(`producer exited early: ${(await producer.result).stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await broker.kill9();
    const acknowledgedAtCrash = deliveredSoFar();
    assert.ok(acknowledgedAtCrash < MESSAGES, 'the producer finished before the crash: the test proves nothing');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await broker.start();

    const finished = await producer.result;
    assertSucceeded(finished, 'delivery-producer.py');
    const summary = JSON.parse(finished.stdout.toString()) as { delivered: number; failed: number; undelivered: number };
    const failures = readFileSync(report, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('ERR'));
    assert.deepEqual(
      summary,
      { delivered: MESSAGES, failed: 0, undelivered: 0 },
      `${failures.length} failed delivery reports, e.g.:\n${failures.slice(0, 5).join('\n')}`,
    );

    const reported = readFileSync(report, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => line.split(' ').map(Number) as [number, number]);
    const records = await readOffsets(broker.bootstrap, topic);
    assertNoGaps(records);
    const missing = reported.filter(([id, offset]) => records[offset]?.[1] !== `id-${String(id).padStart(9, '0')}`);
    assert.deepEqual(missing.slice(0, 10), [], `${missing.length} acknowledged messages not at their reported offset`);

    await produceLines(broker.bootstrap, topic, ['after-restart']);
    const after = await readOffsets(broker.bootstrap, topic);
    assert.deepEqual(after.at(-1), [records.length, 'after-restart']);
  });

  it('truncates a torn last batch and then appended garbage at start-up, serving everything before it', async function () {
    broker = await startBroker();
    const topic = 'torn';
    for (let run = 0; run < 5; run++) {
      await produceLines(
        broker.bootstrap,
        topic,
        Array.from({ length: 200 }, (_, i) => `run ${run} line ${i} ${'x'.repeat(i % 50)}`),
      );
    }
    const before = await readOffsets(broker.bootstrap, topic);
    assert.equal(before.length, 1000);
    await broker.kill9();

    const segment = activeSegment(broker.dataDir, topic);
    const batches = batchPositions(segment);
    const last = batches.at(-1);
    assert.ok(last !== undefined && batches.length >= 2, `expected several batches in ${segment}, found ${batches.length}`);
    const cut = 37;
    truncateSync(segment, last.start + cut);
    await broker.start();
    assert.ok(
      truncationLine(broker.logs(), segment, cut) !== undefined,
      `no start-up log line names ${path.basename(segment)} and the ${cut} bytes cut; output:\n${broker.logs().slice(0, 5000)}`,
    );
    const expected = before.filter(([offset]) => offset < last.baseOffset);
    assert.deepEqual(await readOffsets(broker.bootstrap, topic), expected);
    await produceLines(broker.bootstrap, topic, ['after-cut']);
    const afterCut = [...expected, [last.baseOffset, 'after-cut'] as [number, string]];
    assert.deepEqual(await readOffsets(broker.bootstrap, topic), afterCut);
    await broker.kill9();

    const garbageSegment = activeSegment(broker.dataDir, topic);
    const sizeBefore = statSync(garbageSegment).size;
    const garbage = Buffer.alloc(100);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 151 + 89) & 0xff;
    appendFileSync(garbageSegment, garbage);
    await broker.start();
    assert.ok(
      truncationLine(broker.logs(), garbageSegment, garbage.length) !== undefined,
      `no start-up log line names ${path.basename(garbageSegment)} and the ${garbage.length} garbage bytes; ` +
        `output:\n${broker.logs().slice(0, 5000)}`,
    );
    assert.deepEqual(await readOffsets(broker.bootstrap, topic), afterCut);
    assert.ok(statSync(garbageSegment).size <= sizeBefore, 'the garbage is still in the segment file');
    await produceLines(broker.bootstrap, topic, ['after-garbage']);
    assert.deepEqual(await readOffsets(broker.bootstrap, topic), [
      ...afterCut,
      [last.baseOffset + 1, 'after-garbage'] as [number, string],
    ]);
  });
});
