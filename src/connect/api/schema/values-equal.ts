import { BigDecimal } from './big-decimal.js';

/** Anything with Kafka-style value equality (Struct, Schema, Field). */
interface Equatable {
  equals(other: unknown): boolean;
}

function isEquatable(value: object): value is Equatable {
  return typeof (value as Partial<Equatable>).equals === 'function';
}

/**
 * Deep equality of Connect values, as Kafka's `Objects.deepEquals` on Connect data: bytes by content, arrays and
 * maps element-wise, structs and schemas by their own `equals`, dates by time, an int64 `number` equal to the same
 * `bigint`.
 */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'bigint' || typeof b === 'bigint') return isIntegral(a) && isIntegral(b) && BigInt(a) === BigInt(b);
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Uint8Array) return b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof BigDecimal) return a.equals(b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => valuesEqual(v, b[i]));
  if (a instanceof Map) return b instanceof Map && mapsEqual(a, b);
  if (isEquatable(a)) return a.equals(b);
  if (b instanceof Map || Array.isArray(b) || isEquatable(b)) return false;
  return recordsEqual(a as Record<string, unknown>, b as Record<string, unknown>);
}

function isIntegral(value: unknown): value is bigint | number {
  return typeof value === 'bigint' || Number.isInteger(value);
}

function mapsEqual(a: ReadonlyMap<unknown, unknown>, b: ReadonlyMap<unknown, unknown>): boolean {
  if (a.size !== b.size) return false;
  outer: for (const [key, value] of a) {
    if (b.has(key)) {
      if (!valuesEqual(value, b.get(key))) return false;
      continue;
    }
    // Keys that are objects (bytes, structs) match by value, as Java's equals-based HashMap lookup would.
    for (const [otherKey, otherValue] of b) {
      if (valuesEqual(key, otherKey)) {
        if (!valuesEqual(value, otherValue)) return false;
        continue outer;
      }
    }
    return false;
  }
  return true;
}

function recordsEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && valuesEqual(a[key], b[key]));
}
