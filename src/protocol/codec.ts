import { FieldPathError, ProtocolEncodeError, ProtocolSpecError } from './errors.js';
import { buildDefault, buildType, parseType } from './field-types.js';
import type { Decoder, Encoder, StructCodec } from './field-types.js';
import type { FieldSpec, MessageSpec } from './message-spec.js';
import type { ByteReader } from './primitives/byte-reader.js';
import { ByteWriter } from './primitives/byte-writer.js';

export type { Decoder, Encoder, RecordsValue } from './field-types.js';

/**
 * The one generic encoder/decoder for every message spec, with the semantics of Kafka's generated code:
 * - a field exists in a version when `versions` covers it; absent fields decode to their default and are not
 *   written. In a request, a non-default value for an absent, non-ignorable field is an error, as in Kafka: the
 *   client asked for something the negotiated version cannot carry. Responses drop such values silently, so a
 *   handler may fill one value for all versions (Kafka's broker code sets fields per version instead);
 * - flexible versions use compact strings/bytes/arrays and end every struct with a tagged-field section;
 *   tagged fields are written only when they differ from their default, and unknown tags are skipped;
 * - `nullableVersions` admits null; a null elsewhere is a ProtocolEncodeError naming the field.
 *
 * Each (spec, version) is compiled once into closures; nothing parses a type or version string per message.
 */

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/** A message codec compiled for one version. */
export interface MessageCodec<T = Record<string, unknown>> {
  readonly spec: MessageSpec;
  readonly version: number;
  readonly flexible: boolean;
  /** Writes `value` into `writer` (a new one if omitted) and returns the writer. */
  encode(value: T, writer?: ByteWriter): ByteWriter;
  decode(reader: ByteReader): T;
  /** A fresh value with every field at its default for this version. */
  defaults(): T;
}

const EMPTY_RANGE: VersionRange = Object.freeze({ min: 0, max: -1 });
const REGULAR = 0;
const TAGGED = 1;
const ABSENT = 2;

const NO_TAGS: ReadonlyMap<number, never> = new Map<number, never>();

const rangeCache = new Map<string, VersionRange>();
const compiled = new WeakMap<MessageSpec, Map<number, MessageCodec<any>>>();

/** Parses Kafka's version-range syntax: `"0+"`, `"3-5"`, `"7"`, `"none"`. */
export function parseVersionRange(text: string): VersionRange {
  const cached = rangeCache.get(text);
  if (cached) return cached;
  let range: VersionRange;
  const m = /^(\d+)(?:(\+)|-(\d+))?$/.exec(text.trim());
  if (text.trim() === 'none') range = EMPTY_RANGE;
  else if (!m) throw new ProtocolSpecError(`Invalid version range "${text}"`);
  else {
    const min = Number(m[1]);
    const max = m[2] ? Infinity : m[3] !== undefined ? Number(m[3]) : min;
    if (max < min) throw new ProtocolSpecError(`Invalid version range "${text}"`);
    range = Object.freeze({ min, max });
  }
  rangeCache.set(text, range);
  return range;
}

export function inVersionRange(range: VersionRange, version: number): boolean {
  return version >= range.min && version <= range.max;
}

/** Kafka's PascalCase field name as the property name used in decoded values: `ThrottleTimeMs` → `throttleTimeMs`. */
export function propertyName(kafkaName: string): string {
  return kafkaName.charAt(0).toLowerCase() + kafkaName.slice(1);
}

export function isValidVersion(spec: MessageSpec, version: number): boolean {
  return covers(spec.validVersions, version);
}

export function isFlexible(spec: MessageSpec, version: number): boolean {
  return covers(spec.flexibleVersions, version);
}

/** The compiled codec for (spec, version), built on first use and cached. */
export function compileMessage<T = Record<string, unknown>>(spec: MessageSpec, version: number): MessageCodec<T> {
  let byVersion = compiled.get(spec);
  if (!byVersion) {
    byVersion = new Map();
    compiled.set(spec, byVersion);
  }
  let codec = byVersion.get(version);
  if (!codec) {
    if (!isValidVersion(spec, version)) {
      throw new ProtocolSpecError(`${spec.name} has no version ${version} (valid: ${spec.validVersions})`);
    }
    codec = buildMessageCodec(spec, version);
    byVersion.set(version, codec);
  }
  return codec as MessageCodec<T>;
}

