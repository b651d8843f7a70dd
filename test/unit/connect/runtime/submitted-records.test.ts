import assert from 'node:assert/strict';
import { SubmittedRecords } from '../../../../src/connect/runtime/submitted-records.js';
import type { SourcePosition } from '../../../../src/connect/runtime/submitted-records.js';

function rec(file: string, position: number): SourcePosition {
  return { sourcePartition: { filename: file }, sourceOffset: { position } };
}

describe('SubmittedRecords (offset commit ordering)', () => {
  it('commits nothing until a batch is acknowledged, then its last offset per partition', () => {
    const submitted = new SubmittedRecords();
    const batch = submitted.submit([rec('a', 1), rec('b', 10), rec('a', 2), rec('b', 20)]);
    assert.deepEqual(submitted.committableOffsets(), []);
    batch.ack();
    assert.deepEqual(submitted.committableOffsets(), [
      { partition: { filename: 'a' }, offset: { position: 2 } },
      { partition: { filename: 'b' }, offset: { position: 20 } },
    ]);
    assert.deepEqual(submitted.committableOffsets(), [], 'returned offsets are not returned again');
  });

  it('holds a later acknowledged batch back until every earlier batch of the same partition is acknowledged', () => {
    const submitted = new SubmittedRecords();
    const first = submitted.submit([rec('a', 1)]);
    const second = submitted.submit([rec('a', 2)]);
    const third = submitted.submit([rec('a', 3)]);
    third.ack();
    assert.deepEqual(submitted.committableOffsets(), []);
    first.ack();
    assert.deepEqual(submitted.committableOffsets(), [{ partition: { filename: 'a' }, offset: { position: 1 } }]);
    second.ack();
    assert.deepEqual(submitted.committableOffsets(), [{ partition: { filename: 'a' }, offset: { position: 3 } }]);
  });

  it('lets partitions progress independently', () => {
    const submitted = new SubmittedRecords();
    submitted.submit([rec('a', 1)]);
    const b = submitted.submit([rec('b', 5)]);
    b.ack();
    assert.deepEqual(submitted.committableOffsets(), [{ partition: { filename: 'b' }, offset: { position: 5 } }]);
  });

  it('treats partitions equal by value as one, whatever their key order', () => {
    const submitted = new SubmittedRecords();
    const x = submitted.submit([{ sourcePartition: { f: 'a', i: 1 }, sourceOffset: { p: 1 } }]);
    submitted.submit([{ sourcePartition: { i: 1, f: 'a' }, sourceOffset: { p: 2 } }]);
    x.ack();
    assert.deepEqual(submitted.committableOffsets(), [{ partition: { f: 'a', i: 1 }, offset: { p: 1 } }]);
  });

  it('ignores records without a source partition or offset, but counts their batch as pending', async () => {
    const submitted = new SubmittedRecords();
    const batch = submitted.submit([{ sourcePartition: null, sourceOffset: null }]);
    assert.equal(submitted.pendingBatches, 1);
    assert.equal(await submitted.awaitAllAcked(10), false);
    const waiting = submitted.awaitAllAcked(1000);
    batch.ack();
    batch.ack();
    assert.equal(await waiting, true);
    assert.equal(submitted.pendingBatches, 0);
    assert.deepEqual(submitted.committableOffsets(), []);
  });

  it('never commits an offset whose batch or an earlier one is unacknowledged, for random ack orders', () => {
    for (let trial = 0; trial < 200; trial++) {
      const submitted = new SubmittedRecords();
      const batches = Array.from({ length: 20 }, (_, i) => ({ i, file: `f${i % 3}`, handle: submitted.submit([rec(`f${i % 3}`, i)]) }));
      const order = [...batches].sort(() => Math.random() - 0.5);
      const committed = new Map<string, number>();
      for (const next of order) {
        next.handle.ack();
        for (const { partition, offset } of submitted.committableOffsets()) {
          const position = offset['position'] as number;
          const file = partition['filename'] as string;
          const earlier = batches.filter((b) => b.file === file && b.i <= position);
          assert.ok(earlier.every((b) => b.handle.acked), `trial ${trial}: committed ${file}@${position} before an earlier batch was acked`);
          assert.ok(position > (committed.get(file) ?? -1), 'offsets only move forward');
          committed.set(file, position);
        }
      }
      assert.deepEqual([...committed.entries()].sort(), [['f0', 18], ['f1', 19], ['f2', 17]]);
    }
  });
});
