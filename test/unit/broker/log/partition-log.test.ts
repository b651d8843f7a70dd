import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LOG_CONFIG } from '../../../../src/broker/log/log-config.js';
import type { LogConfig } from '../../../../src/broker/log/log-config.js';
import { PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { ErrorCode, KafkaError } from '../../../../src/protocol/error-codes.js';
import { buildRecordBatch, decodeRecords } from '../../../../src/protocol/record-batch-builder.js';
import { batchBaseOffsetAt, batchSizeAt, readBatchHeader } from '../../../../src/protocol/record-batch.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

function batch(count: number, timestamp = 1_000, valueBytes = 40): Buffer {
  return buildRecordBatch(
    Array.from({ length: count }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.alloc(valueBytes, i) })),
    { timestamp },
  );
}

function bases(buf: Buffer): number[] {
  const out: number[] = [];
  for (let pos = 0; pos < buf.length; pos += batchSizeAt(buf, pos)) out.push(batchBaseOffsetAt(buf, pos));
  return out;
}

function isKafkaError(code: number) {
  return (err: unknown) => err instanceof KafkaError && err.code === code;
}

describe('PartitionLog', () => {
  let dir: string;
  let now: number;
  const clock = () => now;
  const logs: PartitionLog[] = [];

  function open(config: Partial<LogConfig> = {}, recoveryPoint = 0): PartitionLog {
    const log = PartitionLog.open(dir, { ...DEFAULT_LOG_CONFIG, ...config }, { recoveryPoint, logger: silent, clock });
    logs.push(log);
    return log;
  }

  function append(log: PartitionLog, buf: Buffer) {
    const info = log.appendAsLeader(buf, 0);
    log.updateHighWatermark(log.logEndOffset);
    return info;
  }

  beforeEach(() => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'millrace-')), 'orders-0');
    now = 1_000_000;
  });

  afterEach(() => {
    for (const log of logs.splice(0)) log.close();
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('assigns consecutive offsets in place and keeps them across reopen', () => {
    let log = open();
    let expected = 0;
    for (let i = 0; i < 200; i++) {
      const buf = batch((i % 5) + 1);
      const info = append(log, buf);
      assert.equal(info.firstOffset, expected);
      assert.equal(info.lastOffset, expected + (i % 5));
      assert.equal(info.recordCount, (i % 5) + 1);
      assert.equal(batchBaseOffsetAt(buf, 0), expected, 'the request buffer itself carries the offset');
      expected += (i % 5) + 1;
    }
    assert.equal(log.logEndOffset, expected);
    log.close();
    log = open({}, expected);
    assert.equal(log.loadSummary.segmentsRecovered, 0);
    assert.equal(log.logEndOffset, expected);
    const info = append(log, batch(2));
    assert.equal(info.firstOffset, expected);
    const all = decodeRecords(log.read(0, Number.MAX_SAFE_INTEGER).records);
    assert.deepEqual(all.map((r) => r.offset), Array.from({ length: expected + 2 }, (_, i) => i));
  });

  it('stamps the leader epoch and, for LogAppendTime topics, the append time', () => {
    const log = open({ messageTimestampType: 'LogAppendTime' });
    now = 5_555;
    const info = log.appendAsLeader(batch(2, 1), 7);
    assert.equal(info.logAppendTime, 5_555);
    log.updateHighWatermark(log.logEndOffset);
    const header = readBatchHeader(log.read(0, 10_000).records, 0);
    assert.equal(header.partitionLeaderEpoch, 7);
    assert.equal(header.hasLogAppendTime, true);
    assert.equal(header.maxTimestamp, 5_555);
  });

  it('refuses invalid batches without changing the log', () => {
    const log = open({ maxMessageBytes: 500 });
    const corrupt = batch(1);
    corrupt[corrupt.length - 1]! ^= 1;
    assert.throws(() => log.appendAsLeader(corrupt, 0), isKafkaError(ErrorCode.CORRUPT_MESSAGE));
    assert.throws(() => log.appendAsLeader(batch(20), 0), isKafkaError(ErrorCode.MESSAGE_TOO_LARGE));
    assert.equal(log.logEndOffset, 0);
    assert.equal(log.size, 0);
  });

  it('rolls by size, each segment within segment.bytes, and reads across segments', () => {
    const one = batch(1).length;
    const log = open({ segmentBytes: one * 3 });
    for (let i = 0; i < 10; i++) append(log, batch(1));
    assert.equal(log.segmentCount, 4);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
    assert.deepEqual(files, [0, 3, 6, 9].map((o) => `${String(o).padStart(20, '0')}.log`));
    for (const f of files) assert.ok(fs.statSync(path.join(dir, f)).size <= one * 3);
    assert.deepEqual(bases(log.read(2, one * 5).records), [2, 3, 4, 5, 6], 'crosses two segment boundaries');
  });

  it('walks batch headers from the batch holding an offset across segments, and names the tail segments', () => {
    const log = open({ segmentBytes: batch(2).length * 3, indexIntervalBytes: 1 });
    for (let i = 0; i < 10; i++) append(log, batch(2, 1_000 + i));
    assert.equal(log.segmentCount, 4, 'segments at 0, 6, 12, 18');
    const seen: number[][] = [];
    const walk = (from: number): number[][] => {
      seen.length = 0;
      log.forEachBatchHeader(from, (header, at) => {
        const h = readBatchHeader(header, at);
        seen.push([h.baseOffset, h.maxTimestamp]);
      });
      return seen.slice();
    };
    assert.deepEqual(walk(9), [8, 10, 12, 14, 16, 18].map((o) => [o, 1_000 + o / 2]), 'starts at the batch holding 9');
    assert.deepEqual(walk(19).map(([o]) => o), [18]);
    assert.deepEqual(walk(20), []);
    assert.equal(log.tailSegmentsStart(2), 12);
    assert.equal(log.tailSegmentsStart(9), 0);
    log.deleteSegmentsBefore(6);
    assert.deepEqual(walk(0)[0], [6, 1_003], 'clamped to the log start');
  });

  it('walks and reads batches of mixed sizes, stepping over large ones header by header', () => {
    const log = open({ indexIntervalBytes: 1 << 30 });
    const valueBytes = [150_000, 40, 40, 300_000, 200_000, 70_000, 40, 90_000];
    for (const [i, bytes] of valueBytes.entries()) append(log, batch(1, 1_000 + i, bytes));
    const walked: number[] = [];
    log.forEachBatchHeader(0, (header, at) => walked.push(batchBaseOffsetAt(header, at), header.readInt32BE(at + 8) + 12));
    assert.deepEqual(walked, valueBytes.flatMap((bytes, i) => [i, batch(1, 1_000 + i, bytes).length]));
    // Backwards, so that no read starts where the previous one ended: each walks the headers from the start.
    for (let offset = valueBytes.length - 1; offset >= 0; offset--) assert.deepEqual(bases(log.read(offset, 1).records), [offset]);
  });

  it('rolls by time using the batch timestamps against the first batch of the segment', () => {
    const log = open({ segmentMs: 60_000 });
    append(log, batch(1, now));
    now += 59_000;
    append(log, batch(1, now));
    assert.equal(log.segmentCount, 1);
    now += 2_000;
    append(log, batch(1, now));
    assert.equal(log.segmentCount, 2);
    assert.deepEqual(bases(log.read(0, 100_000).records), [0, 1, 2]);
  });

  it('rolls by wall-clock time when batches carry no timestamp', () => {
    const log = open({ segmentMs: 60_000 });
    append(log, batch(1, -1));
    now += 61_000;
    append(log, batch(1, -1));
    assert.equal(log.segmentCount, 2);
  });

  describe('read', () => {
    let log: PartitionLog;
    let size: number;

    beforeEach(() => {
      log = open({ indexIntervalBytes: 100, segmentBytes: 4000 });
      for (let i = 0; i < 60; i++) append(log, batch(2));
      size = batch(2).length;
    });

    it('starts at the batch containing any offset, through the sparse indexes', () => {
      assert.ok(log.segmentCount > 2);
      for (let offset = 0; offset < 120; offset++) {
        assert.equal(bases(log.read(offset, 1).records)[0], offset - (offset % 2), `offset ${offset}`);
      }
    });

    it('returns the first batch whole even when it is larger than maxBytes', () => {
      const read = log.read(10, 5);
      assert.equal(read.records.length, size);
      assert.equal(log.read(10, 5, { minOneBatch: false }).records.length, 0);
    });

    it('stops before a batch that would exceed maxBytes', () => {
      assert.deepEqual(bases(log.read(10, size * 3 + size - 1).records), [10, 12, 14]);
    });

    it('never returns a batch starting at or above maxOffset or the high watermark', () => {
      assert.deepEqual(bases(log.read(10, 100_000, { maxOffset: 16 }).records), [10, 12, 14]);
      assert.deepEqual(bases(log.read(10, 100_000, { maxOffset: 15 }).records), [10, 12, 14]);
      log.updateHighWatermark(14);
      assert.deepEqual(bases(log.read(10, 100_000).records), [10, 12]);
      assert.equal(log.read(14, 100_000).records.length, 0);
      assert.equal(log.read(10, 100_000).highWatermark, 14);
      assert.deepEqual(bases(log.read(10, 100_000, { maxOffset: log.logEndOffset }).records).length, 55);
    });

    it('answers at the log end with zero-length records, beyond it with OFFSET_OUT_OF_RANGE', () => {
      const atEnd = log.read(120, 100_000);
      assert.equal(atEnd.records.length, 0);
      assert.ok(Buffer.isBuffer(atEnd.records));
      assert.equal(atEnd.logEndOffset, 120);
      assert.throws(() => log.read(121, 100), isKafkaError(ErrorCode.OFFSET_OUT_OF_RANGE));
      assert.throws(() => log.read(-1, 100), isKafkaError(ErrorCode.OFFSET_OUT_OF_RANGE));
    });
  });

  it('finds offsets by timestamp', () => {
    const log = open({ indexIntervalBytes: 50 });
    for (let i = 0; i < 30; i++) append(log, batch(2, 10_000 + i * 100));
    assert.deepEqual(log.offsetForTimestamp(-2), { offset: 0, timestamp: -1 });
    assert.deepEqual(log.offsetForTimestamp(-1), { offset: 60, timestamp: -1 });
    assert.deepEqual(log.offsetForTimestamp(0), { offset: 0, timestamp: 10_000 });
    assert.deepEqual(log.offsetForTimestamp(10_950), { offset: 20, timestamp: 11_000 });
    assert.deepEqual(log.offsetForTimestamp(11_000), { offset: 20, timestamp: 11_000 });
    assert.equal(log.offsetForTimestamp(99_999), null);
    log.updateHighWatermark(20);
    assert.equal(log.offsetForTimestamp(11_000), null, 'nothing at or above the high watermark');
  });

  it('flushes after flush.messages records and advances the recovery point', () => {
    const log = open({ flushIntervalMessages: 5 });
    append(log, batch(3));
    assert.equal(log.recoveryPoint, 0);
    append(log, batch(3));
    assert.equal(log.recoveryPoint, 6);
    append(log, batch(1));
    assert.equal(log.flush(), 7);
  });

  it('truncates to an offset for a diverging follower', () => {
    const log = open({ segmentBytes: batch(1).length * 2 });
    for (let i = 0; i < 7; i++) append(log, batch(1));
    log.truncateTo(3);
    assert.equal(log.logEndOffset, 3);
    assert.equal(log.highWatermark, 3);
    assert.equal(log.segmentCount, 2);
    assert.equal(append(log, batch(1)).firstOffset, 3);
    assert.deepEqual(bases(log.read(0, 100_000).records), [0, 1, 2, 3]);
  });

  it('appends a follower\'s batches with their own offsets', () => {
    const log = open();
    const replicated = buildRecordBatch([{ key: null, value: Buffer.from('x') }], { baseOffset: 5 });
    assert.deepEqual(log.appendAsFollower(replicated), { firstOffset: 5, lastOffset: 5 });
    assert.equal(log.logEndOffset, 6);
    const stale = buildRecordBatch([{ key: null, value: Buffer.from('y') }], { baseOffset: 2 });
    assert.throws(() => log.appendAsFollower(stale), isKafkaError(ErrorCode.OFFSET_OUT_OF_RANGE));
    assert.equal(log.appendAsFollower(Buffer.alloc(0)), null);
  });

  it('deletes its directory', () => {
    const log = open();
    append(log, batch(1));
    log.delete();
    assert.equal(fs.existsSync(dir), false);
    logs.pop();
  });
});
