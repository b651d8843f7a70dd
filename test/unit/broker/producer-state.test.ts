import assert from 'node:assert/strict';
import { ErrorCode, KafkaError } from '../../../src/protocol/error-codes.js';
import { ProducerState } from '../../../src/broker/producer-state.js';
import { buildRecordBatch } from '../../../src/protocol/record-batch-builder.js';
import { BatchAttribute, BatchLayout, setBaseOffset } from '../../../src/protocol/record-batch.js';

function codeOf(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof KafkaError);
    return err.code;
  }
  assert.fail('expected a KafkaError');
}

describe('ProducerState', () => {
  it('accepts an unknown producer at any sequence', () => {
    assert.equal(new ProducerState().check(7, 0, 42, 45), null);
  });

  it('recognises a retried batch as a duplicate and returns its original offsets', () => {
    const state = new ProducerState();
    state.record(1, 0, { firstSeq: 0, lastSeq: 9, firstOffset: 100, lastOffset: 109 });
    state.record(1, 0, { firstSeq: 10, lastSeq: 19, firstOffset: 110, lastOffset: 119 });
    assert.deepEqual(state.check(1, 0, 0, 9), { firstSeq: 0, lastSeq: 9, firstOffset: 100, lastOffset: 109 });
    assert.equal(state.check(1, 0, 20, 29), null);
  });

  it('refuses a gap in sequence numbers', () => {
    const state = new ProducerState();
    state.record(1, 0, { firstSeq: 0, lastSeq: 9, firstOffset: 0, lastOffset: 9 });
    assert.equal(codeOf(() => state.check(1, 0, 11, 12)), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  });

  it('fences an older epoch and requires sequence 0 to open a newer one', () => {
    const state = new ProducerState();
    state.record(1, 3, { firstSeq: 0, lastSeq: 0, firstOffset: 0, lastOffset: 0 });
    assert.equal(codeOf(() => state.check(1, 2, 1, 1)), ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.equal(codeOf(() => state.check(1, 4, 5, 5)), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    assert.equal(state.check(1, 4, 0, 3), null);
  });

  it('forgets duplicates older than the last five batches', () => {
    const state = new ProducerState();
    for (let i = 0; i < 6; i++) state.record(1, 0, { firstSeq: i, lastSeq: i, firstOffset: i, lastOffset: i });
    assert.equal(codeOf(() => state.check(1, 0, 0, 0)), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    assert.deepEqual(state.check(1, 0, 1, 1), { firstSeq: 1, lastSeq: 1, firstOffset: 1, lastOffset: 1 });
  });

  describe('replayBatchHeader', () => {
    /** A stored batch of `count` records at `baseOffset`; only its header is replayed. */
    function stored(baseOffset: number, count: number, options: { producerId?: number; producerEpoch?: number; baseSequence?: number }): Buffer {
      const bytes = buildRecordBatch(Array.from({ length: count }, () => ({ key: null, value: Buffer.from('v') })), options);
      setBaseOffset(bytes, 0, baseOffset);
      return bytes;
    }

    it('restores an idempotent batch as an append would, with int64 producer ids and wrapped sequences', () => {
      const state = new ProducerState();
      const producerId = 2 ** 33 + 5;
      // Replayed out of a larger buffer, as from the shared header window.
      const window = Buffer.concat([Buffer.alloc(7), stored(10, 3, { producerId, producerEpoch: 4, baseSequence: 7 })]);
      state.replayBatchHeader(window, 7);
      state.replayBatchHeader(stored(13, 3, { producerId, producerEpoch: 4, baseSequence: 0x7ffffffe }), 0);
      assert.deepEqual(state.check(producerId, 4, 7, 9), { firstSeq: 7, lastSeq: 9, firstOffset: 10, lastOffset: 12 });
      assert.deepEqual(state.check(producerId, 4, 0x7ffffffe, 0), { firstSeq: 0x7ffffffe, lastSeq: 0, firstOffset: 13, lastOffset: 15 });
      assert.equal(codeOf(() => state.check(producerId, 4, 2, 2)), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
      assert.equal(codeOf(() => state.check(producerId, 3, 1, 1)), ErrorCode.INVALID_PRODUCER_EPOCH);
      assert.equal(state.check(5, 0, 9, 9), null, 'producer 5 unknown: producer ids are read as int64');
    });

    it('skips batches without a producer id and control batches', () => {
      const state = new ProducerState();
      state.replayBatchHeader(stored(0, 2, { baseSequence: 0 }), 0);
      const marker = stored(2, 1, { producerId: 3, producerEpoch: 0, baseSequence: 0 });
      marker.writeInt16BE(marker.readInt16BE(BatchLayout.ATTRIBUTES) | BatchAttribute.CONTROL | BatchAttribute.TRANSACTIONAL, BatchLayout.ATTRIBUTES);
      state.replayBatchHeader(marker, 0);
      assert.equal(state.check(3, 0, 5, 5), null, 'the control batch left producer 3 unknown');
    });
  });

  it('continues across the int32 sequence wrap', () => {
    const state = new ProducerState();
    state.record(1, 0, { firstSeq: 0x7ffffff0, lastSeq: 0x7fffffff, firstOffset: 0, lastOffset: 15 });
    assert.equal(state.check(1, 0, 0, 4), null);
  });
});
