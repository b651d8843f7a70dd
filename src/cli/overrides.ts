import { UsageError } from './usage-error.js';

/** Kafka's `--override key=value` arguments as a map; a malformed one is a usage error naming it. */
export function parseOverrides(overrides: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of overrides) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new UsageError(`--override expects key=value, got "${entry}"`);
    result[entry.slice(0, eq).trim()] = entry.slice(eq + 1);
  }
  return result;
}
