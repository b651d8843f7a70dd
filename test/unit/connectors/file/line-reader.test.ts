import assert from 'node:assert/strict';
import { LineReader } from '../../../../connectors/file/line-reader.js';
import { xorshift32 } from '../../../support/xorshift.js';

function drain(reader: LineReader): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  let line: string | null;
  while ((line = reader.nextLine()) !== null) out.push([line, reader.position]);
  return out;
}

function feedBytes(bytes: Buffer, chunk: number, bufferBytes = 16): Array<[string, number]> {
  const reader = new LineReader(bufferBytes);
  const out: Array<[string, number]> = [];
  for (let i = 0; i < bytes.length; i += chunk) {
    reader.push(bytes.subarray(i, i + chunk));
    out.push(...drain(reader));
  }
  return out;
}

describe('LineReader', () => {
  it('ends lines at \\n, \\r\\n and a lone \\r, counting positions in bytes', () => {
    const reader = new LineReader();
    reader.push(Buffer.from('a\nbb\r\nccc\rd\n\n'));
    assert.deepEqual(drain(reader), [
      ['a', 2],
      ['bb', 6],
      ['ccc', 10],
      ['d', 12],
      ['', 13],
    ]);
  });

  it('gives the same lines and positions whatever the read boundaries, a \\r\\n split across reads included', () => {
    const text = Buffer.from('one\r\ntwo\rthree\nfour\r\n\r\nfive\r\r\nsix\n');
    const whole = feedBytes(text, text.length, 64);
    assert.deepEqual(whole.map(([line]) => line), ['one', 'two', 'three', 'four', '', 'five', '', 'six']);
    for (let chunk = 1; chunk <= 7; chunk++) assert.deepEqual(feedBytes(text, chunk), whole, `chunk ${chunk}`);
  });

  it('holds a trailing \\r until the next byte says whether \\n follows', () => {
    const reader = new LineReader();
    reader.push(Buffer.from('x\r'));
    assert.equal(reader.nextLine(), null);
    reader.push(Buffer.from('\ny'));
    assert.equal(reader.nextLine(), 'x');
    assert.equal(reader.position, 3);
    reader.push(Buffer.from('\r'));
    assert.equal(reader.nextLine(), null);
    reader.push(Buffer.from('z\n'));
    assert.equal(reader.nextLine(), 'y');
    assert.equal(reader.position, 5);
    assert.equal(reader.nextLine(), 'z');
  });

  it('counts multi-byte UTF-8 in bytes and decodes characters split across reads', () => {
    const text = Buffer.from('ünïcødé\n日本語\r\n🎉 party\n');
    const lines = feedBytes(text, 3);
    assert.deepEqual(lines, [
      ['ünïcødé', Buffer.byteLength('ünïcødé\n')],
      ['日本語', Buffer.byteLength('ünïcødé\n日本語\r\n')],
      ['🎉 party', text.length],
    ]);
  });

  it('keeps a partial last line until its newline arrives', () => {
    const reader = new LineReader();
    reader.push(Buffer.from('done\npart'));
    assert.deepEqual(drain(reader), [['done', 5]]);
    assert.equal(reader.pendingBytes, 4);
    reader.push(Buffer.from('ial\n'));
    assert.deepEqual(drain(reader), [['partial', 13]]);
  });

  it('grows for a line longer than its buffer and compacts otherwise', () => {
    const long = 'x'.repeat(100);
    assert.deepEqual(feedBytes(Buffer.from(`${long}\nshort\n`), 5, 8), [
      [long, 101],
      ['short', 107],
    ]);
  });

  it('hands out the unfinished tail once, dropping a lone trailing \\r', () => {
    const reader = new LineReader();
    reader.push(Buffer.from('a\ntail\r'));
    assert.deepEqual(drain(reader), [['a', 2]]);
    assert.equal(reader.remainder(), 'tail');
    assert.equal(reader.position, 7);
    assert.equal(reader.remainder(), null);
  });

  it('starts counting from the position it is reset to', () => {
    const reader = new LineReader();
    reader.push(Buffer.from('junk'));
    reader.reset(1000);
    reader.push(Buffer.from('a\n'));
    assert.deepEqual(drain(reader), [['a', 1002]]);
    assert.equal(reader.readPosition, 1002);
  });

  it('splits long ASCII stretches (cut from decoded text) exactly as it splits bytes, at any read boundary', () => {
    const next = xorshift32(0x11ee5);
    const pick = (n: number) => next() % n;
    // Mostly long ASCII lines, so whole reads are ASCII; now and then a multi-byte character, a \r or a \r\n.
    const parts: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const roll = pick(40);
      if (roll === 0) parts.push('é✓');
      else if (roll === 1) parts.push('\r');
      else if (roll === 2) parts.push('\r\n');
      else if (roll < 12) parts.push('\n');
      else parts.push('x'.repeat(pick(120)) + String(i));
    }
    const bytes = Buffer.from(parts.join(''));
    const expected = reference(bytes);
    for (const [chunk, buffer] of [[bytes.length, 1 << 20], [4096, 4096], [777, 1024], [300, 512], [65536, 65536], [1000, 300]] as const) {
      assert.deepEqual(feedBytes(bytes, chunk, buffer), expected, `reads of ${chunk} into ${buffer}`);
    }
  });
});

/** Lines and end positions by the plain rule (\n, \r\n, lone \r), for comparison; the unterminated tail is left out. */
function reference(bytes: Buffer): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a || bytes[i] === 0x0d) {
      const crlf = bytes[i] === 0x0d && bytes[i + 1] === 0x0a;
      if (bytes[i] === 0x0d && i + 1 >= bytes.length) break;
      const end = crlf ? i + 2 : i + 1;
      out.push([bytes.toString('utf8', start, i), end]);
      start = end;
      i = end - 1;
    }
  }
  return out;
}
