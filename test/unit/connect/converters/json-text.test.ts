import assert from 'node:assert/strict';
import { DataException } from '../../../../src/connect/api/index.js';
import { JsonNumberText, parseJsonText } from '../../../../src/connect/converters/json-text.js';

describe('parseJsonText', () => {
  it('uses plain numbers when every number fits a double exactly', () => {
    const parsed = parseJsonText('{"a":[1,2.5,-3e2],"b":"x"}');
    assert.deepEqual(parsed, { value: { a: [1, 2.5, -300], b: 'x' }, exact: false });
  });

  it('keeps integers beyond 2^53 and long fractions as text', () => {
    const parsed = parseJsonText('[9007199254740993, 0.12345678901234567, 1234567890123456, "12345678901234567"]');
    assert.equal(parsed.exact, true);
    const [big, fraction, safe, text] = parsed.value as unknown[];
    assert.ok(big instanceof JsonNumberText && big.text === '9007199254740993' && big.integral);
    assert.ok(fraction instanceof JsonNumberText && !fraction.integral);
    assert.equal(safe, 1234567890123456);
    assert.equal(text, '12345678901234567');
  });

  it('parses everything JSON.parse does on the exact path', () => {
    const text =
      ' { "s" : "a\\"b\\\\\\u00e9\\n" , "n" : null , "t" : true , "f" : false , "e" : [ ] , "o" : { } , "d" : -0.5E+3, "big": 12345678901234567 } ';
    const parsed = parseJsonText(text).value as Record<string, unknown>;
    const plain = JSON.parse(text) as Record<string, unknown>;
    delete plain['big'];
    assert.ok(parsed['big'] instanceof JsonNumberText);
    delete parsed['big'];
    assert.deepEqual(parsed, plain);
  });

  it('keeps a "__proto__" key as data on the exact path', () => {
    const parsed = parseJsonText('{"__proto__":{"x":1},"n":12345678901234567}').value as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['__proto__', 'n']);
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  });

  for (const bad of ['', '{', '[1,]', '{"a" 1}', '01', 'tru', '"\u0001"', '[12345678901234567] x', '{"a":12345678901234567,}']) {
    it(`refuses ${JSON.stringify(bad)} with a DataException`, () => {
      assert.throws(() => parseJsonText(bad), DataException);
    });
  }
});