export function encodeMessage<T extends object>(
  spec: MessageSpec,
  version: number,
  value: T,
  writer?: ByteWriter,
): ByteWriter {
  return compileMessage<T>(spec, version).encode(value, writer);
}

export function decodeMessage<T = Record<string, unknown>>(
  spec: MessageSpec,
  version: number,
  reader: ByteReader,
): T {
  return compileMessage<T>(spec, version).decode(reader);
}

/** A value of `spec` at `version` with every field at its default, for handlers to fill in. */
export function defaultMessage<T = Record<string, unknown>>(spec: MessageSpec, version: number): T {
  return compileMessage<T>(spec, version).defaults();
}

/** Reads a tagged-field section whose tags are all unknown to us (the request header v2's, for instance). */
export function skipTaggedFields(reader: ByteReader): void {
  decodeTagged(reader, {}, NO_TAGS);
}

function covers(text: string | undefined, version: number): boolean {
  return text !== undefined && inVersionRange(parseVersionRange(text), version);
}

function buildMessageCodec<T>(spec: MessageSpec, version: number): MessageCodec<T> {
  const flexible = isFlexible(spec, version);
  const struct = compileStruct(spec.fields, version, flexible, spec.type === 'request', spec.name);
  const context = `${spec.name} v${version}`;
  return {
    spec,
    version,
    flexible,
    encode(value: T, writer = new ByteWriter()): ByteWriter {
      try {
        struct.encode(writer, value);
      } catch (err) {
        if (err instanceof FieldPathError) err.setContext(context);
        throw err;
      }
      return writer;
    },
    decode(reader: ByteReader): T {
      try {
        return struct.decode(reader) as T;
      } catch (err) {
        if (err instanceof FieldPathError) err.setContext(context);
        throw err;
      }
    },
    defaults: () => struct.defaults() as T,
  };
}

interface CompiledField {
  readonly name: string;
  readonly prop: string;
  readonly mode: typeof REGULAR | typeof TAGGED | typeof ABSENT;
  readonly tag: number;
  readonly ignorable: boolean;
  readonly encode: Encoder;
  readonly decode: Decoder;
  readonly minBytes: number;
  readonly defaultValue: () => unknown;
  readonly isDefault: (value: unknown) => boolean;
}

function compileStruct(
  specs: readonly FieldSpec[],
  version: number,
  flexible: boolean,
  strict: boolean,
  owner: string,
): StructCodec {
  const all = specs.map((f) => compileField(f, version, flexible, strict, owner));
  const regular = all.filter((f) => f.mode === REGULAR);
  const tagged = all.filter((f) => f.mode === TAGGED).sort((a, b) => a.tag - b.tag);
  const strictAbsent = strict ? all.filter((f) => f.mode === ABSENT && !f.ignorable) : [];
  const byTag = new Map<number, CompiledField>();
  for (const f of tagged) {
    if (byTag.has(f.tag)) throw new ProtocolSpecError(`${owner}: tag ${f.tag} used twice in version ${version}`);
    byTag.set(f.tag, f);
  }
  const minBytes = regular.reduce((sum, f) => sum + f.minBytes, flexible ? 1 : 0);

  const encode = (w: ByteWriter, obj: Record<string, unknown>): void => {
    if (obj === null || typeof obj !== 'object') {
      throw new ProtocolEncodeError(`expected an object, got ${obj === null ? 'null' : typeof obj}`);
    }
    let f: CompiledField | undefined;
    try {
      for (let i = 0; i < regular.length; i++) {
        f = regular[i]!;
        const v = obj[f.prop];
        f.encode(w, v === undefined ? f.defaultValue() : v);
      }
      for (let i = 0; i < strictAbsent.length; i++) {
        f = strictAbsent[i]!;
        const v = obj[f.prop];
        if (v !== undefined && !f.isDefault(v)) {
          throw new ProtocolEncodeError(`a non-default value cannot be written in version ${version}`);
        }
      }
      f = undefined;
      if (flexible) encodeTagged(w, obj, tagged);
    } catch (err) {
      if (f && err instanceof FieldPathError) err.prependPath(f.prop);
      throw err;
    }
  };

  const decode = (r: ByteReader): Record<string, unknown> => {
    const obj: Record<string, unknown> = {};
    let f: CompiledField | undefined;
    try {
      for (let i = 0; i < all.length; i++) {
        f = all[i]!;
        obj[f.prop] = f.mode === REGULAR ? f.decode(r) : f.defaultValue();
      }
      f = undefined;
      if (flexible) decodeTagged(r, obj, byTag);
    } catch (err) {
      if (f && err instanceof FieldPathError) err.prependPath(f.prop);
      throw err;
    }
    return obj;
  };

  const defaults = (): Record<string, unknown> => {
    const obj: Record<string, unknown> = {};
    for (let i = 0; i < all.length; i++) obj[all[i]!.prop] = all[i]!.defaultValue();
    return obj;
  };

  const isDefault = (obj: Record<string, unknown>): boolean => {
    for (const f of all) {
      const v = obj[f.prop];
      if (v !== undefined && !f.isDefault(v)) return false;
    }
    return true;
  };

  return { encode, decode, minBytes, defaults, isDefault };
}

