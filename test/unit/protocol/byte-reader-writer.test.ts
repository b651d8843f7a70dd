import assert from 'node:assert/strict';
import { ProtocolDecodeError, ProtocolEncodeError } from '../../../src/protocol/errors.js';
import { ByteReader } from '../../../src/protocol/primitives/byte-reader.js';
import { ByteWriter, EXTERNAL_CHUNK_MIN_BYTES } from '../../../src/protocol/primitives/byte-writer.js';

function bytesOf(write: (w: ByteWriter) => void): Buffer {
  const w = new ByteWriter();
  write(w);
  return w.toBuffer();
}

function readerOf(hex: string): ByteReader {
  return new ByteReader(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
}

const isDecodeError = (err: unknown): boolean => err instanceof ProtocolDecodeError;
const isEncodeError = (err: unknown): boolean => err instanceof ProtocolEncodeError;

describe('ByteWriter / ByteReader', () => {
  describe('fixed-width integers', () => {
    const cases: [string, number, string][] = [
      ['int8', -128, '80'],
      ['int8', 127, '7f'],
      ['int16', -1, 'ffff'],
      ['int16', 0x1234, '1234'],
      ['uint16', 65535, 'ffff'],
      ['int32', -(2 ** 31), '80000000'],
      ['int32', 2 ** 31 - 1, '7fffffff'],
      ['uint32', 2 ** 32 - 1, 'ffffffff'],
    ];
    for (const [type, value, hex] of cases) {
      it(`${type} ${value} is ${hex} and reads back`, () => {
        const buf = bytesOf((w) => (w as unknown as Record<string, (v: number) => void>)[type]!(value));
        assert.equal(buf.toString('hex'), hex);
        const r = new ByteReader(buf);
        assert.equal((r as unknown as Record<string, () => number>)[type]!(), value);
        assert.equal(r.remaining, 0);
      });
    }

    it('rejects out-of-range, fractional and wrongly typed integers', () => {
      const w = new ByteWriter();
      assert.throws(() => w.int8(128), isEncodeError);
      assert.throws(() => w.int16(-32769), isEncodeError);
      assert.throws(() => w.uint16(-1), isEncodeError);
      assert.throws(() => w.int32(2 ** 31), isEncodeError);
      assert.throws(() => w.uint32(2 ** 32), isEncodeError);
      assert.throws(() => w.int32(1.5), isEncodeError);
      assert.throws(() => w.int32(Number.NaN), isEncodeError);
      assert.throws(() => w.int32('7' as unknown as number), isEncodeError);
      assert.equal(w.length, 0);
    });

    it('int64 covers the signed 64-bit range, accepts safe numbers, rejects the rest', () => {
      const buf = bytesOf((w) => {
        w.int64(-(2n ** 63n));
        w.int64(2n ** 63n - 1n);
        w.int64(-1);
      });
      assert.equal(buf.toString('hex'), '8000000000000000' + '7fffffffffffffff' + 'ffffffffffffffff');
      const r = new ByteReader(buf);
      assert.equal(r.int64(), -(2n ** 63n));
      assert.equal(r.int64(), 2n ** 63n - 1n);
      assert.equal(r.int64(), -1n);
      const w = new ByteWriter();
      assert.throws(() => w.int64(2n ** 63n), isEncodeError);
      assert.throws(() => w.int64(2 ** 60), isEncodeError);
    });

    it('float64 and bool', () => {
      const buf = bytesOf((w) => {
        w.float64(-1.5);
        w.bool(true);
        w.bool(false);
      });
      assert.equal(buf.toString('hex'), 'bff8000000000000' + '01' + '00');
      const r = new ByteReader(buf);
      assert.equal(r.float64(), -1.5);
      assert.equal(r.bool(), true);
      assert.equal(r.bool(), false);
      assert.equal(readerOf('02').bool(), true, 'any non-zero byte is true, as in Kafka');
      assert.throws(() => new ByteWriter().bool(1 as unknown as boolean), isEncodeError);
    });
  });

  describe('uuid', () => {
    it('uses the 22-character base64url form; all-zero is AAAAAAAAAAAAAAAAAAAAAA', () => {
      assert.equal(new ByteReader(Buffer.alloc(16)).uuid(), 'AAAAAAAAAAAAAAAAAAAAAA');
      const raw = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
      const text = new ByteReader(raw).uuid();
      assert.equal(text, raw.toString('base64url'));
      assert.equal(text.length, 22);
      assert.deepEqual(bytesOf((w) => w.uuid(text)), raw);
    });

    it('rejects malformed text', () => {
      const w = new ByteWriter();
      assert.throws(() => w.uuid('AAAA'), isEncodeError);
      assert.throws(() => w.uuid('AAAAAAAAAAAAAAAAAAAAA+'), isEncodeError);
      assert.throws(() => w.uuid('AAAAAAAAAAAAAAAAAAAAAB'), isEncodeError, 'non-canonical trailing bits');
    });
  });

  describe('varints', () => {
    it('unsigned varint edge values', () => {
      const cases: [number, string][] = [
        [0, '00'],
        [1, '01'],
        [127, '7f'],
        [128, '8001'],
        [300, 'ac02'],
        [2 ** 31 - 1, 'ffffffff07'],
        [2 ** 31, '8080808008'],
        [2 ** 32 - 1, 'ffffffff0f'],
      ];
      for (const [value, hex] of cases) {
        assert.equal(bytesOf((w) => w.uvarint(value)).toString('hex'), hex, `uvarint ${value}`);
        assert.equal(readerOf(hex).uvarint(), value);
      }
      assert.throws(() => new ByteWriter().uvarint(-1), isEncodeError);
      assert.throws(() => new ByteWriter().uvarint(2 ** 32), isEncodeError);
    });

    it('zigzag varint edge values ±2^31', () => {
      const cases: [number, string][] = [
        [0, '00'],
        [-1, '01'],
        [1, '02'],
        [-64, '7f'],
        [64, '8001'],
        [2 ** 31 - 1, 'feffffff0f'],
        [-(2 ** 31), 'ffffffff0f'],
      ];
      for (const [value, hex] of cases) {
        assert.equal(bytesOf((w) => w.varint(value)).toString('hex'), hex, `varint ${value}`);
        assert.equal(readerOf(hex).varint(), value);
      }
      assert.throws(() => new ByteWriter().varint(2 ** 31), isEncodeError);
    });

    it('zigzag varlong edge values ±2^63', () => {
      const cases: [bigint, string][] = [
        [0n, '00'],
        [-1n, '01'],
        [1n, '02'],
        [2n ** 31n, '8080808010'],
        [2n ** 52n, '80808080808080' + '10'],
        [2n ** 63n - 1n, 'feffffffffffffffff01'],
        [-(2n ** 63n), 'ffffffffffffffffff01'],
      ];
      for (const [value, hex] of cases) {
        const written = bytesOf((w) => w.varlong(value)).toString('hex');
        assert.equal(readerOf(written).varlong(), value, `varlong ${value} round trip`);
        assert.equal(written, hex, `varlong ${value}`);
      }
      // The number fast path must produce exactly the bigint path's bytes.
      for (const n of [0, 1, -1, 1700000000000, -(2 ** 51), 2 ** 51 + 3]) {
        assert.deepEqual(bytesOf((w) => w.varlong(n)), bytesOf((w) => w.varlong(BigInt(n))), `varlong ${n}`);
      }
      assert.throws(() => new ByteWriter().varlong(2n ** 63n), isEncodeError);
    });

    it('rejects overlong and truncated varints', () => {
      assert.throws(() => readerOf('ffffffff1f').uvarint(), isDecodeError, 'more than 32 bits');
      assert.throws(() => readerOf('8080808080').uvarint(), isDecodeError, 'more than 5 bytes');
      assert.throws(() => readerOf('80').uvarint(), isDecodeError);
      assert.throws(() => readerOf('ffffffffffffffffff').varlong(), isDecodeError);
      assert.throws(() => readerOf('ffffffffffffffffff03').varlong(), isDecodeError, 'more than 64 bits');
      assert.throws(() => readerOf('ffffffffffffffffffff01').varlong(), isDecodeError, 'more than 10 bytes');
    });
  });

  describe('strings and bytes', () => {
    it('int16-length strings, -1 is null', () => {
      const buf = bytesOf((w) => {
        w.string('héllo');
        w.nullableString(null);
        w.string('');
      });
      assert.equal(buf.toString('hex'), '0006' + Buffer.from('héllo').toString('hex') + 'ffff' + '0000');
      const r = new ByteReader(buf);
      assert.equal(r.string(), 'héllo');
      assert.equal(r.nullableString(), null);
      assert.equal(r.nullableString(), '');
      assert.throws(() => readerOf('ffff').string(), isDecodeError, 'null where not nullable');
      assert.throws(() => new ByteWriter().string('x'.repeat(32768)), isEncodeError);
    });

    it('compact strings: N+1, 0 is null', () => {
      const buf = bytesOf((w) => {
        w.compactString('abc');
        w.compactNullableString(null);
        w.compactString('');
      });
      assert.equal(buf.toString('hex'), '04616263' + '00' + '01');
      const r = new ByteReader(buf);
      assert.equal(r.compactString(), 'abc');
      assert.equal(r.compactNullableString(), null);
      assert.equal(r.compactString(), '');
      assert.throws(() => readerOf('00').compactString(), isDecodeError);
    });

    it('bytes and compact bytes are views of the input, not copies', () => {
      const buf = bytesOf((w) => {
        w.bytes(Buffer.from([1, 2, 3]));
        w.nullableBytes(null);
        w.compactBytes(Buffer.from([4]));
        w.compactNullableBytes(null);
      });
      assert.equal(buf.toString('hex'), '00000003010203' + 'ffffffff' + '0204' + '00');
      const r = new ByteReader(buf);
      const first = r.bytes();
      assert.deepEqual([...first], [1, 2, 3]);
      assert.equal(first.buffer, buf.buffer, 'shares memory with the input');
      assert.equal(first.byteOffset, buf.byteOffset + 4);
      assert.equal(r.nullableBytes(), null);
      assert.deepEqual([...r.compactBytes()], [4]);
      assert.equal(r.compactNullableBytes(), null);
      assert.equal(r.remaining, 0);
    });
  });

  describe('bounds', () => {
    it('every read of a truncated input throws ProtocolDecodeError', () => {
      const reads: [string, (r: ByteReader) => unknown, string][] = [
        ['int16', (r) => r.int16(), '00'],
        ['int32', (r) => r.int32(), '000000'],
        ['int64', (r) => r.int64(), '00000000000000'],
        ['uuid', (r) => r.uuid(), '00'.repeat(15)],
        ['string', (r) => r.string(), '000561'],
        ['bytes', (r) => r.bytes(), '0000000201'],
        ['compactBytes', (r) => r.compactBytes(), '0301'],
        ['raw', (r) => r.raw(2), '01'],
        ['skip', (r) => r.skip(2), '01'],
      ];
      for (const [name, read, hex] of reads) assert.throws(() => read(readerOf(hex)), isDecodeError, name);
    });

    it('an attacker-sized length fails before anything is allocated or read', () => {
      assert.throws(() => readerOf('7fffffff').bytes(), isDecodeError);
      assert.throws(() => readerOf('ffffffff0f').compactBytes(), isDecodeError);
      assert.throws(() => readerOf('fffffffe').nullableBytes(), isDecodeError, 'length below -1');
      assert.throws(() => readerOf('fffe').nullableString(), isDecodeError, 'length below -1');
      assert.throws(() => readerOf('7fffffff 00000000').arrayLength(4), isDecodeError);
      assert.throws(() => readerOf('00000003 0000').arrayLength(0), isDecodeError, 'zero-size elements still bounded');
      assert.equal(readerOf('00000002 0000').arrayLength(1), 2);
      assert.equal(readerOf('ffffffff').arrayLength(4), -1);
      assert.equal(readerOf('00').compactArrayLength(4), -1);
    });

    it('a window never reads past its end, even when the buffer goes on', () => {
      const buf = Buffer.from('0000000100000002', 'hex');
      const r = new ByteReader(buf, 0, 4);
      assert.equal(r.int32(), 1);
      assert.throws(() => r.int32(), isDecodeError);
      const outer = new ByteReader(buf);
      const sub = outer.sub(4);
      assert.equal(outer.int32(), 2);
      assert.equal(sub.int32(), 1);
      assert.throws(() => sub.int8(), isDecodeError);
    });
  });

  describe('chunks and patching', () => {
    it('grows from a small buffer and keeps earlier bytes', () => {
      const w = new ByteWriter(16);
      for (let i = 0; i < 1000; i++) w.int32(i);
      assert.equal(w.length, 4000);
      const r = new ByteReader(w.toBuffer());
      for (let i = 0; i < 1000; i++) assert.equal(r.int32(), i);
    });

    it('large appended buffers become chunks without a copy; small ones are copied', () => {
      const big = Buffer.alloc(EXTERNAL_CHUNK_MIN_BYTES, 7);
      const small = Buffer.from([9, 9]);
      const w = new ByteWriter();
      const sizeAt = w.reserveInt32();
      w.appendBuffer(small);
      w.appendBuffer(big);
      w.int16(5);
      w.patchInt32(sizeAt, w.length - 4);
      const chunks = w.toChunks();
      assert.equal(chunks.length, 3);
      assert.equal(chunks[1], big, 'the very same Buffer object');
      assert.equal(w.length, 4 + 2 + big.length + 2);
      assert.equal(chunks.reduce((n, c) => n + c.length, 0), w.length);
      const whole = w.toBuffer();
      assert.equal(whole.readInt32BE(0), w.length - 4, 'patched across an external chunk');
      assert.equal(whole.readInt16BE(whole.length - 2), 5);
      small[0] = 0;
      assert.equal(chunks[0]![4], 9, 'small buffers were copied');
    });

    it('patches a slot written before the buffer grew', () => {
      const w = new ByteWriter(16);
      const at = w.reserveInt32();
      w.appendBuffer(Buffer.alloc(100, 1));
      w.patchUint32(at, 0xdeadbeef);
      assert.equal(w.toBuffer().readUInt32BE(0), 0xdeadbeef);
      assert.throws(() => w.patchInt32(w.length - 2, 1), RangeError);
    });
  });
});
