const HEX = '0123456789ABCDEF';
/** What JSON.stringify would escape: quote, backslash, control characters and (lone) surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A JSON string literal exactly as Jackson writes it (the short escapes \b \t \n \f \r, otherwise \u00XX). */
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
    else if (c >= 0x20) out += value[i];
    else out += SHORT_ESCAPES.get(c) ?? `\\u00${HEX[c >> 4]}${HEX[c & 0xf]}`;
  }
  return `${out}"`;
}

const SHORT_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x08, '\\b'],
  [0x09, '\\t'],
  [0x0a, '\\n'],
  [0x0c, '\\f'],
  [0x0d, '\\r'],
]);
