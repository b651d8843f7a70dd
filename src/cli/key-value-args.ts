import { readPropertiesFile } from '../common/properties.js';
import { UsageError } from './usage-error.js';

/**
 * Kafka's `CommandLineUtils.parseKeyValueArgs` for repeatable `--property`, `--config`, `--consumer-property` …
 * arguments: each entry is split at its first `=`, a later entry for the same key wins. Kafka silently turns an
 * entry without `=` into an empty value; here it is a usage error naming the flag, since it is always a typo.
 */
export function parseKeyValueArgs(flag: string, entries: readonly string[]): Map<string, string> {
  const result = new Map<string, string>();
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} expects key=value, got "${entry}"`);
    result.set(entry.slice(0, eq).trim(), entry.slice(eq + 1));
  }
  return result;
}

/**
 * Client properties as Kafka's console tools assemble them: the `--x.config` file first, then `--x-property`
 * entries over it.
 */
export function clientProperties(file: string | undefined, flag: string, entries: readonly string[]): Map<string, string> {
  const result = new Map<string, string>();
  if (file !== undefined) for (const [key, { value }] of readPropertiesFile(file)) result.set(key, value);
  for (const [key, value] of parseKeyValueArgs(flag, entries)) result.set(key, value);
  return result;
}

/** Kafka reads its boolean tool properties as `value.trim.equalsIgnoreCase("true")`. */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === 'true';
}
