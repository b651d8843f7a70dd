/**
 * The declarative shape of a Kafka protocol message, transcribed from Kafka's own message specs
 * (apache/kafka `clients/src/main/resources/common/message/*.json`) so that a spec file here can be checked
 * line by line against the upstream JSON. One generic codec (`codec.ts`) reads these; no message has
 * hand-written encode/decode code.
 *
 * Conventions:
 * - `name` is Kafka's field name verbatim (PascalCase). Decoded values use the lowerCamelCase form
 *   (`ThrottleTimeMs` → `throttleTimeMs`, `ErrorCode` → `errorCode`), see `propertyName()` in codec.ts.
 * - Version ranges use Kafka's syntax: `"0+"`, `"3-5"`, `"7"`, `"none"`.
 * - Only the versions Millrace advertises need to be declared; `validVersions` says which those are.
 */

/** Primitive wire types, named as in Kafka's specs. */
export type PrimitiveType =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'float64'
  | 'string'
  | 'bytes'
  | 'records'
  | 'uuid';

/**
 * `type` is a primitive, `[]<primitive>` for an array of primitives, or `[]<StructName>` / `<StructName>` for an
 * array of structs / a single struct whose fields are given in `fields` (the struct name is informative only).
 */
export interface FieldSpec {
  readonly name: string;
  readonly type: string;
  readonly versions: string;
  readonly nullableVersions?: string;
  readonly taggedVersions?: string;
  readonly tag?: number;
  /** Kafka's "ignorable": may be dropped silently when encoding a version that lacks it. */
  readonly ignorable?: boolean;
  /** Value used when the field is absent from the version being decoded or from the value being encoded. */
  readonly default?: boolean | number | string | bigint | null;
  readonly fields?: readonly FieldSpec[];
  /** Informative only (Kafka's "entityType", "mapKey", "about"), kept so specs read like upstream. */
  readonly entityType?: string;
  readonly mapKey?: boolean;
  readonly about?: string;
}

export interface MessageSpec {
  readonly apiKey: number;
  readonly type: 'request' | 'response';
  readonly name: string;
  readonly validVersions: string;
  readonly flexibleVersions: string;
  readonly fields: readonly FieldSpec[];
}

/** A request spec and its response spec: one entry of the API table. */
export interface ApiSpec {
  readonly apiKey: number;
  readonly name: string;
  readonly request: MessageSpec;
  readonly response: MessageSpec;
}
