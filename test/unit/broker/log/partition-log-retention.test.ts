import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LOG_CONFIG } from '../../../../src/broker/log/log-config.js';
import type { LogConfig } from '../../../../src/broker/log/log-config.js';
import { PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { ErrorCode, KafkaError } from '../../../../src/protocol/error-codes.js';
import { buildRecordBatch } from '../../../../src/protocol/record-batch-builder.js';

const T0 = 1_700_000_000_000;
const silent = { info: () => {}, warn: () => {}, error: () => {} };

function batch(timestamp: number): Buffer {
  return buildRecordBatch([{ key: null, value: Buffer.alloc(100, 1) }], { timestamp });
}

const BATCH_BYTES = batch(0).length;

describe('PartitionLog retention', () => {
  let root: string;
  let log: PartitionLog;

  /** Ten one-record batches a second apart, two per segment: five segments, offsets 0..9. */
  function populate(config: Partial<LogConfig>): void {
    log = PartitionLog.open(
      path.join(root, 'metrics-0'),
      { ...DEFAULT_LOG_CONFIG, segmentBytes: BATCH_BYTES * 2, ...config },
      { recoveryPoint: 0, logger: silent, clock: () => T0 },
    );
    for (let i = 0; i < 10; i++) {
      log.appendAsLeader(batch(T0 + i * 1000), 0);
      log.updateHighWatermark(log.logEndOffset);
    }
    assert.equal(log.segmentCount, 5);
  }

  function segmentFiles(): string[] {
    return fs.readdirSync(path.join(root, 'metrics-0')).filter((f) => f.endsWith('.log')).sort();
  }

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'millrace-'));
  });

  afterEach(() => {
    log.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('deletes whole segments older than retention.ms and moves the log start', () => {
    populate({ retentionMs: 5_000 });
    // Segments end at T0+1s, 3s, 5s, 7s, 9s; at T0+9.5s those older than 5 s are the first two.
    assert.equal(log.deleteRetentionSegments(T0 + 9_500), 2);
    assert.equal(log.logStartOffset, 4);
    assert.equal(log.segmentCount, 3);
    assert.equal(segmentFiles()[0], '00000000000000000004.log');
    assert.throws(() => log.read(3, 1000), (err: unknown) => err instanceof KafkaError && err.code === ErrorCode.OFFSET_OUT_OF_RANGE);
    assert.equal(log.read(4, 1000).logStartOffset, 4);
    assert.equal(log.deleteRetentionSegments(T0 + 9_500), 0);
  });

  it('rolls and deletes an expired active segment, keeping the log end offset', () => {
    populate({ retentionMs: 1_000 });
    assert.equal(log.deleteRetentionSegments(T0 + 60_000), 5);
    assert.equal(log.segmentCount, 1);
    assert.equal(log.logStartOffset, 10);
    assert.equal(log.logEndOffset, 10);
    assert.equal(log.size, 0);
    assert.deepEqual(segmentFiles(), ['00000000000000000010.log']);
    assert.equal(log.appendAsLeader(batch(T0 + 60_000), 0).firstOffset, 10);
  });

  it('deletes the oldest segments while the log stays at or above retention.bytes', () => {
    populate({ retentionMs: -1, retentionBytes: BATCH_BYTES * 5 });
    assert.equal(log.deleteRetentionSegments(T0), 2);
    assert.equal(log.size, BATCH_BYTES * 6);
    assert.equal(log.logStartOffset, 4);
  });

  it('keeps data at or above the high watermark', () => {
    populate({ retentionMs: 1_000 });
    log.updateHighWatermark(5);
    assert.equal(log.deleteRetentionSegments(T0 + 60_000), 2);
    assert.equal(log.logStartOffset, 4);
  });

  it('leaves compacted topics alone', () => {
    populate({ retentionMs: 1_000, cleanupPolicy: 'compact' });
    assert.equal(log.deleteRetentionSegments(T0 + 60_000), 0);
    assert.equal(log.segmentCount, 5);
  });

  describe('deleteSegmentsBefore', () => {
    it('deletes only segments wholly below the offset, whatever the cleanup policy', () => {
      populate({ retentionMs: -1, cleanupPolicy: 'compact' });
      assert.equal(log.deleteSegmentsBefore(3), 1, 'offsets 0..1 go; the segment holding 2..3 contains offset 3');
      assert.equal(log.logStartOffset, 2);
      assert.equal(log.deleteSegmentsBefore(6), 2);
      assert.equal(log.logStartOffset, 6);
      assert.deepEqual(segmentFiles(), ['00000000000000000006.log', '00000000000000000008.log']);
      assert.throws(() => log.read(5, 1000), (err: unknown) => err instanceof KafkaError && err.code === ErrorCode.OFFSET_OUT_OF_RANGE);
      assert.equal(log.deleteSegmentsBefore(6), 0);
    });

    it('never deletes the active segment, nor data at or above the high watermark', () => {
      populate({});
      assert.equal(log.deleteSegmentsBefore(Number.MAX_SAFE_INTEGER), 4);
      assert.equal(log.segmentCount, 1);
      assert.equal(log.logStartOffset, 8);
      assert.equal(log.logEndOffset, 10);
      assert.equal(log.read(8, 1000).records.length, BATCH_BYTES * 2);
    });

    it('stops at the high watermark', () => {
      populate({});
      log.updateHighWatermark(5);
      assert.equal(log.deleteSegmentsBefore(10), 2);
      assert.equal(log.logStartOffset, 4);
    });
  });
});
