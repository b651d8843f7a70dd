import assert from 'node:assert/strict';
import { FrameTooLargeError } from '../../../src/protocol/errors.js';
import { FrameDecoder } from '../../../src/protocol/frame-decoder.js';

function frame(payload: Buffer): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeInt32BE(payload.length);
  return Buffer.concat([prefix, payload]);
}

function drain(decoder: FrameDecoder): Buffer[] {
  const out: Buffer[] = [];
  for (let f = decoder.next(); f !== null; f = decoder.next()) out.push(f);
  return out;
}

describe('FrameDecoder', () => {
  it('returns a frame inside one chunk as a view of that chunk', () => {
    const chunk = Buffer.concat([frame(Buffer.from('hello')), frame(Buffer.from('world!'))]);
    const decoder = new FrameDecoder();
    decoder.push(chunk);
    const frames = drain(decoder);
    assert.deepEqual(frames.map((f) => f.toString()), ['hello', 'world!']);
    assert.equal(frames[0]!.buffer, chunk.buffer, 'no copy');
    assert.equal(frames[0]!.byteOffset, chunk.byteOffset + 4);
    assert.equal(decoder.bufferedBytes, 0);
  });

  it('reassembles frames split at every possible byte boundary', () => {
    const payloads = [Buffer.from('a'), Buffer.alloc(0), Buffer.from('0123456789abcdef'), Buffer.from('xyz')];
    const stream = Buffer.concat(payloads.map(frame));
    for (let cut1 = 0; cut1 <= stream.length; cut1++) {
      for (let cut2 = cut1; cut2 <= stream.length; cut2++) {
        const decoder = new FrameDecoder();
        const got: Buffer[] = [];
        for (const part of [stream.subarray(0, cut1), stream.subarray(cut1, cut2), stream.subarray(cut2)]) {
          decoder.push(part);
          got.push(...drain(decoder));
        }
        assert.deepEqual(got, payloads, `cuts at ${cut1}/${cut2}`);
        assert.equal(decoder.bufferedBytes, 0);
      }
    }
  });

  it('handles a stream fed one byte at a time', () => {
    const payload = Buffer.from('one byte at a time');
    const stream = frame(payload);
    const decoder = new FrameDecoder();
    const got: Buffer[] = [];
    for (const byte of stream) {
      decoder.push(Buffer.from([byte]));
      got.push(...drain(decoder));
    }
    assert.deepEqual(got, [payload]);
  });

  it('rejects an oversized size prefix as soon as it arrives, before the body', () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 1024 });
    decoder.push(Buffer.from([0x00, 0x00]));
    assert.equal(decoder.next(), null);
    assert.throws(
      () => decoder.push(Buffer.from([0x04, 0x01])),
      (err) => err instanceof FrameTooLargeError && err.size === 1025 && err.maxFrameBytes === 1024,
    );
  });

  it('rejects a negative size and an absurd one (a stray HTTP request)', () => {
    assert.throws(() => new FrameDecoder().push(Buffer.from('ffffffff', 'hex')), (err) => err instanceof FrameTooLargeError && err.size === -1);
    assert.throws(() => new FrameDecoder().push(Buffer.from('GET / HTTP/1.1\r\n')), FrameTooLargeError);
  });

  it('accepts a frame of exactly maxFrameBytes', () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 8 });
    decoder.push(frame(Buffer.alloc(8, 1)));
    assert.deepEqual(drain(decoder), [Buffer.alloc(8, 1)]);
  });

  it('validates its options', () => {
    assert.throws(() => new FrameDecoder({ maxFrameBytes: -1 }), RangeError);
  });
});
