import { FieldPathError, ProtocolDecodeError, ProtocolEncodeError, ProtocolSpecError } from './errors.js';
import type { FieldSpec } from './message-spec.js';
import type { ByteReader } from './primitives/byte-reader.js';
import type { ByteWriter } from './primitives/byte-writer.js';

/**
 * The wire form of one field type in one version, for the codec to compose: scalars, (compact) strings and
 * bytes, records, arrays and structs, nullable or not, and the default a field takes when absent.
 */

export type Encoder = (w: ByteWriter, value: any) => void;
export type Decoder = (r: ByteReader) => any;

/** `Buffer` for one record batch (or several already concatenated), `Buffer[]` for several, null for none. */
export type RecordsValue = Buffer | readonly Buffer[] | null;

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';
const EMPTY_BYTES = Buffer.alloc(0);

export interface TypeCodec {
  readonly encode: Encoder;
  readonly decode: Decoder;
  /** Fewest bytes one value occupies on the wire; bounds array counts against the bytes left. */
  readonly minBytes: number;
}

export interface StructCodec extends TypeCodec {
  defaults(): Record<string, unknown>;
  isDefault(value: Record<string, unknown>): boolean;
}

const SCALARS = ['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'uuid'] as const;
type Scalar = (typeof SCALARS)[number];
type ElementType = Scalar | 'string' | 'bytes' | 'records' | 'struct';

export interface TypeShape {
  readonly element: ElementType;
  readonly array: boolean;
  readonly structFields?: readonly FieldSpec[];
}

export function parseType(spec: FieldSpec, where: string): TypeShape {
  const array = spec.type.startsWith('[]');
  const base = array ? spec.type.slice(2) : spec.type;
  if ((SCALARS as readonly string[]).includes(base) || base === 'string' || base === 'bytes' || base === 'records') {
    if (array && base === 'records') throw new ProtocolSpecError(`${where}: arrays of records are not a Kafka type`);
    return { element: base as ElementType, array };
  }
  if (!spec.fields) throw new ProtocolSpecError(`${where}: unknown type "${spec.type}" and no fields given`);
  return { element: 'struct', array, structFields: spec.fields };
}

function nullNotAllowed(version: number): ProtocolEncodeError {
  return new ProtocolEncodeError(`null is not allowed (the field is not nullable in version ${version})`);
}

export function buildType(
  shape: TypeShape,
  flexible: boolean,
  nullable: boolean,
  version: number,
  struct: StructCodec | undefined,
): TypeCodec {
  if (!shape.array) return elementType(shape.element, flexible, nullable, version, struct);
  const element = elementType(shape.element, flexible, false, version, struct);
  const encodeElement = element.encode;
  const decodeElement = element.decode;
  const elementBytes = element.minBytes;
  const encode: Encoder = (w, v: unknown[] | null) => {
    if (v === null) {
      if (!nullable) throw nullNotAllowed(version);
      if (flexible) w.uvarint(0);
      else w.int32(-1);
      return;
    }
    if (!Array.isArray(v)) throw new ProtocolEncodeError(`expected an array, got ${typeof v}`);
    const n = v.length;
    if (flexible) w.uvarint(n + 1);
    else w.int32(n);
    let i = 0;
    try {
      for (; i < n; i++) encodeElement(w, v[i]);
    } catch (err) {
      if (err instanceof FieldPathError) err.prependPath(`[${i}]`);
      throw err;
    }
  };
  const decode: Decoder = (r) => {
    const n = flexible ? r.compactArrayLength(elementBytes) : r.arrayLength(elementBytes);
    if (n === -1) {
      if (!nullable) throw new ProtocolDecodeError('null array where a value is required');
      return null;
    }
    const out: unknown[] = [];
    let i = 0;
    try {
      for (; i < n; i++) out.push(decodeElement(r));
    } catch (err) {
      if (err instanceof FieldPathError) err.prependPath(`[${i}]`);
      throw err;
    }
    return out;
  };
  return { encode, decode, minBytes: flexible ? 1 : 4 };
}

function elementType(
  element: ElementType,
  flexible: boolean,
  nullable: boolean,
  version: number,
  struct: StructCodec | undefined,
): TypeCodec {
  switch (element) {
    case 'bool':
      return { encode: (w, v) => w.bool(v), decode: (r) => r.bool(), minBytes: 1 };
    case 'int8':
      return { encode: (w, v) => w.int8(v), decode: (r) => r.int8(), minBytes: 1 };
    case 'int16':
      return { encode: (w, v) => w.int16(v), decode: (r) => r.int16(), minBytes: 2 };
    case 'uint16':
      return { encode: (w, v) => w.uint16(v), decode: (r) => r.uint16(), minBytes: 2 };
    case 'int32':
      return { encode: (w, v) => w.int32(v), decode: (r) => r.int32(), minBytes: 4 };
    case 'uint32':
      return { encode: (w, v) => w.uint32(v), decode: (r) => r.uint32(), minBytes: 4 };
    case 'int64':
      return { encode: (w, v) => w.int64(v), decode: (r) => r.int64(), minBytes: 8 };
    case 'float64':
      return { encode: (w, v) => w.float64(v), decode: (r) => r.float64(), minBytes: 8 };
    case 'uuid':
      return { encode: (w, v) => w.uuid(v), decode: (r) => r.uuid(), minBytes: 16 };
    case 'string':
      return stringType(flexible, nullable, version);
    case 'bytes':
      return bytesType(flexible, nullable, version);
    case 'records':
      return recordsType(flexible);
    case 'struct':
      return nullable ? nullableStructType(struct!) : struct!;
  }
}

function stringType(flexible: boolean, nullable: boolean, version: number): TypeCodec {
  if (flexible) {
    return nullable
      ? { encode: (w, v) => w.compactNullableString(v), decode: (r) => r.compactNullableString(), minBytes: 1 }
      : {
          encode: (w, v) => (v === null ? failNull(version) : w.compactString(v)),
          decode: (r) => r.compactString(),
          minBytes: 1,
        };
  }
  return nullable
    ? { encode: (w, v) => w.nullableString(v), decode: (r) => r.nullableString(), minBytes: 2 }
    : { encode: (w, v) => (v === null ? failNull(version) : w.string(v)), decode: (r) => r.string(), minBytes: 2 };
}

function bytesType(flexible: boolean, nullable: boolean, version: number): TypeCodec {
  if (flexible) {
    return nullable
      ? { encode: (w, v) => w.compactNullableBytes(v), decode: (r) => r.compactNullableBytes(), minBytes: 1 }
      : {
          encode: (w, v) => (v === null ? failNull(version) : w.compactBytes(v)),
          decode: (r) => r.compactBytes(),
          minBytes: 1,
        };
  }
  return nullable
    ? { encode: (w, v) => w.nullableBytes(v), decode: (r) => r.nullableBytes(), minBytes: 4 }
    : { encode: (w, v) => (v === null ? failNull(version) : w.bytes(v)), decode: (r) => r.bytes(), minBytes: 4 };
}

/** Record batches: one Buffer, several (written back to back as chunks, without copying large ones), or null. */
function recordsType(flexible: boolean): TypeCodec {
  const encode: Encoder = (w, v: RecordsValue) => {
    if (!Array.isArray(v)) {
      if (flexible) w.compactNullableBytes(v as Buffer | null);
      else w.nullableBytes(v as Buffer | null);
      return;
    }
    let total = 0;
    for (const b of v) {
      if (!(b instanceof Uint8Array)) throw new ProtocolEncodeError('expected record batches as Buffers');
      total += b.length;
    }
    if (flexible) w.uvarint(total + 1);
    else w.int32(total);
    for (const b of v) w.appendBuffer(b);
  };
  return flexible
    ? { encode, decode: (r) => r.compactNullableBytes(), minBytes: 1 }
    : { encode, decode: (r) => r.nullableBytes(), minBytes: 4 };
}

/** Kafka writes a nullable struct behind an int8 marker: -1 for null, 1 for present. */
function nullableStructType(struct: StructCodec): TypeCodec {
  return {
    encode: (w, v) => {
      if (v === null) {
        w.int8(-1);
        return;
      }
      w.int8(1);
      struct.encode(w, v);
    },
    decode: (r) => (r.int8() < 0 ? null : struct.decode(r)),
    minBytes: 1,
  };
}

function failNull(version: number): never {
  throw nullNotAllowed(version);
}

export interface DefaultCodec {
  readonly defaultValue: () => unknown;
  readonly isDefault: (value: unknown) => boolean;
}

/**
 * The value a field takes when absent from the version or from the value being encoded: the declared default
 * (coerced to the field's type: Kafka's specs write them as strings), else null for a nullable field, else the
 * type's zero (0, 0n, false, "", empty bytes, [], a struct of defaults).
 */
export function buildDefault(
  spec: FieldSpec,
  shape: TypeShape,
  present: boolean,
  nullable: boolean,
  struct: StructCodec | undefined,
  where: string,
): DefaultCodec {
  const declared = spec.default;
  const nullDefault =
    declared === null ||
    (declared === undefined &&
      (spec.type === 'records' || (spec.nullableVersions !== undefined && (nullable || !present))));
  if (nullDefault) return constant(null);
  if (shape.array) {
    return { defaultValue: () => [], isDefault: (v) => Array.isArray(v) && v.length === 0 };
  }
  const bad = (): never => {
    throw new ProtocolSpecError(`${where}: default ${String(declared)} does not fit type ${spec.type}`);
  };
  switch (shape.element) {
    case 'bool':
      return constant(declared === undefined ? false : declared === true || declared === 'true');
    case 'int8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'uint32': {
      const n = declared === undefined ? 0 : Number(declared);
      return Number.isInteger(n) ? constant(n) : bad();
    }
    case 'int64': {
      let n: bigint;
      try {
        n = declared === undefined ? 0n : BigInt(declared as string | number | bigint);
      } catch {
        return bad();
      }
      return {
        defaultValue: () => n,
        isDefault: (v) => v === n || (typeof v === 'number' && Number.isSafeInteger(v) && BigInt(v) === n),
      };
    }
    case 'float64': {
      const n = declared === undefined ? 0 : Number(declared);
      return Number.isNaN(n) && declared !== 'NaN' ? bad() : { defaultValue: () => n, isDefault: (v) => Object.is(v, n) };
    }
    case 'uuid':
      return constant(declared === undefined ? ZERO_UUID : String(declared));
    case 'string':
      return constant(declared === undefined ? '' : String(declared));
    case 'bytes':
    case 'records':
      return {
        defaultValue: () => EMPTY_BYTES,
        isDefault: (v) => v instanceof Uint8Array && v.length === 0,
      };
    case 'struct':
      return {
        defaultValue: () => struct!.defaults(),
        isDefault: (v) => v !== null && typeof v === 'object' && struct!.isDefault(v as Record<string, unknown>),
      };
  }
}

function constant(value: unknown): DefaultCodec {
  return { defaultValue: () => value, isDefault: (v) => v === value };
}
