import assert from 'node:assert/strict';
import type { RecordCompletion } from '../../../../src/client/producer/producer-batch.js';
import { AppendResult, RecordAccumulator } from '../../../../src/client/producer/record-accumulator.js';
import { codecForType } from '../../../../src/protocol/compression/index.js';
import { CompressionType, HEADER_SIZE } from '../../../../src/protocol/record-batch.js';
import { decodeBatch } from '../../../../src/protocol/record-batch-builder.js';

const ignore: RecordCompletion = { complete: () => undefined, fail: () => undefined };

describe('RecordAccumulator', () => {
  it('appends to the open batch and starts a new one once batch.size is reached', () => {
    const acc = new RecordAccumulator({ batchSize: 300, bufferMemory: 1 << 20 });
    const results: number[] = [];
    for (let i = 0; i < 10; i++) results.push(acc.append('t', 0, 0, null, Buffer.alloc(50), undefined, ignore, i));
    assert.equal(results[0], AppendResult.NEW_BATCH);
    const queue = acc.queue('t', 0);
    assert.ok(queue.batches.length >= 3);
    assert.equal(results.filter((r) => r === AppendResult.NEW_BATCH).length, queue.batches.length);
    for (const batch of queue.batches.slice(0, -1)) {
      assert.equal(batch.isFull, true);
      assert.ok(batch.sizeInBytes <= 300);
    }
    assert.equal(queue.batches.reduce((n, b) => n + b.recordCount, 0), 10);
  });

  it('keeps partitions apart and reports NEEDS_NEW_BATCH instead of starting one when asked not to', () => {
    const acc = new RecordAccumulator({ batchSize: 100, bufferMemory: 1 << 20 });
    assert.equal(acc.append('t', 0, 0, null, 'x', undefined, ignore, 0, false), AppendResult.NEEDS_NEW_BATCH);
    assert.equal(acc.append('t', 1, 0, null, 'x', undefined, ignore, 0), AppendResult.NEW_BATCH);
    assert.equal(acc.append('t', 1, 0, null, 'y', undefined, ignore, 1, false), AppendResult.APPENDED);
    assert.equal(acc.queue('t', 0).batches.length, 0);
    assert.equal(acc.queue('t', 1).batches[0]!.recordCount, 2);
    assert.equal(acc.append('t', 1, 0, null, Buffer.alloc(200), undefined, ignore, 2, false), AppendResult.NEEDS_NEW_BATCH);
  });

  it('reserves batch.size per new batch against buffer.memory and wakes waiters when one is released', async () => {
    const acc = new RecordAccumulator({ batchSize: 1000, bufferMemory: 2500 });
    assert.equal(acc.hasRoomFor(10_000), true, 'an empty buffer takes anything');
    assert.equal(acc.append('t', 0, 0, null, Buffer.alloc(300), undefined, ignore, 0), AppendResult.NEW_BATCH);
    assert.equal(acc.bufferedBytes, 1000);
    assert.equal(acc.append('t', 0, 0, null, Buffer.alloc(300), undefined, ignore, 1), AppendResult.APPENDED);
    assert.equal(acc.bufferedBytes, 1000, 'appends to an open batch reserve nothing more');
    assert.equal(acc.append('t', 1, 0, null, Buffer.alloc(10), undefined, ignore, 0), AppendResult.NEW_BATCH);
    assert.equal(acc.append('t', 2, 0, null, Buffer.alloc(10), undefined, ignore, 0), AppendResult.NO_MEMORY);
    assert.equal(acc.queue('t', 2).batches.length, 0, 'nothing appended without memory');
    const large = acc.reservationFor(5000);
    assert.equal(large, HEADER_SIZE + 5000, 'a record above batch.size reserves its own size');

    const waited = acc.waitForRoom(5000);
    assert.equal(acc.isExhausted, true);
    const batch = acc.queue('t', 0).batches.shift()!;
    acc.release(batch);
    await waited;
    assert.equal(acc.bufferedBytes, 1000);
    assert.equal(acc.isExhausted, false);
    assert.equal(acc.append('t', 2, 0, null, Buffer.alloc(10), undefined, ignore, 0), AppendResult.NEW_BATCH);
  });

  it('reuses the buffer of a finished uncompressed batch, never that of a batch still being sent or compressed', () => {
    const acc = new RecordAccumulator({ batchSize: 100_000, bufferMemory: 1 << 22 });
    const seal = (codec?: ReturnType<typeof codecForType>) => ({ codec, producerId: -1, producerEpoch: -1, baseSequence: -1 });
    const fillBatch = (partition: number, value: string) => {
      // As if this partition's last batch had been large: the new one starts with room for as much.
      acc.queue('t', partition).lastBatchBytes = 80_000;
      acc.append('t', partition, 0, null, value, undefined, ignore, 0);
      return acc.queue('t', partition).batches.shift()!;
    };

    const first = fillBatch(0, 'first');
    const firstStorage = first.seal(seal()).buffer;
    acc.release(first);
    const pending = fillBatch(1, 'pending');
    assert.notEqual(pending.seal(seal()).buffer, firstStorage, 'released before it was done: not kept');

    first.complete(0, -1);
    acc.release(first);
    const second = fillBatch(2, 'second');
    const secondBytes = second.seal(seal());
    assert.equal(secondBytes.buffer, firstStorage, 'the buffer of a finished batch is reused');
    assert.deepEqual(decodeBatch(secondBytes).records.map((r) => r.value?.toString()), ['second']);

    const compressed = fillBatch(3, 'compressed');
    const compressedStorage = compressed.seal(seal(codecForType(CompressionType.GZIP))).buffer;
    compressed.complete(0, -1);
    acc.release(compressed);
    assert.notEqual(fillBatch(4, 'after').seal(seal()).buffer, compressedStorage);
  });
});
