import assert from 'node:assert/strict';
import { ProducerBatch } from '../../../../src/client/producer/producer-batch.js';
import type { EncodableValue, RecordCompletion, RecordValue } from '../../../../src/client/producer/producer-batch.js';
import { codecForType } from '../../../../src/protocol/compression/index.js';
import { CompressionType, readBatchHeader, validateBatches } from '../../../../src/protocol/record-batch.js';
import { decodeBatch } from '../../../../src/protocol/record-batch-builder.js';
import { xorshift32 } from '../../../support/xorshift.js';

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

/** The sealed bytes of one batch taking `values` in order, and the index of the first one refused (-1: none). */
function fill(values: readonly RecordValue[], batchSize: number): { bytes: Buffer; refusedAt: number } {
  const batch = new ProducerBatch('t', 0, batchSize, 10, 0);
  const c = new Recorder();
  let refusedAt = -1;
  for (let i = 0; i < values.length; i++) {
    if (batch.tryAppend(1000 + (i % 3), i % 4 === 0 ? 'key' : null, values[i]!, undefined, c, i) < 0) {
      refusedAt = i;
      break;
    }
  }
  return { bytes: batch.seal(SEAL), refusedAt };
}

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

  describe('text values written without measuring them first', () => {
    /** A seeded generator of numbers in [0, 1). */
    function uniform(seed: number): () => number {
      const next = xorshift32(seed);
      return () => next() / 2 ** 32;
    }

    /** Text of `length` UTF-16 units drawn from ASCII, 2- and 3-byte characters, surrogate pairs and lone surrogates. */
    function randomText(random: () => number, length: number, alphabet: 'ascii' | 'any'): string {
      let out = '';
      while (out.length < length) {
        const pick = alphabet === 'ascii' ? 0 : Math.floor(random() * 5);
        if (pick === 0) out += String.fromCharCode(0x20 + Math.floor(random() * 0x5f));
        else if (pick === 1) out += String.fromCharCode(0x80 + Math.floor(random() * 0x780));
        else if (pick === 2) out += String.fromCharCode(0x800 + Math.floor(random() * 0xd000));
        else if (pick === 3 && out.length + 2 <= length) out += '\u{1F389}';
        else out += String.fromCharCode(0xd800 + Math.floor(random() * 0x800));
      }
      return out.slice(0, length);
    }

    it('gives the same bytes as the measured path for any text, at every length where a varint widens', () => {
      const random = uniform(0x7e57);
      // Lengths around the widths of the length prefixes: 63/64 units (1→2-byte varint at one byte per unit),
      // 21/22 (at three bytes per unit), 8191/8192 and 2730/2731, and past the unmeasured limit.
      const lengths = [0, 1, 21, 22, 42, 43, 63, 64, 100, 2730, 2731, 8191, 8192, 16384, 16385, 40000];
      for (const alphabet of ['ascii', 'any'] as const) {
        const texts = lengths.flatMap((length) => [randomText(random, length, alphabet), randomText(random, length, alphabet)]);
        const asText = fill(texts, 1 << 20);
        const asBytes = fill(texts.map((text) => Buffer.from(text, 'utf8')), 1 << 20);
        assert.equal(asText.refusedAt, -1);
        assert.ok(asText.bytes.equals(asBytes.bytes), `${alphabet} text encodes differently`);
        validateBatches(asText.bytes, 1 << 21);
        assert.deepEqual(decodeBatch(asText.bytes).records.map((r) => r.value?.toString('utf8')), texts.map((t) => Buffer.from(t).toString('utf8')));
      }
    });

    it('refuses at the same record as the measured path when batch.size is reached', () => {
      const random = uniform(0xf011);
      for (let round = 0; round < 200; round++) {
        const alphabet = round % 2 === 0 ? 'ascii' : 'any';
        const texts = Array.from({ length: 60 }, () => randomText(random, Math.floor(random() * 300), alphabet));
        const batchSize = 512 + Math.floor(random() * 8000);
        const asText = fill(texts, batchSize);
        const asBytes = fill(texts.map((text) => Buffer.from(text, 'utf8')), batchSize);
        assert.equal(asText.refusedAt, asBytes.refusedAt, `round ${round}, batch.size ${batchSize}`);
        assert.ok(asText.bytes.equals(asBytes.bytes), `round ${round}`);
      }
    });
  });

  describe('encodable values', () => {
    /** Writes `text` as UTF-8 but claims `slack` more bytes at most, as an encoder that does not know its length. */
    function encodable(text: string, slack: number): EncodableValue {
      const bytes = Buffer.from(text);
      return {
        minByteLength: bytes.length,
        maxByteLength: bytes.length + slack,
        encodeInto: (target, offset) => bytes.copy(target, offset),
      };
    }

    it('writes the bytes a Buffer value gives, narrowing the length prefixes when the value comes out shorter', () => {
      // Slack that widens the value's and the record's varints past the actual length: 63→64 and 8191→8192 bytes.
      const texts = ['', 'short', 'x'.repeat(60), 'y'.repeat(63), 'z'.repeat(100), 'w'.repeat(8180), 'v'.repeat(20_000)];
      for (const slack of [0, 1, 5, 100, 10_000, 200_000]) {
        const asEncoded = fill(texts.map((text) => encodable(text, slack)), 1 << 20);
        const asBytes = fill(texts.map((text) => Buffer.from(text)), 1 << 20);
        assert.equal(asEncoded.refusedAt, -1);
        assert.ok(asEncoded.bytes.equals(asBytes.bytes), `slack ${slack}`);
        validateBatches(asEncoded.bytes, 1 << 21);
      }
    });

    it('refuses at the same record as a Buffer value when batch.size is reached, however loose the bound', () => {
      const next = xorshift32(0xe4c0);
      for (let round = 0; round < 200; round++) {
        const texts = Array.from({ length: 40 }, () => 'q'.repeat(next() % 300));
        const batchSize = 512 + (next() % 6000);
        const slack = [0, 3, 50, 2000][round % 4]!;
        const asEncoded = fill(texts.map((text) => encodable(text, slack)), batchSize);
        const asBytes = fill(texts.map((text) => Buffer.from(text)), batchSize);
        assert.equal(asEncoded.refusedAt, asBytes.refusedAt, `round ${round}`);
        assert.ok(asEncoded.bytes.equals(asBytes.bytes), `round ${round}`);
      }
    });

    it('is written out in full when the record has headers', () => {
      const batch = new ProducerBatch('t', 0, 16384, 10, 0);
      batch.tryAppend(0, null, encodable('with headers', 7), [{ key: 'h', value: 'v' }], new Recorder(), 0);
      const records = decodeBatch(batch.seal(SEAL)).records;
      assert.equal(records[0]?.value?.toString(), 'with headers');
      assert.deepEqual(records[0]?.headers, [{ key: 'h', value: Buffer.from('v') }]);
    });
  });
});
