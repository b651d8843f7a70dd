import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { BufferedOutput, OutputClosedError } from '../../../src/cli/buffered-output.js';

describe('BufferedOutput', () => {
  it('hands bytes to the stream only on flush or when full, in order', async () => {
    const writes: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        writes.push(chunk);
        callback();
      },
    });
    const out = new BufferedOutput(sink);
    out.writeString('héllo ');
    out.write(Buffer.from('world\n'));
    assert.equal(writes.length, 0);
    await out.flush();
    assert.equal(Buffer.concat(writes).toString('utf8'), 'héllo world\n');
    for (let i = 0; i < 10_000; i++) out.writeString(`${i}\n`);
    await out.flush();
    const expected = 'héllo world\n' + Array.from({ length: 10_000 }, (_, i) => `${i}\n`).join('');
    assert.equal(Buffer.concat(writes).toString('utf8'), expected);
  });

  it('waits for a slow reader to drain', async () => {
    let release: (() => void) | undefined;
    let written = 0;
    const sink = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        release = callback;
      },
    });
    const out = new BufferedOutput(sink);
    out.write(Buffer.alloc(100_000));
    let flushed = false;
    const flushing = out.flush().then(() => {
      flushed = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(flushed, false);
    assert.equal(written, 100_000);
    release?.();
    await flushing;
    assert.equal(flushed, true);
  });

  it('reports a closed stream on flush and writes nothing more', async () => {
    const sink = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const out = new BufferedOutput(sink);
    out.writeString('lost\n');
    await assert.rejects(out.flush(), OutputClosedError);
    assert.ok(out.closedError instanceof OutputClosedError);
  });
});
