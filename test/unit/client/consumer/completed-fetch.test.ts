import assert from 'node:assert/strict';
import { CompletedFetch } from '../../../../src/client/consumer/completed-fetch.js';
import type { ConsumerRecord } from '../../../../src/client/consumer/consumer-record.js';
import { gzipCodec } from '../../../../src/protocol/compression/index.js';
import { ErrorCode, KafkaError } from '../../../../src/protocol/error-codes.js';
import { buildRecordBatch } from '../../../../src/protocol/record-batch-builder.js';
import type { BuildBatchOptions } from '../../../../src/protocol/record-batch-builder.js';
import { BatchAttribute, BatchLayout, computeBatchCrc, setLogAppendTime, setPartitionLeaderEpoch } from '../../../../src/protocol/record-batch.js';

/** A batch of `count` records valued `v<offset>`, starting at `baseOffset`. */
function batch(baseOffset: number, count: number, options: BuildBatchOptions = {}): Buffer {
  const records = Array.from({ length: count }, (_, i) => ({
    key: Buffer.from(`k${baseOffset + i}`),
    value: Buffer.from(`v${baseOffset + i}`),
    headers: [{ key: 'h', value: Buffer.from(String(baseOffset + i)) }],
  }));
  return buildRecordBatch(records, { timestamp: 1_000, ...options, baseOffset });
}

/** A transaction marker batch: control bit set, one record whose key is (version 0, type). */
function marker(offset: number, producerId: number, type: 0 | 1): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(type, 2);
  const buf = buildRecordBatch([{ key, value: Buffer.alloc(6) }], { baseOffset: offset, producerId, producerEpoch: 0, transactional: true });
  buf.writeInt16BE(buf.readInt16BE(BatchLayout.ATTRIBUTES) | BatchAttribute.CONTROL, BatchLayout.ATTRIBUTES);
  return resign(buf);
}

function resign(buf: Buffer): Buffer {
  buf.writeUInt32BE(computeBatchCrc(buf, 0, buf.length), BatchLayout.CRC);
  return buf;
}

function drain(fetch: CompletedFetch, max = 1000): ConsumerRecord[] {
  const out: ConsumerRecord[] = [];
  fetch.fetchRecords(max, out);
  return out;
}

const offsets = (records: readonly ConsumerRecord[]): number[] => records.map((r) => r.offset);

