import type { ConfigInputEntry } from '../../common/config/config-def.js';
import { readPropertiesFile } from '../../common/properties.js';

/**
 * Raw settings as read from a worker or connector file: each value with the file and line it came from, so every
 * later error (a bad value, a key a connector rejects) can point back at the line to fix.
 */
export type ConfigEntries = Map<string, ConfigInputEntry>;

/** Reads a `.properties` file into located entries. @throws PropertiesReadError, PropertiesParseError */
export function readPropertiesEntries(path: string): ConfigEntries {
  const entries: ConfigEntries = new Map();
  for (const [key, entry] of readPropertiesFile(path)) entries.set(key, { value: entry.value, line: entry.line, source: path });
  return entries;
}

/** The entries under `prefix` (`producer.`), with the prefix removed and their locations kept. */
export function entriesWithPrefix(entries: ReadonlyMap<string, ConfigInputEntry>, prefix: string): ConfigEntries {
  const result: ConfigEntries = new Map();
  for (const [key, entry] of entries) {
    if (key.startsWith(prefix) && key.length > prefix.length) result.set(key.slice(prefix.length), entry);
  }
  return result;
}

/** Kafka's `originalsWithPrefix`: the values under `prefix`, the prefix removed. */
export function valuesWithPrefix(entries: ReadonlyMap<string, ConfigInputEntry>, prefix: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of entries) {
    if (key.startsWith(prefix) && key.length > prefix.length) result[key.slice(prefix.length)] = entry.value;
  }
  return result;
}

/** The entries whose key starts with none of `prefixes`. */
export function entriesWithoutPrefixes(entries: ReadonlyMap<string, ConfigInputEntry>, prefixes: readonly string[]): ConfigEntries {
  const result: ConfigEntries = new Map();
  for (const [key, entry] of entries) {
    if (!prefixes.some((prefix) => key.startsWith(prefix))) result.set(key, entry);
  }
  return result;
}

/** Plain values, locations dropped: what connectors and converters receive. */
export function entryValues(entries: ReadonlyMap<string, ConfigInputEntry>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of entries) result[key] = entry.value;
  return result;
}
