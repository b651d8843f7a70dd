import type { Schema } from './schema/schema.js';
import { Schema as Schemas } from './schema/schema.js';

/** One record header: a key and a value with its schema (null when the value is schemaless). */
export interface Header {
  readonly key: string;
  readonly schema: Schema | null;
  readonly value: unknown;
}

/**
 * A record's headers, in order, keys repeatable (Kafka's `ConnectHeaders`). Mutable: transformations and tasks add
 * and remove headers before a record is converted.
 */
export class ConnectHeaders implements Iterable<Header> {
  #headers: Header[] | null = null;

  constructor(headers?: Iterable<Header>) {
    if (headers !== undefined) for (const header of headers) this.addHeader(header);
  }

  get size(): number {
    return this.#headers?.length ?? 0;
  }

  isEmpty(): boolean {
    return this.size === 0;
  }

  addHeader(header: Header): this {
    (this.#headers ??= []).push(header);
    return this;
  }

  /** Adds a header; `schema` null leaves the value schemaless for the header converter to infer. */
  add(key: string, value: unknown, schema: Schema | null = null): this {
    return this.addHeader({ key, schema, value });
  }

  addString(key: string, value: string | null): this {
    return this.add(key, value, Schemas.OPTIONAL_STRING_SCHEMA);
  }

  addBoolean(key: string, value: boolean): this {
    return this.add(key, value, Schemas.BOOLEAN_SCHEMA);
  }

  addInt32(key: string, value: number): this {
    return this.add(key, value, Schemas.INT32_SCHEMA);
  }

  addInt64(key: string, value: number | bigint): this {
    return this.add(key, value, Schemas.INT64_SCHEMA);
  }

  addFloat64(key: string, value: number): this {
    return this.add(key, value, Schemas.FLOAT64_SCHEMA);
  }

  addBytes(key: string, value: Uint8Array | null): this {
    return this.add(key, value, Schemas.OPTIONAL_BYTES_SCHEMA);
  }

  /** The last header with this key, which is the one that counts when a key repeats. */
  lastWithName(key: string): Header | undefined {
    const headers = this.#headers;
    if (headers === null) return undefined;
    for (let i = headers.length - 1; i >= 0; i--) if (headers[i]?.key === key) return headers[i];
    return undefined;
  }

  allWithName(key: string): Header[] {
    return this.#headers?.filter((h) => h.key === key) ?? [];
  }

  remove(key: string): this {
    if (this.#headers !== null) this.#headers = this.#headers.filter((h) => h.key !== key);
    return this;
  }

  /** Keeps only the last header of each key (of `key` alone when given). */
  retainLatest(key?: string): this {
    const headers = this.#headers;
    if (headers === null) return this;
    const seen = new Set<string>();
    const kept: Header[] = [];
    for (let i = headers.length - 1; i >= 0; i--) {
      const header = headers[i] as Header;
      if ((key === undefined || header.key === key) && seen.has(header.key)) continue;
      seen.add(header.key);
      kept.push(header);
    }
    this.#headers = kept.reverse();
    return this;
  }

  clear(): this {
    this.#headers = null;
    return this;
  }

  /** A copy whose changes do not affect this one (headers themselves are immutable). */
  duplicate(): ConnectHeaders {
    return new ConnectHeaders(this);
  }

  [Symbol.iterator](): Iterator<Header> {
    return (this.#headers ?? []).values();
  }
}
