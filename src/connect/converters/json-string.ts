const HEX = '0123456789ABCDEF';
/** What JSON.stringify would escape: quote, backslash, control characters and (lone) surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A JSON string literal exactly as Jackson writes it (the short escapes \b \t \n \f \r, otherwise \u00XX); a lone
 * surrogate, which Jackson refuses, is escaped as JSON.stringify does (`\ud800`).
 */
export function quoteJson(value: string): string {
  // Most values need no escaping at all; a regex scan is far cheaper than JSON.stringify's copy.
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  const quoted = JSON.stringify(value);
  // JSON.stringify writes the other control characters as \u00xx with lower-case hex where Jackson uses upper case;
  // only then (or for a literal backslash-u00 in the text, harmlessly) is the string escaped again by hand.
  if (!quoted.includes('\\u00')) return quoted;
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20) out += SHORT_ESCAPES.get(c) ?? `\\u00${HEX[c >> 4]}${HEX[c & 0xf]}`;
    else if (isSurrogate(c) && !pairedAt(value, i)) out += `\\u${c.toString(16)}`;
    else if (isSurrogate(c)) out += value.slice(i, ++i + 1);
    else out += value[i];
  }
  return `${out}"`;
}

/**
 * Writes `quoteJson(value)` as UTF-8 into `target` at `offset` and returns the offset after it; `target` must have
 * room for `maxQuotedBytes(value.length)`. One pass, no string built: how the JSON converter's string values go
 * straight into a producer batch.
 */
export function writeJsonString(target: Buffer, offset: number, value: string): number {
  let pos = offset;
  target[pos++] = 0x22;
  const length = value.length;
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
        target[pos++] = c;
      } else if (c === 0x22 || c === 0x5c) {
        target[pos++] = 0x5c;
        target[pos++] = c;
      } else {
        const short = SHORT_ESCAPE_LETTERS[c];
        target[pos++] = 0x5c;
        if (short !== 0) {
          target[pos++] = short;
        } else {
          target[pos++] = 0x75;
          target[pos++] = 0x30;
          target[pos++] = 0x30;
          target[pos++] = HEX_UPPER[c >> 4]!;
          target[pos++] = HEX_UPPER[c & 0xf]!;
        }
      }
    } else if (c < 0x800) {
      target[pos++] = 0xc0 | (c >> 6);
      target[pos++] = 0x80 | (c & 0x3f);
    } else if (!isSurrogate(c)) {
      target[pos++] = 0xe0 | (c >> 12);
      target[pos++] = 0x80 | ((c >> 6) & 0x3f);
      target[pos++] = 0x80 | (c & 0x3f);
    } else if (pairedAt(value, i)) {
      const code = 0x10000 + ((c - 0xd800) << 10) + (value.charCodeAt(++i) - 0xdc00);
      target[pos++] = 0xf0 | (code >> 18);
      target[pos++] = 0x80 | ((code >> 12) & 0x3f);
      target[pos++] = 0x80 | ((code >> 6) & 0x3f);
      target[pos++] = 0x80 | (code & 0x3f);
    } else {
      // A lone surrogate, escaped as JSON.stringify does (lower-case hex).
      target[pos++] = 0x5c;
      target[pos++] = 0x75;
      for (let shift = 12; shift >= 0; shift -= 4) target[pos++] = HEX_LOWER[(c >> shift) & 0xf]!;
    }
  }
  target[pos++] = 0x22;
  return pos;
}

/** The most bytes `writeJsonString` writes for a string of `length` UTF-16 units (a six-byte escape each). */
export function maxQuotedBytes(length: number): number {
  return 6 * length + 2;
}

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

/** Whether `value[i]` is a high surrogate followed by a low one. */
function pairedAt(value: string, i: number): boolean {
  const c = value.charCodeAt(i);
  if (c > 0xdbff || i + 1 >= value.length) return false;
  const next = value.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff;
}

const HEX_UPPER = Buffer.from('0123456789ABCDEF');
const HEX_LOWER = Buffer.from('0123456789abcdef');
/** The letter of each control character's short escape (`\n` → `n`), 0 for those written as `\u00XX`. */
const SHORT_ESCAPE_LETTERS = new Uint8Array(0x20);
SHORT_ESCAPE_LETTERS[0x08] = 0x62;
SHORT_ESCAPE_LETTERS[0x09] = 0x74;
SHORT_ESCAPE_LETTERS[0x0a] = 0x6e;
SHORT_ESCAPE_LETTERS[0x0c] = 0x66;
SHORT_ESCAPE_LETTERS[0x0d] = 0x72;

const SHORT_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x08, '\\b'],
  [0x09, '\\t'],
  [0x0a, '\\n'],
  [0x0c, '\\f'],
  [0x0d, '\\r'],
]);
