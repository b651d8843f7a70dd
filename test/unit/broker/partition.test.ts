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
