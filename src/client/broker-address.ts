import { ConfigError } from '../common/config/config-def.js';
import type { BrokerAddress } from './cluster-metadata.js';

/**
 * Parses one `bootstrap.servers` entry: `host:port`, `[ipv6]:port`, optionally behind a listener scheme
 * (`PLAINTEXT://host:port`, as Kafka accepts).
 * @throws ConfigError on `bootstrap.servers` when the entry has no valid port
 */
export function parseBrokerAddress(entry: string): BrokerAddress {
  const text = entry.trim().replace(/^[A-Za-z_]+:\/\//, '');
  const match = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(text);
  const port = match === null ? NaN : Number(match[3]);
  if (match === null || port < 1 || port > 65535) {
    throw new ConfigError([
      { key: 'bootstrap.servers', message: `expected host:port with a port in 1..65535, got ${JSON.stringify(entry)}` },
    ]);
  }
  return { host: match[1] ?? match[2]!, port };
}

/** Parses a `bootstrap.servers` list; empty entries are ignored, an empty list is an error. */
export function parseBootstrapServers(entries: readonly string[]): BrokerAddress[] {
  const addresses = entries.filter((entry) => entry.trim() !== '').map(parseBrokerAddress);
  if (addresses.length === 0) {
    throw new ConfigError([{ key: 'bootstrap.servers', message: 'expected at least one host:port' }]);
  }
  return addresses;
}

export function formatAddress(address: BrokerAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
