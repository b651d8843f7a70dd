import { DataException } from '../api/errors.js';

/** Kafka's exact message when `schemas.enable=true` meets JSON that is not an envelope. */
export const ENVELOPE_REQUIRED_MESSAGE =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
  'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';

/** The envelope is not `{"schema":…,"payload":…}`. */
export class EnvelopeRequiredException extends DataException {
  constructor() {
    super(ENVELOPE_REQUIRED_MESSAGE);
  }
}

/** The two parts of an envelope's text, not yet parsed. */
export interface EnvelopeText {
  readonly schemaText: string;
  readonly payloadText: string;
}

/**
 * Splits `{"schema":S,"payload":P}` (whitespace allowed between tokens, as other JSON writers add it) into the
 * texts of S and P without parsing P, so that a schema seen before is found by its text alone. Null when the text
 * has another shape (other key order, escapes in the keys, malformed); the caller then parses it whole, which also
 * reports errors properly.
 */
export function splitEnvelope(text: string): EnvelopeText | null {
  let i = skipWhitespace(text, 0);
  if (text.charCodeAt(i) !== 0x7b) return null;
  i = expectKey(text, i + 1, '"schema"');
  if (i < 0) return null;
  const schemaStart = i;
  const schemaEnd = skipValue(text, i);
  if (schemaEnd < 0) return null;
  i = skipWhitespace(text, schemaEnd);
  if (text.charCodeAt(i) !== 0x2c) return null;
  i = expectKey(text, i + 1, '"payload"');
  if (i < 0) return null;
  let end = text.length - 1;
  while (end > i && isWhitespace(text.charCodeAt(end))) end--;
  if (text.charCodeAt(end) !== 0x7d) return null;
  return { schemaText: text.slice(schemaStart, schemaEnd), payloadText: text.slice(i, end) };
}

/** After `"key"` and `:` (with optional whitespace), the index where the value starts; -1 if not there. */
function expectKey(text: string, from: number, quotedKey: string): number {
  let i = skipWhitespace(text, from);
  if (!text.startsWith(quotedKey, i)) return -1;
  i = skipWhitespace(text, i + quotedKey.length);
  if (text.charCodeAt(i) !== 0x3a) return -1;
  return skipWhitespace(text, i + 1);
}

/** The end of the object or `null` starting at `from`; -1 for anything else or an unbalanced object. */
function skipValue(text: string, from: number): number {
  if (text.startsWith('null', from)) return from + 4;
  if (text.charCodeAt(from) !== 0x7b) return -1;
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
