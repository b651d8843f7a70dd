import assert from 'node:assert/strict';
import { maxQuotedBytes, quoteJson, writeJsonString } from '../../../../src/connect/converters/json-string.js';
import { xorshift32 } from '../../../support/xorshift.js';

describe('JSON string literals', () => {
  /** Strings mixing every class the writer treats apart: plain ASCII, escapes, 2-, 3- and 4-byte UTF-8, lone surrogates. */
  function randomString(next: () => number, length: number): string {
    const pieces = ['a', 'Z', ' ', '"', '\\', '\n', '\t', '\b', '\f', '\r', '\u0000', '\u0001', '\u001f', '\u007f', 'é', 'ߐ', '日', '\uffff',
      '\u{1f600}', '\ud800', '\udbff', '\udc00', '\udfff', '\\u00', '/'];
    let out = '';
    while (out.length < length) out += pieces[next() % pieces.length];
    return out;
  }

  it('writes exactly the UTF-8 bytes of quoteJson, within maxQuotedBytes, for any string', () => {
    const next = xorshift32(0x150a);
    const target = Buffer.alloc(maxQuotedBytes(400) + 16);
    for (let round = 0; round < 3000; round++) {
      const value = randomString(next, next() % 200);
      const offset = next() % 8;
      const end = writeJsonString(target, offset, value);
      const expected = Buffer.from(quoteJson(value));
      assert.ok(target.subarray(offset, end).equals(expected), `round ${round}: ${JSON.stringify(value)}`);
      assert.ok(end - offset <= maxQuotedBytes(value.length));
    }
  });

  it('agrees with JSON.stringify on what the text says, lone surrogates included', () => {
    const next = xorshift32(0x2bad);
    for (let round = 0; round < 1000; round++) {
      const value = randomString(next, next() % 60);
      assert.equal(JSON.parse(quoteJson(value)), JSON.parse(JSON.stringify(value)), `round ${round}`);
    }
  });
});
