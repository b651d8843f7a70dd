import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Partition } from '../../../src/broker/partition.js';
import { PartitionLog } from '../../../src/broker/log/partition-log.js';
import { DEFAULT_LOG_CONFIG } from '../../../src/broker/log/log-config.js';
import { ErrorCode, KafkaError } from '../../../src/protocol/error-codes.js';
import { buildRecordBatch, decodeBatches } from '../../../src/protocol/record-batch-builder.js';

const quiet = { info() {}, warn() {}, error() {} };

function batch(values: string[], idempotence?: { producerId: number; producerEpoch: number; baseSequence: number }): Buffer {
  return buildRecordBatch(values.map((v) => ({ key: null, value: Buffer.from(v) })), { ...idempotence });
}

function errorCode(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof KafkaError, String(err));
    return err.code;
  }
  assert.fail('expected a KafkaError');
}

describe('Partition', () => {
  let dir: string;
  let partition: Partition;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'millrace-partition-'));
    partition = new Partition('t', 0, PartitionLog.open(dir, DEFAULT_LOG_CONFIG, { recoveryPoint: 0, logger: quiet }), 1);
  });
  afterEach(() => {
    partition.log.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('assigns consecutive offsets and moves the high watermark with the log end', () => {
    assert.equal(partition.appendRecordsToLeader(batch(['a', 'b']), 1).baseOffset, 0);
    assert.equal(partition.appendRecordsToLeader(batch(['c']), -1).baseOffset, 2);
    assert.equal(partition.log.highWatermark, 3);
    const read = partition.read(0, 1 << 20, true);
    assert.deepEqual(decodeBatches(read.records).flatMap((b) => b.records.map((r) => r.value!.toString())), ['a', 'b', 'c']);
  });

  it('answers a retried idempotent batch with its first offsets instead of writing it twice', () => {
    const id = { producerId: 5, producerEpoch: 0, baseSequence: 0 };
    const first = partition.appendRecordsToLeader(batch(['a', 'b'], id), -1);
    const retried = partition.appendRecordsToLeader(batch(['a', 'b'], id), -1);
    assert.equal(retried.baseOffset, first.baseOffset);
    assert.equal(partition.log.logEndOffset, 2);
    assert.equal(errorCode(() => partition.appendRecordsToLeader(batch(['z'], { ...id, baseSequence: 7 }), -1)), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    assert.equal(partition.appendRecordsToLeader(batch(['c'], { ...id, baseSequence: 2 }), -1).baseOffset, 2);
  });

  describe('after a restart', () => {
    /** Closes the log and opens the directory again, as a broker start does, with `config`. */
    function reopen(config = DEFAULT_LOG_CONFIG, recoveryPoint = 0): Partition {
      partition.log.close();
      partition = new Partition('t', 0, PartitionLog.open(dir, config, { recoveryPoint, logger: quiet }), 1);
      return partition;
    }

    it('answers a batch retried across the restart with its original offsets and appends nothing', () => {
      const a = { producerId: 5, producerEpoch: 2, baseSequence: 0 };
      const b = { producerId: 9, producerEpoch: 0, baseSequence: 40 };
      partition.appendRecordsToLeader(batch(['a0', 'a1'], a), -1);
      partition.appendRecordsToLeader(batch(['plain']), 1);
      partition.appendRecordsToLeader(batch(['b40'], b), -1);
      partition.appendRecordsToLeader(batch(['a2', 'a3', 'a4'], { ...a, baseSequence: 2 }), -1);
      for (const recoveryPoint of [0, Number.MAX_SAFE_INTEGER]) {
        const reopened = reopen(DEFAULT_LOG_CONFIG, recoveryPoint);
        assert.equal(reopened.appendRecordsToLeader(batch(['a2', 'a3', 'a4'], { ...a, baseSequence: 2 }), -1).baseOffset, 4);
        assert.equal(reopened.appendRecordsToLeader(batch(['a0', 'a1'], a), -1).baseOffset, 0, 'an older retained batch too');
        assert.equal(reopened.appendRecordsToLeader(batch(['b40'], b), -1).baseOffset, 3);
        assert.equal(reopened.log.logEndOffset, 7, 'nothing appended');
      }
      assert.equal(errorCode(() => partition.appendRecordsToLeader(batch(['a9'], { ...a, baseSequence: 9 }), -1)), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
      assert.equal(
        errorCode(() => partition.appendRecordsToLeader(batch(['old'], { ...a, producerEpoch: 1, baseSequence: 5 }), -1)),
        ErrorCode.INVALID_PRODUCER_EPOCH,
      );
      assert.equal(partition.appendRecordsToLeader(batch(['a5'], { ...a, baseSequence: 5 }), -1).baseOffset, 7);
    });

    it('rebuilds from the last two segments only, and the scan crosses between them', () => {
      const oneBatchPerSegment = { ...DEFAULT_LOG_CONFIG, segmentBytes: Math.floor(batch(['xx'], { producerId: 1, producerEpoch: 0, baseSequence: 0 }).length * 1.5) };
      partition = reopen(oneBatchPerSegment);
      const old = { producerId: 1, producerEpoch: 0, baseSequence: 0 };
      const recent = { producerId: 2, producerEpoch: 0, baseSequence: 0 };
      partition.appendRecordsToLeader(batch(['o0'], old), -1);
      partition.appendRecordsToLeader(batch(['r0'], recent), -1);
      partition.appendRecordsToLeader(batch(['r1'], { ...recent, baseSequence: 1 }), -1);
      partition.appendRecordsToLeader(batch(['r2'], { ...recent, baseSequence: 2 }), -1);
      assert.equal(partition.log.segmentCount, 4);
      reopen(oneBatchPerSegment);
      assert.equal(partition.appendRecordsToLeader(batch(['r1'], { ...recent, baseSequence: 1 }), -1).baseOffset, 2, 'in the second-last segment');
      assert.equal(partition.appendRecordsToLeader(batch(['r2'], { ...recent, baseSequence: 2 }), -1).baseOffset, 3);
      assert.equal(partition.log.logEndOffset, 4);
      assert.equal(
        errorCode(() => partition.appendRecordsToLeader(batch(['r0'], recent), -1)),
        ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        'r0 lies before the last two segments: not a known duplicate, and behind the restored sequence',
      );
      assert.equal(partition.appendRecordsToLeader(batch(['o0'], old), -1).baseOffset, 4, 'a producer seen only earlier is forgotten');
    });
  });

  it('refuses two batches in one produce request, as Kafka does for magic 2', () => {
    const two = Buffer.concat([batch(['a']), batch(['b'])]);
    assert.equal(errorCode(() => partition.appendRecordsToLeader(two, 1)), ErrorCode.INVALID_RECORD);
    assert.equal(partition.log.logEndOffset, 0);
  });

  it('refuses acks=-1 when the ISR is smaller than min.insync.replicas, and accepts acks=1', () => {
    const strict = new Partition('t', 1, partition.log, 2);
    assert.equal(errorCode(() => strict.appendRecordsToLeader(batch(['a']), -1)), ErrorCode.NOT_ENOUGH_REPLICAS);
    assert.equal(strict.appendRecordsToLeader(batch(['a']), 1).baseOffset, 0);
  });

  it('wakes append listeners and lets them unsubscribe', () => {
    let calls = 0;
    const off = partition.onAppend(() => calls++);
    partition.appendRecordsToLeader(batch(['a']), 1);
    off();
    partition.appendRecordsToLeader(batch(['b']), 1);
    assert.equal(calls, 1);
  });
});
