import assert from 'node:assert/strict';
import { formatJavaDouble, formatJavaFloat } from '../../../../src/connect/converters/java-number-format.js';

describe('Java number formatting', () => {
  const doubles: [number, string][] = [
    [0, '0.0'],
    [-0, '-0.0'],
    [1, '1.0'],
    [-1.5, '-1.5'],
    [100, '100.0'],
    [12.34, '12.34'],
    [0.001, '0.001'],
    [9.99e-4, '9.99E-4'],
    [1234567, '1234567.0'],
    [9999999.5, '9999999.5'],
    [1e7, '1.0E7'],
    [12345678, '1.2345678E7'],
    [1e21, '1.0E21'],
    [-1.5e-5, '-1.5E-5'],
    [Number.MAX_VALUE, '1.7976931348623157E308'],
    [Number.MIN_VALUE, '4.9E-324'],
    [0.1 + 0.2, '0.30000000000000004'],
    [Number.NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ];
  for (const [value, text] of doubles) {
    it(`Double.toString(${value}) is ${text}`, () => assert.equal(formatJavaDouble(value), text));
  }

  const floats: [number, string][] = [
    [0.1, '0.1'],
    [12.34, '12.34'],
    [1, '1.0'],
    [16777217, '1.6777216E7'],
    [3.4028234663852886e38, '3.4028235E38'],
    [1e-3, '0.001'],
    [1.401298464324817e-45, '1.4E-45'],
    [-2.5, '-2.5'],
  ];
  for (const [value, text] of floats) {
    it(`Float.toString(${value}f) is ${text}`, () => assert.equal(formatJavaFloat(value), text));
  }
});
