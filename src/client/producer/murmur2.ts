const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * Kafka's `Utils.murmur2` (MurmurHash2, 32-bit, seed 0x9747b28c) over `data[start, end)`, as a signed int32 —
 * the hash the Java client's default partitioner uses, so keyed records land on the same partition from either.
 */
export function murmur2(data: Uint8Array, start = 0, end = data.length): number {
  const length = end - start;
  let h = (SEED ^ length) | 0;
  const tail = start + (length & ~3);
  for (let i = start; i < tail; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // Java's fall-through switch over the 1–3 trailing bytes.
  const rest = length & 3;
  if (rest === 3) h ^= data[tail + 2]! << 16;
  if (rest >= 2) h ^= data[tail + 1]! << 8;
  if (rest >= 1) {
    h ^= data[tail]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's `Utils.toPositive`: clears the sign bit (not `Math.abs`, which fails on int32 min). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}
