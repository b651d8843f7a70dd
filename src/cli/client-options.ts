import type { AdminOptions } from '../client/admin/admin-types.js';
import { ConfigError } from '../common/config/config-def.js';
import type { ConfigInputEntry } from '../common/config/config-def.js';

/** Admin client settings a `--command-config` file may hold, Kafka's names. */
const ADMIN_NUMBERS = {
  'request.timeout.ms': 'requestTimeoutMs',
  'default.api.timeout.ms': 'defaultApiTimeoutMs',
  'retry.backoff.ms': 'retryBackoffMs',
  'metadata.max.age.ms': 'metadataMaxAgeMs',
} as const;

/**
 * Admin options from the tool's servers and Kafka-named properties; other keys are ignored, as Kafka's admin
 * client only warns about unknown ones.
 * @throws ConfigError naming a key whose value is not a non-negative integer
 */
export function adminOptions(servers: readonly string[], properties: ReadonlyMap<string, string>, clientId: string): AdminOptions {
  const options: { -readonly [K in keyof AdminOptions]: AdminOptions[K] } = {
    bootstrapServers: servers,
    clientId: properties.get('client.id') ?? clientId,
  };
  for (const [key, option] of Object.entries(ADMIN_NUMBERS)) {
    const text = properties.get(key);
    if (text === undefined) continue;
    const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value)) throw new ConfigError([{ key, message: `expected a non-negative integer, got "${text}"` }]);
    options[option] = value;
  }
  return options;
}

/** A properties map as the config input the client's `…FromProperties` functions read. */
export function configInput(properties: ReadonlyMap<string, string>): Map<string, ConfigInputEntry> {
  const input = new Map<string, ConfigInputEntry>();
  for (const [key, value] of properties) input.set(key, { value });
  return input;
}
