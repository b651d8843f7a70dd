import { mkdir, open, rename, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonValue, SourcePartition } from '../api/source-record.js';
import { WorkerConfigKeys } from './worker-config.js';

/**
 * Standalone mode's source offsets: one JSON file (`offset.storage.file.filename`), read once at start-up and
 * rewritten whole on every flush by temp file + fsync + rename (+ fsync of the directory), so a crash leaves the
 * old file or the new one, never a torn mix.
 *
 * ```json
 * {"version":1,"offsets":[
 *   {"connector":"local-file-source","partition":{"filename":"data.txt"},"offset":{"position":8}}
 * ]}
 * ```
 *
 * A file that exists but cannot be read or parsed stops the worker with `OffsetStoreError`: silently starting
 * from empty offsets would re-send everything a source ever produced.
 */

/** A source partition or offset: a JSON object, compared by value. */
export type JsonObject = SourcePartition;

export interface OffsetEntry {
  readonly connector: string;
  readonly partition: JsonObject;
  readonly offset: JsonObject;
}

export const OFFSET_FILE_VERSION = 1;

/** The offset file is unreadable, corrupt or cannot be written; names the file and, for reads, what is wrong. */
export class OffsetStoreError extends Error {
  readonly file: string;
  /** The worker key that names the file, so the user knows what to fix. */
  readonly key = WorkerConfigKeys.OFFSET_STORAGE_FILE;

  constructor(file: string, detail: string, options?: ErrorOptions) {
    super(`${file}: ${detail} (${WorkerConfigKeys.OFFSET_STORAGE_FILE})`, options);
    this.name = new.target.name;
    this.file = file;
  }
}

/**
 * Kafka compares source partitions as maps; here as canonical JSON (object keys sorted at every depth), so
 * `{"a":1,"b":2}` and `{"b":2,"a":1}` name the same partition.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const object = value as JsonObject;
  const keys = Object.keys(object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k]!)}`).join(',')}}`;
}

export class FileOffsetBackingStore {
  readonly file: string;
  /** connector → canonical partition → entry */
  readonly #offsets = new Map<string, Map<string, OffsetEntry>>();
  #writing: Promise<void> = Promise.resolve();
  #queued: Promise<void> | null = null;

  private constructor(file: string) {
    this.file = file;
  }

  /**
   * Reads the file; a missing file is an empty store (first start), created on the first write.
   * @throws OffsetStoreError when the file exists but is unreadable or not an offset file
   */
  static open(file: string): FileOffsetBackingStore {
    const store = new FileOffsetBackingStore(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return store;
      throw new OffsetStoreError(file, `cannot read offset file (${errnoCode(err) ?? String(err)})`, { cause: err });
    }
    for (const entry of parseOffsetFile(file, text)) store.#put(entry);
    return store;
  }

  /** The stored offset of one source partition, or null. */
  offset(connector: string, partition: JsonObject): JsonObject | null {
    return this.#offsets.get(connector)?.get(canonicalJson(partition))?.offset ?? null;
  }

  /** Every stored partition of a connector. */
  entries(connector: string): OffsetEntry[] {
    return [...(this.#offsets.get(connector)?.values() ?? [])];
  }

  /**
   * Records offsets (a null offset removes its partition, as in Kafka) and rewrites the file. Writes are
   * serialised, and the promise resolves once a write holding these offsets is durable.
   * @throws OffsetStoreError when the file cannot be written; the in-memory offsets keep the new values
   */
  set(connector: string, offsets: ReadonlyArray<{ partition: JsonObject; offset: JsonObject | null }>): Promise<void> {
    for (const { partition, offset } of offsets) {
      if (offset === null) this.#offsets.get(connector)?.delete(canonicalJson(partition));
      else this.#put({ connector, partition, offset });
    }
    // Sets arriving while a write is under way share the one queued after it, which snapshots when it starts.
    if (this.#queued !== null) return this.#queued;
    const write = this.#writing.then(() => {
      this.#queued = null;
      return writeAtomically(this.file, this.#serialize());
    });
    this.#queued = write;
    this.#writing = write.catch(() => undefined);
    return write;
  }

  #put(entry: OffsetEntry): void {
    let partitions = this.#offsets.get(entry.connector);
    if (partitions === undefined) {
      partitions = new Map();
      this.#offsets.set(entry.connector, partitions);
    }
    partitions.set(canonicalJson(entry.partition), entry);
  }

  /** One entry per line: readable, and diffs of a store with many files stay small. */
  #serialize(): string {
    const lines: string[] = [];
    for (const partitions of this.#offsets.values()) {
      for (const e of partitions.values()) {
        lines.push(`  ${JSON.stringify({ connector: e.connector, partition: e.partition, offset: e.offset })}`);
      }
    }
    return `{"version":${OFFSET_FILE_VERSION},"offsets":[\n${lines.join(',\n')}\n]}\n`;
  }
}

function parseOffsetFile(file: string, text: string): OffsetEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new OffsetStoreError(file, `offset file is not valid JSON (${(err as Error).message}); repair or remove it — offsets are never reset silently`, { cause: err });
  }
  if (!isObject(doc) || doc['version'] !== OFFSET_FILE_VERSION || !Array.isArray(doc['offsets'])) {
    throw new OffsetStoreError(file, `not a Millrace offset file: expected {"version":${OFFSET_FILE_VERSION},"offsets":[…]}`);
  }
  return doc['offsets'].map((entry: unknown, i: number) => {
    if (!isObject(entry) || typeof entry['connector'] !== 'string' || !isObject(entry['partition']) || !isObject(entry['offset'])) {
      throw new OffsetStoreError(file, `offsets[${i}] is not {"connector": string, "partition": object, "offset": object}`);
    }
    return { connector: entry['connector'], partition: entry['partition'], offset: entry['offset'] };
  });
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    await syncDirectory(dir);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new OffsetStoreError(file, `cannot write offset file (${errnoCode(err) ?? String(err)})`, { cause: err });
  }
}

/** Makes the rename itself durable; some filesystems refuse fsync on a directory, which costs only that. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    return;
  } finally {
    await handle?.close();
  }
}

/** `Array.isArray` narrowed for readonly arrays too. */
function isArray(value: JsonValue): value is readonly JsonValue[] {
  return Array.isArray(value);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}
