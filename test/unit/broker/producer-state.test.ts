import assert from 'node:assert/strict';
import { ErrorCode, KafkaError } from '../../../src/protocol/error-codes.js';
import { ProducerState } from '../../../src/broker/producer-state.js';

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

  it('continues across the int32 sequence wrap', () => {
    const state = new ProducerState();
    state.record(1, 0, { firstSeq: 0x7ffffff0, lastSeq: 0x7fffffff, firstOffset: 0, lastOffset: 15 });
    assert.equal(state.check(1, 0, 0, 4), null);
  });
});