describe('CompletedFetch', () => {
  it('returns records from the fetch position on, dropping the batch\'s earlier records', () => {
    const fetch = new CompletedFetch('t', 0, 3, Buffer.concat([batch(0, 5), batch(5, 5)]), null);
    const records = drain(fetch);
    assert.deepEqual(offsets(records), [3, 4, 5, 6, 7, 8, 9]);
    assert.equal(fetch.nextFetchOffset, 10);
    assert.ok(fetch.isDrained);
    const first = records[0]!;
    assert.equal(first.topic, 't');
    assert.equal(first.partition, 0);
    assert.deepEqual(first.key, Buffer.from('k3'));
    assert.deepEqual(first.value, Buffer.from('v3'));
    assert.deepEqual(first.headers, [{ key: 'h', value: Buffer.from('3') }]);
    assert.equal(first.timestamp, 1_000);
    assert.equal(first.timestampType, 'CreateTime');
    assert.equal(first.leaderEpoch, null);
  });

  it('stops at max records and continues where it stopped', () => {
    const fetch = new CompletedFetch('t', 0, 0, Buffer.concat([batch(0, 5), batch(5, 5)]), null);
    assert.deepEqual(offsets(drain(fetch, 3)), [0, 1, 2]);
    assert.equal(fetch.nextFetchOffset, 3);
    assert.equal(fetch.isDrained, false);
    assert.deepEqual(offsets(drain(fetch, 4)), [3, 4, 5, 6]);
    assert.deepEqual(offsets(drain(fetch)), [7, 8, 9]);
  });

  it('skips batches wholly below the position without decoding or checking them', () => {
    const corrupt = batch(0, 5);
    corrupt[corrupt.length - 1] ^= 0xff;
    const fetch = new CompletedFetch('t', 0, 5, Buffer.concat([corrupt, batch(5, 2)]), null);
    assert.deepEqual(offsets(drain(fetch)), [5, 6]);
  });

  it('fails on a batch whose CRC does not match, at that batch, without moving past it', () => {
    const corrupt = batch(2, 3);
    corrupt[corrupt.length - 1] ^= 0xff;
    const fetch = new CompletedFetch('t', 0, 0, Buffer.concat([batch(0, 2), corrupt]), null);
    const out: ConsumerRecord[] = [];
    assert.throws(
      () => fetch.fetchRecords(10, out),
      (error: unknown) => error instanceof KafkaError && error.code === ErrorCode.CORRUPT_MESSAGE,
    );
    assert.deepEqual(offsets(out), [0, 1]);
    assert.equal(fetch.nextFetchOffset, 2);
  });

  it('never returns control batches but moves the position past them', () => {
    const fetch = new CompletedFetch('t', 0, 0, Buffer.concat([batch(0, 2), marker(2, 7, 1), batch(3, 1)]), null);
    assert.deepEqual(offsets(drain(fetch)), [0, 1, 3]);
    const onlyMarker = new CompletedFetch('t', 0, 2, marker(2, 7, 1), null);
    assert.deepEqual(drain(onlyMarker), []);
    assert.equal(onlyMarker.nextFetchOffset, 3);
  });

  it('with read_committed, skips the batches of aborted transactions', () => {
    const tx = { producerId: 7, producerEpoch: 0, baseSequence: 0, transactional: true };
    const records = Buffer.concat([batch(0, 3, tx), marker(3, 7, 0), batch(4, 2), batch(6, 1, { ...tx, baseSequence: 3 }), marker(7, 7, 1)]);
    const committed = new CompletedFetch('t', 0, 0, records, [{ producerId: 7, firstOffset: 0 }]);
    assert.deepEqual(offsets(drain(committed)), [4, 5, 6]);
    assert.equal(committed.nextFetchOffset, 8);
    const uncommitted = new CompletedFetch('t', 0, 0, records, null);
    assert.deepEqual(offsets(drain(uncommitted)), [0, 1, 2, 4, 5, 6]);
  });

  it('after a batch whose tail was compacted away, the next fetch starts past the batch', () => {
    const compacted = batch(10, 3);
    compacted.writeInt32BE(9, BatchLayout.LAST_OFFSET_DELTA);
    resign(compacted);
    const fetch = new CompletedFetch('t', 0, 10, compacted, null);
    assert.deepEqual(offsets(drain(fetch)), [10, 11, 12]);
    assert.equal(fetch.nextFetchOffset, 20);
  });

  it('ignores a partial batch at the end of the response', () => {
    const partial = batch(2, 3).subarray(0, 40);
    const fetch = new CompletedFetch('t', 0, 0, Buffer.concat([batch(0, 2), partial]), null);
    assert.deepEqual(offsets(drain(fetch)), [0, 1]);
    assert.equal(fetch.nextFetchOffset, 2);
  });

  it('decompresses compressed batches and reports LogAppendTime and leader epochs', () => {
    const compressed = batch(0, 4, { codec: gzipCodec });
    setLogAppendTime(compressed, 0, 5_000);
    setPartitionLeaderEpoch(compressed, 0, 3);
    const records = drain(new CompletedFetch('t', 1, 1, compressed, null));
    assert.deepEqual(offsets(records), [1, 2, 3]);
    assert.deepEqual(records.map((r) => r.value?.toString()), ['v1', 'v2', 'v3']);
    assert.ok(records.every((r) => r.timestamp === 5_000 && r.timestampType === 'LogAppendTime' && r.leaderEpoch === 3));
  });
});