function encodeTagged(w: ByteWriter, obj: Record<string, unknown>, tagged: readonly CompiledField[]): void {
  let count = 0;
  for (const f of tagged) {
    const v = obj[f.prop];
    if (v !== undefined && !f.isDefault(v)) count++;
  }
  w.uvarint(count);
  if (count === 0) return;
  for (const f of tagged) {
    const v = obj[f.prop];
    if (v === undefined || f.isDefault(v)) continue;
    // The size precedes the data, so the field is encoded aside first; tagged fields are rare and small.
    const field = new ByteWriter(64);
    try {
      f.encode(field, v);
    } catch (err) {
      if (err instanceof FieldPathError) err.prependPath(f.prop);
      throw err;
    }
    w.uvarint(f.tag);
    w.uvarint(field.length);
    for (const chunk of field.toChunks()) w.appendBuffer(chunk);
  }
}

function decodeTagged(r: ByteReader, obj: Record<string, unknown>, byTag: ReadonlyMap<number, CompiledField>): void {
  const count = r.uvarint();
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint();
    const size = r.uvarint();
    const f = byTag.get(tag);
    if (!f) {
      r.skip(size);
      continue;
    }
    try {
      obj[f.prop] = f.decode(r.sub(size));
    } catch (err) {
      if (err instanceof FieldPathError) err.prependPath(f.prop);
      throw err;
    }
  }
}

function compileField(
  spec: FieldSpec,
  version: number,
  flexible: boolean,
  strict: boolean,
  owner: string,
): CompiledField {
  const prop = propertyName(spec.name);
  const where = `${owner}.${spec.name}`;
  const present = covers(spec.versions, version);
  const isTagged = present && covers(spec.taggedVersions, version);
  if (isTagged) {
    if (!flexible) throw new ProtocolSpecError(`${where}: tagged in non-flexible version ${version}`);
    if (spec.tag === undefined || !Number.isInteger(spec.tag) || spec.tag < 0) {
      throw new ProtocolSpecError(`${where}: tagged field without a valid tag`);
    }
  }
  const isRecords = spec.type === 'records';
  // Records are NULLABLE_BYTES on the wire in every version, whatever the spec says.
  const nullable = present && (isRecords || covers(spec.nullableVersions, version));
  const shape = parseType(spec, where);
  const nested = shape.structFields ? compileStruct(shape.structFields, version, flexible, strict, where) : undefined;
  const type = buildType(shape, flexible, nullable, version, nested);
  const { defaultValue, isDefault } = buildDefault(spec, shape, present, nullable, nested, where);
  return {
    name: spec.name,
    prop,
    mode: !present ? ABSENT : isTagged ? TAGGED : REGULAR,
    tag: isTagged ? spec.tag! : -1,
    ignorable: spec.ignorable === true,
    encode: type.encode,
    decode: type.decode,
    minBytes: type.minBytes,
    defaultValue,
    isDefault,
  };
}
