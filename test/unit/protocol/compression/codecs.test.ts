import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { ConfigError } from '../../../../src/common/config/config-def.js';
import {
  COMPRESSION_NAMES,
  codecForName,
  codecForType,
  gzipCodec,
  lz4Codec,
  snappyCodec,
  zstdCodec,
} from '../../../../src/protocol/compression/index.js';
import { XERIAL_BLOCK_SIZE, XERIAL_HEADER_SIZE, isXerialFramed } from '../../../../src/protocol/compression/snappy-codec.js';
import { CompressionType } from '../../../../src/protocol/record-batch.js';
import { buildRecordBatch, decodeRecords } from '../../../../src/protocol/record-batch-builder.js';

const require = createRequire(import.meta.url);
const snappy = require('snappy') as typeof import('snappy');

const TEXT = Buffer.from('Kafka record batch payload, Kafka record batch payload, Kafka!');

/** Made with the reference CLIs (lz4 1.9.4, zstd 1.5.4) from TEXT, so decoding is checked against other encoders. */
const FIXTURES = {
  // `lz4 -B4 --no-frame-crc`: independent 64 KiB blocks, as Java's KafkaLZ4BlockOutputStream writes.
  lz4Independent: '04224d1860408227000000ff0d4b61666b61207265636f7264206261746368207061796c6f61642c201c000a5061666b612100000000',
  // `lz4 -BD`: linked blocks with a content checksum, as librdkafka's LZ4F defaults may write.
  lz4Linked: '04224d186440a727000000ff0d4b61666b61207265636f7264206261746368207061796c6f61642c201c000a5061666b6121000000002122fd5f',
  // `cat | zstd`: a streamed frame without a content size, the way Java's ZstdOutputStream writes.
  zstdStreamed: '28b52ffd04581d0100e84b61666b61207265636f7264206261746368207061796c6f61642c20210100fc389d44fa6dd6',
  zstdSized: '28b52ffd243e1d0100e84b61666b61207265636f7264206261746368207061796c6f61642c20210100fc389d44fa6dd6',
};

describe('compression codecs', () => {
  const samples: [string, Buffer][] = [
    ['one byte', Buffer.from('x')],
    ['text', TEXT],
    ['random 300 KiB', randomBytes(300 * 1024)],
    ['repetitive 1 MiB', Buffer.alloc(1024 * 1024, 'abcdefgh')],
  ];
  for (const codec of [gzipCodec, snappyCodec, lz4Codec, zstdCodec]) {
    it(`round-trips with codec ${COMPRESSION_NAMES[codec.type]}`, () => {
      for (const [what, data] of samples) {
        const compressed = codec.compress(data);
        assert.ok(codec.decompress(compressed).equals(data), `${what} did not round-trip`);
      }
      assert.ok(codec.compress(Buffer.alloc(1024 * 1024, 'abcdefgh')).length < 64 * 1024);
    });
  }

  it('maps Kafka compression.type names and attribute ids to codecs', () => {
    assert.equal(codecForName('none'), undefined);
    assert.equal(codecForName('zstd'), zstdCodec);
    assert.equal(codecForType(CompressionType.SNAPPY), snappyCodec);
    assert.equal(codecForType(0), undefined);
    assert.throws(() => codecForName('brotli'), (e: unknown) => e instanceof ConfigError && e.errors[0]!.key === 'compression.type');
  });

  it('reads gzip as written by other encoders', () => {
    assert.ok(gzipCodec.decompress(gzipSync(TEXT, { level: 9 })).equals(TEXT));
  });

  it('writes standard LZ4 frames with independent blocks and reads frames from the reference encoder', () => {
    const frame = lz4Codec.compress(TEXT);
    assert.equal(frame.readUInt32LE(0), 0x184d2204, 'LZ4 frame magic');
    const flg = frame[4]!;
    assert.equal(flg >> 6, 1, 'frame format version 01');
    assert.equal(flg & 0x20, 0x20, 'block independence flag (Java reads each block on its own)');
    assert.ok(lz4Codec.decompress(Buffer.from(FIXTURES.lz4Independent, 'hex')).equals(TEXT));
    assert.ok(lz4Codec.decompress(Buffer.from(FIXTURES.lz4Linked, 'hex')).equals(TEXT));
  });

  it('reads zstd frames with and without a content size', () => {
    assert.ok(zstdCodec.decompress(Buffer.from(FIXTURES.zstdStreamed, 'hex')).equals(TEXT));
    assert.ok(zstdCodec.decompress(Buffer.from(FIXTURES.zstdSized, 'hex')).equals(TEXT));
    assert.equal(zstdCodec.compress(TEXT).readUInt32LE(0), 0xfd2fb528, 'zstd frame magic');
  });

  describe('snappy xerial framing', () => {
    it('writes the snappy-java stream header and 32 KiB blocks of raw snappy', () => {
      const data = randomBytes(XERIAL_BLOCK_SIZE * 2 + 100);
      const framed = snappyCodec.compress(data);
      assert.equal(framed.subarray(0, 8).toString('hex'), '82534e4150505900');
      assert.equal(framed.readInt32BE(8), 1, 'version');
      assert.equal(framed.readInt32BE(12), 1, 'minimum compatible version');
      const blocks: Buffer[] = [];
      for (let pos = XERIAL_HEADER_SIZE; pos < framed.length; ) {
        const length = framed.readInt32BE(pos);
        blocks.push(snappy.uncompressSync(framed.subarray(pos + 4, pos + 4 + length), { asBuffer: true }) as Buffer);
        pos += 4 + length;
      }
      assert.deepEqual(blocks.map((b) => b.length), [XERIAL_BLOCK_SIZE, XERIAL_BLOCK_SIZE, 100]);
      assert.ok(Buffer.concat(blocks).equals(data));
    });

    it('reads a bare raw snappy block (what librdkafka writes) as well as xerial frames', () => {
      const raw = snappy.compressSync(TEXT);
      assert.equal(isXerialFramed(raw), false);
      assert.ok(snappyCodec.decompress(raw).equals(TEXT));
    });

    it('rejects a truncated xerial stream with CORRUPT_MESSAGE', () => {
      const framed = snappyCodec.compress(TEXT);
      assert.throws(() => snappyCodec.decompress(framed.subarray(0, framed.length - 3)), (e: unknown) => (e as { code?: number }).code === 2);
    });
  });

  it('lets the batch builder compress and decodeRecords decompress every codec without being handed one', () => {
    const records = Array.from({ length: 200 }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(`value ${i % 7}`) }));
    for (const type of [CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4, CompressionType.ZSTD]) {
      const batch = buildRecordBatch(records, { compression: type, baseOffset: 5 });
      assert.equal(batch.readInt16BE(21) & 7, type);
      const decoded = decodeRecords(batch);
      assert.equal(decoded.length, 200);
      assert.deepEqual([decoded[199]!.offset, decoded[199]!.value!.toString()], [204, `value ${199 % 7}`]);
    }
  });
});
