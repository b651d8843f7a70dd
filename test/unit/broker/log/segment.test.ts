import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogSegment } from '../../../../src/broker/log/segment.js';
import { parseSegmentFileName, segmentFile } from '../../../../src/broker/log/segment-io.js';
import { buildRecordBatch, decodeRecords } from '../../../../src/protocol/record-batch-builder.js';
import { batchBaseOffsetAt, batchLastOffsetAt, batchSizeAt } from '../../../../src/protocol/record-batch.js';

const OPTIONS = { indexIntervalBytes: 200, rollJitterMs: 0, clock: () => 1_000 };

/** A batch of `count` records at `baseOffset`, each value `value-<offset>` padded to ~50 bytes. */
function batch(baseOffset: number, count: number, timestamp = 1_000_000 + baseOffset): Buffer {
  return buildRecordBatch(
    Array.from({ length: count }, (_, i) => ({ key: null, value: Buffer.from(`value-${baseOffset + i}`.padEnd(50, '.')) })),
    { baseOffset, timestamp },
  );
}

function appendBatch(segment: LogSegment, buf: Buffer): void {
  const first = batchBaseOffsetAt(buf, 0);
  const last = batchLastOffsetAt(buf, 0);
  segment.append(buf, first, last, 1_000_000 + first, last);
}

/** Base offsets of the batches in a read result. */
function bases(buf: Buffer): number[] {
  const out: number[] = [];
  for (let pos = 0; pos < buf.length; pos += batchSizeAt(buf, pos)) out.push(batchBaseOffsetAt(buf, pos));
  return out;
}

describe('LogSegment', () => {
  let dir: string;
  let segment: LogSegment;
  /** Batches of 3 records each: offsets 100..129. */
  let batches: Buffer[];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'millrace-'));
    segment = LogSegment.create(dir, 100, OPTIONS);
    batches = [];
    for (let offset = 100; offset < 130; offset += 3) {
      const b = batch(offset, 3);
      batches.push(b);
      appendBatch(segment, b);
    }
  });

  afterEach(() => {
    segment.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names files by the 20-digit base offset', () => {
    assert.equal(path.basename(segment.file), '00000000000000000100.log');
    assert.equal(parseSegmentFileName('00000000000000000100.log', '.log'), 100);
    assert.equal(parseSegmentFileName('100.log', '.log'), null);
    assert.ok(fs.existsSync(segmentFile(dir, 100, '.index')));
    assert.ok(fs.existsSync(segmentFile(dir, 100, '.timeindex')));
  });

  it('stores the bytes as appended', () => {
    assert.deepEqual(fs.readFileSync(segment.file), Buffer.concat(batches));
    assert.equal(segment.nextOffset, 130);
    assert.ok(segment.offsetIndex.entries >= 3, `expected several sparse entries, got ${segment.offsetIndex.entries}`);
  });

  it('reads from the batch containing any offset (through the sparse index)', () => {
    for (let offset = 100; offset < 130; offset++) {
      const read = segment.read(offset, 1_000_000, segment.size, true)!;
      const containing = 100 + Math.floor((offset - 100) / 3) * 3;
      assert.equal(bases(read.buffer)[0], containing, `offset ${offset}`);
      assert.equal(read.position + read.size, segment.size);
    }
    assert.equal(segment.read(130, 1000, segment.size, true), null);
  });

  it('returns whole batches only, within maxBytes, but the first whole with minOneBatch', () => {
    const size = batches[0]!.length;
    assert.deepEqual(bases(segment.read(100, size * 2 + 10, segment.size, true)!.buffer), [100, 103]);
    assert.deepEqual(bases(segment.read(100, 10, segment.size, true)!.buffer), [100]);
    assert.equal(segment.read(100, 10, segment.size, false)!.size, 0);
  });

  it('stops at maxPosition', () => {
    const size = batches[0]!.length;
    const read = segment.read(103, 1_000_000, size * 3, true)!;
    assert.deepEqual(bases(read.buffer), [103, 106]);
    assert.equal(segment.read(109, 1_000_000, size * 3, true)!.size, 0);
  });

  it('serves consecutive reads from where the last one ended', () => {
    const size = batches[0]!.length;
    const offsets: number[] = [];
    for (let offset = 100; offset < 130; ) {
      const read = segment.read(offset, size * 2, segment.size, true)!;
      for (const record of decodeRecords(read.buffer)) offsets.push(record.offset);
      offset = offsets[offsets.length - 1]! + 1;
    }
    assert.deepEqual(offsets, Array.from({ length: 30 }, (_, i) => 100 + i));
  });

  it('finds positions bounding an offset and offsets by timestamp', () => {
    const size = batches[0]!.length;
    assert.equal(segment.boundaryPosition(103), size);
    assert.equal(segment.boundaryPosition(104), size * 2, 'the batch holding 104 starts below it and is kept');
    assert.equal(segment.boundaryPosition(500), segment.size);
    assert.deepEqual(segment.findOffsetByTimestamp(1_000_110), { offset: 112, timestamp: 1_000_112 });
    assert.deepEqual(segment.findOffsetByTimestamp(0), { offset: 100, timestamp: 1_000_100 });
    assert.equal(segment.findOffsetByTimestamp(1_000_128), null);
  });

  it('rebuilds the same indexes by recovery as appends built', () => {
    const entries = (s: LogSegment) =>
      Array.from({ length: s.offsetIndex.entries }, (_, i) => [s.offsetIndex.offsetAt(i), s.offsetIndex.positionAt(i)]);
    const before = entries(segment);
    const result = segment.recover(1_000_000);
    assert.deepEqual(result, { validBytes: segment.size, truncatedBytes: 0, nextOffset: 130, reason: null });
    assert.deepEqual(entries(segment), before);
  });

  it('recovery truncates a torn tail and reports where', () => {
    const intact = segment.size;
    fs.appendFileSync(segment.file, batch(130, 3).subarray(0, 40));
    segment.close();
    segment = LogSegment.open(dir, 100, OPTIONS);
    const result = segment.recover(1_000_000);
    assert.equal(result.truncatedBytes, 40);
    assert.equal(result.nextOffset, 130);
    assert.match(result.reason!, /partial batch/);
    assert.equal(fs.statSync(segment.file).size, intact);
  });

  it('loads trusted indexes and finds the next offset from the tail', () => {
    segment.close();
    segment = LogSegment.open(dir, 100, OPTIONS);
    assert.equal(segment.loadIndexes(null), true);
    assert.equal(segment.nextOffset, 130);
    assert.equal(segment.largestTimestamp, 1_000_127);
    assert.equal(bases(segment.read(125, 100_000, segment.size, true)!.buffer)[0], 124);
  });

  it('refuses indexes that point past a truncated log', () => {
    segment.close();
    const size = fs.statSync(segment.file).size;
    fs.truncateSync(segment.file, size - batches[0]!.length * 5);
    segment = LogSegment.open(dir, 100, OPTIONS);
    assert.equal(segment.loadIndexes(null), false);
  });

  it('truncates to an offset, cutting the batch that contains it', () => {
    const removed = segment.truncateTo(107);
    assert.equal(segment.nextOffset, 106);
    assert.equal(removed, batches[0]!.length * 8);
    assert.equal(segment.size, batches[0]!.length * 2);
    assert.ok(segment.offsetIndex.lastOffset < 106);
    appendBatch(segment, batch(106, 1));
    assert.deepEqual(bases(segment.read(100, 100_000, segment.size, true)!.buffer), [100, 103, 106]);
  });

  it('deletes its files', () => {
    segment.delete();
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
