import assert from 'node:assert/strict';
import { LineSplitter } from '../../../src/cli/line-splitter.js';

function split(chunks: readonly (string | Buffer)[]): string[] {
  const splitter = new LineSplitter();
  const lines: string[] = [];
  const onLine = (line: Buffer) => lines.push(line.toString('latin1'));
  for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk, onLine);
  splitter.end(onLine);
  return lines;
}

describe('LineSplitter (Java BufferedReader.readLine rules)', () => {
  it('splits on \\n, \\r and \\r\\n and drops the terminators', () => {
    assert.deepEqual(split(['a\nb\rc\r\nd\n']), ['a', 'b', 'c', 'd']);
  });

  it('keeps empty lines and an unterminated last line', () => {
    assert.deepEqual(split(['\n\nx\n\ny']), ['', '', 'x', '', 'y']);
  });

  it('produces no extra line after a final terminator, and none for empty input', () => {
    assert.deepEqual(split(['one\n']), ['one']);
    assert.deepEqual(split([]), []);
    assert.deepEqual(split(['']), []);
  });

  it('joins a line split across chunks', () => {
    assert.deepEqual(split(['hel', 'lo wo', 'rld\nnext', '\n']), ['hello world', 'next']);
  });

  it('treats \\r at a chunk end and \\n at the next chunk start as one terminator', () => {
    assert.deepEqual(split(['a\r', '\nb\r', 'c\r', '\r\n']), ['a', 'b', 'c', '']);
  });

  it('gives every chunking of the same bytes the same lines', () => {
    const text = 'first\r\nsecond\rthird\n\nfifth\r\r\nlast';
    const expected = split([text]);
    assert.deepEqual(expected, ['first', 'second', 'third', '', 'fifth', '', 'last']);
    for (let cut = 0; cut <= text.length; cut++) {
      for (let cut2 = cut; cut2 <= text.length; cut2 += 3) {
        assert.deepEqual(split([text.slice(0, cut), text.slice(cut, cut2), text.slice(cut2)]), expected, `cuts ${cut},${cut2}`);
      }
    }
  });

  it('passes every other byte value through unchanged', () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i).filter((b) => b !== 0x0a && b !== 0x0d));
    const splitter = new LineSplitter();
    const lines: Buffer[] = [];
    splitter.push(Buffer.concat([bytes, Buffer.from('\n')]), (line) => lines.push(line));
    assert.equal(lines.length, 1);
    assert.ok(lines[0]!.equals(bytes));
  });
});
