import assert from 'node:assert/strict';
import { ProducerBatch } from '../../../../src/client/producer/producer-batch.js';
import type { RecordCompletion } from '../../../../src/client/producer/producer-batch.js';
import { codecForType } from '../../../../src/protocol/compression/index.js';
import { CompressionType, readBatchHeader, validateBatches } from '../../../../src/protocol/record-batch.js';
import { decodeBatch } from '../../../../src/protocol/record-batch-builder.js';

class Recorder implements RecordCompletion {
  readonly done: { offset: number; timestamp: number; slot: number }[] = [];
  readonly failed: { error: Error; slot: number }[] = [];
  complete(_topic: string, _partition: number, offset: number, timestamp: number, slot: number): void {
    this.done.push({ offset, timestamp, slot });
  }
  fail(error: Error, slot: number): void {
    this.failed.push({ error, slot });
  }
}

const SEAL = { codec: undefined, producerId: -1, producerEpoch: -1, baseSequence: -1 };

describe('ProducerBatch', () => {
  it('encodes records exactly as Kafka does: keys, values, nulls, headers, timestamp deltas', () => {
    const batch = new ProducerBatch('t', 0, 16384, 100, 0);
    const c = new Recorder();
    assert.ok(batch.tryAppend(1000, 'k1', Buffer.from('v1'), undefined, c, 0) > 0);
    assert.ok(batch.tryAppend(999, null, 'värde', [{ key: 'h', value: 'x' }, { key: 'n', value: null }], c, 1) > 0);
    assert.ok(batch.tryAppend(1005, Buffer.alloc(0), null, undefined, c, 2) > 0);
    const bytes = batch.seal(SEAL);
    validateBatches(bytes, 1 << 20);
    const decoded = decodeBatch(bytes);
    assert.equal(decoded.header.baseTimestamp, 1000);
    assert.equal(decoded.header.maxTimestamp, 1005);
    assert.equal(decoded.header.producerId, -1);
    assert.deepEqual(
      decoded.records.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString() ?? null]),
      [
        [0, 1000, 'k1', 'v1'],
        [1, 999, null, 'värde'],
        [2, 1005, '', null],
      ],
    );
    assert.deepEqual(decoded.records[1]!.headers, [
      { key: 'h', value: Buffer.from('x') },
      { key: 'n', value: null },
    ]);
  });

  it('refuses a record that would pass batch.size, but always takes the first, however large', () => {
    const c = new Recorder();
    const big = new ProducerBatch('t', 0, 100, 500, 0);
    assert.ok(big.tryAppend(0, null, Buffer.alloc(500), undefined, c, 0) > 500);
    assert.equal(big.isFull, true);
    assert.equal(big.tryAppend(0, null, Buffer.alloc(1), undefined, c, 1), -1);

    const batch = new ProducerBatch('t', 0, 240, 50, 0);
    let appended = 0;
    while (batch.tryAppend(0, null, Buffer.alloc(40), undefined, c, appended) > 0) appended++;
    assert.equal(appended, 3);
    assert.ok(batch.sizeInBytes <= 240);
    assert.equal(batch.isFull, true);
    assert.equal(decodeBatch(batch.seal(SEAL)).records.length, 3);
  });

  it('grows its buffer past the initial capacity without losing records', () => {
    const batch = new ProducerBatch('t', 0, 1 << 20, 10, 0);
    const c = new Recorder();
    for (let i = 0; i < 5000; i++) assert.ok(batch.tryAppend(i, `key-${i}`, `value-${i}`, undefined, c, i) > 0);
    const records = decodeBatch(batch.seal(SEAL)).records;
    assert.equal(records.length, 5000);
    assert.equal(records[4999]!.value!.toString(), 'value-4999');
    assert.equal(records[4999]!.timestamp, 4999);
  });

  it('compresses the records section at seal time and writes producer id, epoch and sequence', () => {
    for (const type of [CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4, CompressionType.ZSTD]) {
      const batch = new ProducerBatch('t', 0, 1 << 20, 10, 0);
      const c = new Recorder();
      for (let i = 0; i < 1000; i++) batch.tryAppend(7, null, `repetitive value ${i % 10}`, undefined, c, i);
      const bytes = batch.seal({ codec: codecForType(type), producerId: 42, producerEpoch: 3, baseSequence: 17 });
      assert.ok(bytes.length < batch.sizeInBytes / 3, `codec ${type} should shrink the batch, got ${bytes.length}`);
      validateBatches(bytes, 1 << 20);
      const header = readBatchHeader(bytes, 0);
      assert.deepEqual([header.compression, header.producerId, header.producerEpoch, header.baseSequence], [type, 42, 3, 17]);
      const decoded = decodeBatch(bytes);
      assert.equal(decoded.records.length, 1000);
      assert.equal(decoded.records[999]!.value!.toString(), 'repetitive value 9');
    }
  });

  it('reports offsets from the base offset per record, or -1 for acks=0, and the LogAppendTime when set', () => {
    const batch = new ProducerBatch('t', 3, 16384, 10, 0);
    const c = new Recorder();
    batch.tryAppend(10, null, 'a', undefined, c, 5);
    batch.tryAppend(20, null, 'b', undefined, c, 6);
    batch.seal(SEAL);
    batch.complete(100, -1);
    assert.deepEqual(c.done, [
      { offset: 100, timestamp: 10, slot: 5 },
      { offset: 101, timestamp: 20, slot: 6 },
    ]);
    batch.fail(new Error('late'));
    assert.equal(c.failed.length, 0, 'a completed batch ignores a later failure');

    const zero = new ProducerBatch('t', 3, 16384, 10, 0);
    const z = new Recorder();
    zero.tryAppend(10, null, 'a', undefined, z, 0);
    zero.complete(-1, 555);
    assert.deepEqual(z.done, [{ offset: -1, timestamp: 555, slot: 0 }]);
  });
});
