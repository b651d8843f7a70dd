import assert from 'node:assert/strict';
import { LineFormatError, LineMessageReader } from '../../../src/cli/line-message-reader.js';
import { UsageError } from '../../../src/cli/usage-error.js';

const reader = (props: Record<string, string> = {}) => new LineMessageReader(new Map(Object.entries(props)));
const text = (b: Buffer | null) => (b === null ? null : b.toString('utf8'));

describe('LineMessageReader (Kafka 3 console-producer line format)', () => {
  it('makes the whole line the value with a null key by default', () => {
    const parsed = reader().parse(Buffer.from('a\tb:c'));
    assert.equal(parsed.key, null);
    assert.equal(text(parsed.value), 'a\tb:c');
    assert.deepEqual(parsed.headers, []);
  });

  it('splits the key at the first key.separator with parse.key=true', () => {
    const r = reader({ 'parse.key': 'true', 'key.separator': ':' });
    const parsed = r.parse(Buffer.from('user1:hello:world'));
    assert.equal(text(parsed.key), 'user1');
    assert.equal(text(parsed.value), 'hello:world');
    const empty = r.parse(Buffer.from(':v'));
    assert.equal(text(empty.key), '');
    assert.equal(text(empty.value), 'v');
  });

  it('uses a tab as the default key separator and accepts multi-byte separators', () => {
    assert.equal(text(reader({ 'parse.key': 'TRUE ' }).parse(Buffer.from('k\tv')).key), 'k');
    const parsed = reader({ 'parse.key': 'true', 'key.separator': '::' }).parse(Buffer.from('k::v'));
    assert.deepEqual([text(parsed.key), text(parsed.value)], ['k', 'v']);
  });

  it("fails a line without the separator with Kafka's message and line number", () => {
    const r = reader({ 'parse.key': 'true', 'key.separator': ':' });
    r.parse(Buffer.from('a:b'));
    assert.throws(
      () => r.parse(Buffer.from('no separator')),
      (err: unknown) =>
        err instanceof LineFormatError && err.lineNumber === 2 && err.message === "No key separator found on line number 2: 'no separator'",
    );
  });

  it('with ignore.error=true makes such a line the value with a null key', () => {
    const parsed = reader({ 'parse.key': 'true', 'key.separator': ':', 'ignore.error': 'true' }).parse(Buffer.from('plain'));
    assert.equal(parsed.key, null);
    assert.equal(text(parsed.value), 'plain');
  });

  it('parses headers before the key with parse.headers=true', () => {
    const r = reader({ 'parse.headers': 'true', 'parse.key': 'true', 'key.separator': '=' });
    const parsed = r.parse(Buffer.from('h1:v1,h2:\tk=value'));
    assert.equal(text(parsed.key), 'k');
    assert.equal(text(parsed.value), 'value');
    assert.deepEqual(
      parsed.headers.map((h) => [h.key, text(h.value)]),
      [['h1', 'v1'], ['h2', '']],
    );
  });

  it('maps null.marker to null keys, values and header values', () => {
    const r = reader({ 'parse.key': 'true', 'parse.headers': 'true', 'null.marker': 'NULL' });
    const parsed = r.parse(Buffer.from('h:NULL\tNULL\tNULL'));
    assert.equal(parsed.key, null);
    assert.equal(parsed.value, null);
    assert.deepEqual(parsed.headers, [{ key: 'h', value: null }]);
    assert.throws(() => r.parse(Buffer.from('NULL:x\tk\tv')), LineFormatError);
  });

  it('refuses ambiguous separators', () => {
    assert.throws(() => reader({ 'parse.headers': 'true', 'headers.separator': ':', 'headers.key.separator': ':' }), UsageError);
    assert.throws(() => reader({ 'null.marker': '\t' }), UsageError);
    assert.throws(() => reader({ 'key.separator': '' }), UsageError);
  });

  it('returns slices of the line rather than copies', () => {
    const line = Buffer.from('key:value');
    const parsed = reader({ 'parse.key': 'true', 'key.separator': ':' }).parse(line);
    assert.equal(parsed.value!.buffer, line.buffer);
  });
});
