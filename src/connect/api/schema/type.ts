/**
 * Kafka Connect's schema types (`Schema.Type`), by the lower-case names Kafka's `Type.getName()` returns. Each
 * type's JavaScript value:
 *
 * | type | value |
 * |---|---|
 * | int8, int16, int32 | `number` (an integer in the type's range) |
 * | int64 | `number` (a safe integer) or `bigint` (beyond ±2^53) |
 * | float32, float64 | `number` |
 * | boolean | `boolean` |
 * | string | `string` |
 * | bytes | `Uint8Array` (usually a `Buffer`) |
 * | array | an `Array` of the element schema's values |
 * | map | a `Map`, or a plain object when the keys are strings |
 * | struct | a {@link Struct} |
 *
 * Logical types change the value: Decimal → {@link BigDecimal}; Date, Time and Timestamp → `Date`.
 */
export const Type = {
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FLOAT32: 'float32',
  FLOAT64: 'float64',
  BOOLEAN: 'boolean',
  STRING: 'string',
  BYTES: 'bytes',
  ARRAY: 'array',
  MAP: 'map',
  STRUCT: 'struct',
} as const;

export type Type = (typeof Type)[keyof typeof Type];

const PRIMITIVES: ReadonlySet<Type> = new Set([
  Type.INT8,
  Type.INT16,
  Type.INT32,
  Type.INT64,
  Type.FLOAT32,
  Type.FLOAT64,
  Type.BOOLEAN,
  Type.STRING,
  Type.BYTES,
]);

/** Every type but array, map and struct (Kafka's `Type.isPrimitive()`). */
export function isPrimitiveType(type: Type): boolean {
  return PRIMITIVES.has(type);
}

/** The type as Kafka prints the enum constant in messages: `INT32`, `STRUCT`. */
export function typeLabel(type: Type): string {
  return type.toUpperCase();
}
