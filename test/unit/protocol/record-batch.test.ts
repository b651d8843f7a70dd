import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { ErrorCode, KafkaError } from '../../../src/protocol/error-codes.js';
import {
  BatchAttribute,
  BatchLayout,
  HEADER_SIZE,
  computeBatchCrc,
  crc32c,
  incrementSequence,
  readBatchHeader,
  readInt64,
  setBaseOffset,
  setLogAppendTime,
  setPartitionLeaderEpoch,
  validateBatches,
} from '../../../src/protocol/record-batch.js';
import { buildRecordBatch, decodeBatch, decodeBatches, decodeRecords } from '../../../src/protocol/record-batch-builder.js';
import type { CompressionCodec, RecordInput } from '../../../src/protocol/record-batch-builder.js';

const require = createRequire(import.meta.url);
const MAX = 1_048_588;

function expectKafkaError(fn: () => unknown, code: number): void {
  assert.throws(fn, (err: unknown) => err instanceof KafkaError && err.code === code);
}

/** Re-signs a batch after a test tampered with fields under the CRC. */
function resign(batch: Buffer): Buffer {
  batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), BatchLayout.CRC);
  return batch;
}

const gzip: CompressionCodec = {
  type: 1,
  compress: (data) => zlib.gzipSync(data),
  decompress: (data) => zlib.gunzipSync(data),
};

describe('record-batch', () => {
  it('computes CRC-32C (check value of "123456789")', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  });

  it('encodes byte-for-byte like kafkajs 2.2.4', async () => {
    const KafkaJsRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/index.js').RecordBatch;
    const KafkaJsRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js');
    const Long = require('kafkajs/src/utils/long.js');
    const base = 1_700_000_000_000;
    const inputs: RecordInput[] = [
      { key: Buffer.from('k1'), value: Buffer.from('value one'), timestamp: base, headers: [{ key: 'h', value: Buffer.from('x') }] },
      { key: null, value: Buffer.from('v2'), timestamp: base + 5 },
      { key: Buffer.from('k3'), value: Buffer.alloc(300, 7), timestamp: base + 2 ** 33 },
    ];
    const ours = buildRecordBatch(inputs, { partitionLeaderEpoch: 0, producerEpoch: 0, baseSequence: 0 });
    const theirs = await KafkaJsRecordBatch({
      firstOffset: Long.fromInt(0),
      firstTimestamp: base,
      maxTimestamp: base + 2 ** 33,
      lastOffsetDelta: 2,
      records: inputs.map((r, i) =>
        KafkaJsRecord({
          offsetDelta: i,
          timestampDelta: r.timestamp! - base,
          key: r.key,
          value: r.value,
          headers: Object.fromEntries((r.headers ?? []).map((h) => [h.key, h.value])),
        }),
      ),
    });
    assert.deepEqual(ours, theirs.buffer);
  });

  it('round-trips build → validate → decode', () => {
    const records: RecordInput[] = [
      { key: Buffer.from('a'), value: Buffer.from('alpha'), timestamp: 1000 },
      { key: null, value: null, timestamp: 900, headers: [{ key: 'ünï', value: null }, { key: 'k', value: Buffer.from('v') }] },
      { key: Buffer.alloc(0), value: Buffer.from('gamma'), timestamp: 1500 },
    ];
    const batch = buildRecordBatch(records, { producerId: 42, producerEpoch: 3, baseSequence: 10 });
    const summary = validateBatches(batch, MAX);
    assert.deepEqual(summary, {
      batchCount: 1,
      recordCount: 3,
      offsetCount: 3,
      producerId: 42,
      producerEpoch: 3,
      baseSequence: 10,
      lastSequence: 12,
      maxTimestamp: 1500,
      compression: 0,
      isTransactional: false,
    });
    const header = readBatchHeader(batch, 0);
    assert.equal(header.baseTimestamp, 1000);
    assert.equal(header.lastOffsetDelta, 2);
    assert.equal(header.batchLength, batch.length - 12);

    setBaseOffset(batch, 0, 2 ** 40 + 5);
    setPartitionLeaderEpoch(batch, 0, 7);
    validateBatches(batch, MAX); // neither field is under the CRC
    const decoded = decodeRecords(batch);
    assert.deepEqual(
      decoded.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString() ?? null]),
      [
        [2 ** 40 + 5, 1000, 'a', 'alpha'],
        [2 ** 40 + 6, 900, null, null],
        [2 ** 40 + 7, 1500, '', 'gamma'],
      ],
    );
    assert.deepEqual(decoded[1]!.headers, [{ key: 'ünï', value: null }, { key: 'k', value: Buffer.from('v') }]);
    assert.equal(readBatchHeader(batch, 0).partitionLeaderEpoch, 7);
  });

  it('summarises several batches and wraps sequences at int32 max', () => {
    const a = buildRecordBatch([{ key: null, value: Buffer.from('1') }], { timestamp: 5 });
    const b = buildRecordBatch(
      [1, 2, 3].map((n) => ({ key: null, value: Buffer.from(String(n)) })),
      { timestamp: 9, producerId: 1, baseSequence: 0x7fff_fffe },
    );
    const summary = validateBatches(Buffer.concat([a, b]), MAX);
    assert.equal(summary.batchCount, 2);
    assert.equal(summary.recordCount, 4);
    assert.equal(summary.maxTimestamp, 9);
    assert.equal(summary.lastSequence, 0); // 0x7ffffffe, 0x7fffffff, 0
    assert.equal(incrementSequence(0x7fff_fffe, 1), 0x7fff_ffff);
    assert.equal(incrementSequence(0x7fff_ffff, 1), 0);
  });

  describe('validateBatches refuses', () => {
    const good = () => buildRecordBatch([{ key: null, value: Buffer.from('hello') }, { key: null, value: Buffer.from('x') }]);

    it('a CRC mismatch with CORRUPT_MESSAGE', () => {
      const batch = good();
      batch[batch.length - 1]! ^= 0xff;
      expectKafkaError(() => validateBatches(batch, MAX), ErrorCode.CORRUPT_MESSAGE);
    });

    it('a trailing partial batch with CORRUPT_MESSAGE', () => {
      const two = Buffer.concat([good(), good()]);
      expectKafkaError(() => validateBatches(two.subarray(0, two.length - 3), MAX), ErrorCode.CORRUPT_MESSAGE);
      expectKafkaError(() => validateBatches(two.subarray(0, good().length + 10), MAX), ErrorCode.CORRUPT_MESSAGE);
    });

    it('an impossible batch length with CORRUPT_MESSAGE', () => {
      const batch = good();
      batch.writeInt32BE(20, BatchLayout.BATCH_LENGTH);
      expectKafkaError(() => validateBatches(batch, MAX), ErrorCode.CORRUPT_MESSAGE);
    });

    it('old message formats with UNSUPPORTED_FOR_MESSAGE_FORMAT', () => {
      const batch = good();
      batch.writeInt8(1, BatchLayout.MAGIC);
      expectKafkaError(() => validateBatches(batch, MAX), ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT);
    });

    it('a batch above the maximum with MESSAGE_TOO_LARGE', () => {
      const batch = good();
      validateBatches(batch, batch.length);
      expectKafkaError(() => validateBatches(batch, batch.length - 1), ErrorCode.MESSAGE_TOO_LARGE);
    });

    it('lastOffsetDelta + 1 != recordsCount with INVALID_RECORD', () => {
      const batch = good();
      batch.writeInt32BE(5, BatchLayout.LAST_OFFSET_DELTA);
      expectKafkaError(() => validateBatches(resign(batch), MAX), ErrorCode.INVALID_RECORD);
      const empty = good();
      empty.writeInt32BE(0, BatchLayout.RECORDS_COUNT);
      empty.writeInt32BE(-1, BatchLayout.LAST_OFFSET_DELTA);
      expectKafkaError(() => validateBatches(resign(empty), MAX), ErrorCode.INVALID_RECORD);
    });

    it('control batches from clients with INVALID_RECORD, but not from replicas', () => {
      const batch = good();
      batch.writeInt16BE(BatchAttribute.CONTROL, BatchLayout.ATTRIBUTES);
      resign(batch);
      expectKafkaError(() => validateBatches(batch, MAX), ErrorCode.INVALID_RECORD);
      assert.equal(validateBatches(batch, MAX, 'replica').batchCount, 1);
    });

    it('an empty record set with INVALID_RECORD', () => {
      expectKafkaError(() => validateBatches(Buffer.alloc(0), MAX), ErrorCode.INVALID_RECORD);
    });
  });

  it('stamps LogAppendTime: bit 3, maxTimestamp, fresh CRC, records read back at that time', () => {
    const batch = buildRecordBatch([{ key: null, value: Buffer.from('a') }, { key: null, value: Buffer.from('b') }], { timestamp: 1 });
    setLogAppendTime(batch, 0, 123_456);
    const header = readBatchHeader(batch, 0);
    assert.equal(header.hasLogAppendTime, true);
    assert.equal(header.maxTimestamp, 123_456);
    validateBatches(batch, MAX);
    assert.deepEqual(decodeRecords(batch).map((r) => r.timestamp), [123_456, 123_456]);
  });

  it('plugs in a compression codec and refuses compressed batches without one', () => {
    const records = Array.from({ length: 50 }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.alloc(100, i) }));
    const batch = buildRecordBatch(records, { codec: gzip, transactional: true });
    const summary = validateBatches(batch, MAX);
    assert.equal(summary.compression, 1);
    assert.equal(summary.isTransactional, true);
    assert.ok(batch.length < 2000, `gzip should shrink 50 repetitive records, got ${batch.length} bytes`);
    const decoded = decodeBatch(batch, { codecFor: (type) => (type === 1 ? gzip : undefined) });
    assert.equal(decoded.records.length, 50);
    assert.deepEqual(decoded.records[49]!.value, Buffer.alloc(100, 49));
    expectKafkaError(() => decodeBatch(batch, { codecFor: () => undefined }), ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
  });

  it('decodes every complete batch and skips a trailing partial one', () => {
    const a = buildRecordBatch([{ key: null, value: Buffer.from('a') }], { baseOffset: 10 });
    const b = buildRecordBatch([{ key: null, value: Buffer.from('b') }], { baseOffset: 11 });
    const both = Buffer.concat([a, b]);
    assert.deepEqual(decodeRecords(both).map((r) => r.offset), [10, 11]);
    assert.equal(decodeBatches(both.subarray(0, a.length + HEADER_SIZE + 1)).length, 1);
  });

  it('reads int64 fields as exact numbers, negatives included', () => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64BE(-1n);
    assert.equal(readInt64(buf, 0), -1);
    buf.writeBigInt64BE(2n ** 52n + 3n);
    assert.equal(readInt64(buf, 0), 2 ** 52 + 3);
  });
});
