import { ConfigError, defineConfig, formatUnknownConfig } from '../../common/config/config-def.js';
import type { ConfigErrorEntry, ConfigInputEntry, UnknownConfig } from '../../common/config/config-def.js';
import { brokerConfigDefinition, parseBrokerConfig } from '../../broker/config/broker-config.js';
import type { BrokerConfig } from '../../broker/config/broker-config.js';
import { entriesWithoutPrefixes, entriesWithPrefix, readPropertiesEntries, valuesWithPrefix } from './config-entries.js';

/**
 * A standalone worker's configuration (`connect-standalone.properties`): Kafka's `WorkerConfig` and
 * `StandaloneConfig` keys and defaults, plus Millrace's embedded broker.
 *
 * Prefixed keys are passed on rather than checked here: `key.converter.*`, `value.converter.*` and
 * `header.converter.*` to the converters, `producer.*`, `consumer.*`, `admin.*` to the clients, and
 * `embedded.broker.*` (when `embedded.broker.enable=true`) to a broker started inside the worker process, checked
 * with the broker's own definition so a bad broker key fails start-up in the same error as a bad worker key.
 *
 * Accepted without effect, so Kafka's sample files load quietly: `client.dns.lookup`, `config.providers`,
 * `connector.client.config.override.policy`, `metric.reporters`, `metrics.*`, `plugin.discovery`,
 * `response.http.headers.config`, `admin.listeners`, `topic.creation.enable` (topics are created by the broker
 * on first produce).
 */

export const WorkerConfigKeys = {
  BOOTSTRAP_SERVERS: 'bootstrap.servers',
  KEY_CONVERTER: 'key.converter',
  VALUE_CONVERTER: 'value.converter',
  HEADER_CONVERTER: 'header.converter',
  OFFSET_STORAGE_FILE: 'offset.storage.file.filename',
  OFFSET_FLUSH_INTERVAL_MS: 'offset.flush.interval.ms',
  OFFSET_FLUSH_TIMEOUT_MS: 'offset.flush.timeout.ms',
  TASK_SHUTDOWN_TIMEOUT_MS: 'task.shutdown.graceful.timeout.ms',
  PLUGIN_PATH: 'plugin.path',
  LISTENERS: 'listeners',
  EMBEDDED_BROKER_ENABLE: 'embedded.broker.enable',
} as const;

/** Prefixes whose keys belong to another component; never reported as unknown. */
export const WorkerConfigPrefixes = {
  KEY_CONVERTER: 'key.converter.',
  VALUE_CONVERTER: 'value.converter.',
  HEADER_CONVERTER: 'header.converter.',
  PRODUCER: 'producer.',
  CONSUMER: 'consumer.',
  ADMIN: 'admin.',
  EMBEDDED_BROKER: 'embedded.broker.',
  CONFIG_PROVIDERS: 'config.providers.',
  METRICS: 'metrics.',
  LISTENERS_HTTPS: 'listeners.https.',
} as const;

export const workerConfigDefinition = defineConfig([
  { name: 'bootstrap.servers', type: 'list', default: ['localhost:9092'], importance: 'high', group: 'common',
    documentation: 'host:port pairs of the Kafka cluster; with the embedded broker enabled and this unset, the broker itself.' },
  { name: 'key.converter', type: 'class', importance: 'high', group: 'common',
    documentation: 'Converter between record keys and bytes (alias or full class name), unless a connector overrides it.' },
  { name: 'value.converter', type: 'class', importance: 'high', group: 'common',
    documentation: 'Converter between record values and bytes (alias or full class name), unless a connector overrides it.' },
  { name: 'header.converter', type: 'class', default: 'org.apache.kafka.connect.storage.SimpleHeaderConverter',
    importance: 'low', group: 'common', documentation: 'Converter between header values and bytes.' },
  { name: 'offset.storage.file.filename', type: 'string', importance: 'high', group: 'standalone',
    documentation: 'File holding source connectors\' offsets, rewritten atomically on every flush.' },
  { name: 'offset.flush.interval.ms', type: 'long', default: 60000, validator: { range: { min: 0 } },
    importance: 'low', group: 'common', documentation: 'How often source offsets are written and sink offsets committed.' },
  { name: 'offset.flush.timeout.ms', type: 'long', default: 5000, validator: { range: { min: 0 } },
    importance: 'low', group: 'common',
    documentation: 'How long a flush waits for outstanding records to be acknowledged before it gives up until the next one.' },
  { name: 'task.shutdown.graceful.timeout.ms', type: 'long', default: 5000, validator: { range: { min: 0 } },
    importance: 'low', group: 'common', documentation: 'How long tasks get to stop before the worker abandons them.' },
  { name: 'plugin.path', type: 'list', default: null, importance: 'low', group: 'common',
    documentation: 'Comma-separated directories holding plugins: each a plugin package or a directory of them.' },
  { name: 'listeners', type: 'list', default: ['http://:8083'], importance: 'low', group: 'rest',
    documentation: 'REST listeners as http://host:port; an empty host binds all interfaces, port 0 a free port; empty disables REST.' },
  { name: 'rest.advertised.host.name', type: 'string', default: null, importance: 'low', group: 'rest',
    documentation: 'Host name shown as the worker id.' },
  { name: 'rest.advertised.port', type: 'int', default: null, importance: 'low', group: 'rest',
    documentation: 'Port shown as the worker id.' },
  { name: 'rest.advertised.listener', type: 'string', default: null, importance: 'low', group: 'rest',
    documentation: 'Accepted for compatibility.' },
  { name: 'access.control.allow.origin', type: 'string', default: '', importance: 'low', group: 'rest',
    documentation: 'Value of Access-Control-Allow-Origin on REST responses; empty sends none.' },
  { name: 'access.control.allow.methods', type: 'string', default: '', importance: 'low', group: 'rest',
    documentation: 'Value of Access-Control-Allow-Methods on REST responses; empty sends none.' },
  { name: 'admin.listeners', type: 'list', default: null, importance: 'low', group: 'rest', documentation: 'Accepted for compatibility.' },
  { name: 'response.http.headers.config', type: 'string', default: '', importance: 'low', group: 'rest',
    documentation: 'Accepted for compatibility.' },
  { name: 'client.dns.lookup', type: 'string', default: 'use_all_dns_ips', importance: 'medium', group: 'common',
    validator: { oneOf: ['use_all_dns_ips', 'resolve_canonical_bootstrap_servers_only'] }, documentation: 'Accepted for compatibility.' },
  { name: 'config.providers', type: 'list', default: [], importance: 'low', group: 'common', documentation: 'Accepted for compatibility.' },
  { name: 'connector.client.config.override.policy', type: 'string', default: 'All', importance: 'medium', group: 'common',
    documentation: 'Accepted for compatibility; producer.override.* and consumer.override.* are always honoured.' },
  { name: 'metric.reporters', type: 'list', default: [], importance: 'low', group: 'metrics', documentation: 'Accepted for compatibility.' },
  { name: 'plugin.discovery', type: 'string', default: 'hybrid_warn', importance: 'low', group: 'common',
    validator: { oneOf: ['only_scan', 'hybrid_warn', 'hybrid_fail', 'service_load'] }, documentation: 'Accepted for compatibility.' },
  { name: 'topic.creation.enable', type: 'boolean', default: true, importance: 'low', group: 'common',
    documentation: 'Accepted for compatibility; topics are created by the broker on first produce.' },
  { name: 'embedded.broker.enable', type: 'boolean', default: false, importance: 'high', group: 'embedded broker',
    documentation: 'Run a Millrace broker inside the worker process, configured by the embedded.broker.* keys.' },
] as const);

/** A converter's class as written (alias or full name) and its prefixed settings. */
export interface ConverterSpec {
  readonly className: string;
  readonly configs: Readonly<Record<string, string>>;
}

export interface WorkerConfig {
  /** Null when the embedded broker supplies it and the file did not set it. */
  readonly bootstrapServers: readonly string[] | null;
  readonly keyConverter: ConverterSpec;
  readonly valueConverter: ConverterSpec;
  readonly headerConverter: ConverterSpec;
  readonly offsetStorageFile: string;
  readonly offsetFlushIntervalMs: number;
  readonly offsetFlushTimeoutMs: number;
  readonly taskShutdownGracefulTimeoutMs: number;
  readonly pluginPath: readonly string[];
  readonly restListeners: readonly string[];
  readonly restAdvertisedHostName: string | null;
  readonly restAdvertisedPort: number | null;
  readonly accessControlAllowOrigin: string;
  readonly accessControlAllowMethods: string;
  /** `producer.*`, `consumer.*`, `admin.*` with the prefix removed. */
  readonly producerConfigs: Readonly<Record<string, string>>;
  readonly consumerConfigs: Readonly<Record<string, string>>;
  readonly adminConfigs: Readonly<Record<string, string>>;
  /** The broker to run in-process, or null. */
  readonly embeddedBroker: BrokerConfig | null;
  /** Every setting as read, with file and line, for errors found later (an unknown converter class). */
  readonly entries: ReadonlyMap<string, ConfigInputEntry>;
}

export interface LoadedWorkerConfig {
  readonly config: WorkerConfig;
  /** Unknown keys (worker and embedded broker), each with the closest known key when one is near. */
  readonly warnings: readonly string[];
}

const PASSED_ON = Object.values(WorkerConfigPrefixes);

/** @throws PropertiesReadError, PropertiesParseError, ConfigError listing every bad key */
export function loadWorkerConfig(path: string): LoadedWorkerConfig {
  return parseWorkerConfig(readPropertiesEntries(path), path);
}

/** @throws ConfigError listing every invalid or missing key of the worker and its embedded broker */
export function parseWorkerConfig(entries: ReadonlyMap<string, ConfigInputEntry>, source?: string): LoadedWorkerConfig {
  const errors: ConfigErrorEntry[] = [];
  const warnings: string[] = [];
  const own = entriesWithoutPrefixes(entries, PASSED_ON);
  const embeddedFlag = entries.get(WorkerConfigKeys.EMBEDDED_BROKER_ENABLE);
  if (embeddedFlag !== undefined) own.set(WorkerConfigKeys.EMBEDDED_BROKER_ENABLE, embeddedFlag);

  let parsed: ReturnType<typeof workerConfigDefinition.parse> | null = null;
  try {
    parsed = workerConfigDefinition.parse(own, source === undefined ? {} : { source });
    for (const unknown of parsed.unknown) warnings.push(formatUnknownConfig(unknown));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    errors.push(...err.errors);
  }

  const brokerEntries = entriesWithPrefix(entries, WorkerConfigPrefixes.EMBEDDED_BROKER);
  brokerEntries.delete('enable');
  let embeddedBroker: BrokerConfig | null = null;
  // Checked even when the worker's own keys failed, so one run reports the broker's problems too.
  const embeddedEnabled = parsed?.values['embedded.broker.enable'] ?? embeddedFlag?.value.trim().toLowerCase() === 'true';
  if (embeddedEnabled) {
    try {
      embeddedBroker = parseBrokerConfig(brokerEntries, source).config;
      warnings.push(...unknownBrokerKeys(brokerEntries));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      errors.push(...err.errors.map((e) => ({ ...e, key: `${WorkerConfigPrefixes.EMBEDDED_BROKER}${e.key}` })));
    }
  } else if (brokerEntries.size > 0 && parsed !== null) {
    warnings.push(`embedded.broker.* keys are ignored because ${WorkerConfigKeys.EMBEDDED_BROKER_ENABLE} is not true`);
  }

  if (errors.length > 0 || parsed === null) {
    throw new ConfigError(errors.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER)));
  }
  const v = parsed.values;
  const config: WorkerConfig = {
    bootstrapServers: embeddedBroker !== null && !parsed.originals.has('bootstrap.servers') ? null : v['bootstrap.servers'],
    keyConverter: { className: v['key.converter'], configs: valuesWithPrefix(entries, WorkerConfigPrefixes.KEY_CONVERTER) },
    valueConverter: { className: v['value.converter'], configs: valuesWithPrefix(entries, WorkerConfigPrefixes.VALUE_CONVERTER) },
    headerConverter: { className: v['header.converter'], configs: valuesWithPrefix(entries, WorkerConfigPrefixes.HEADER_CONVERTER) },
    offsetStorageFile: v['offset.storage.file.filename'],
    offsetFlushIntervalMs: v['offset.flush.interval.ms'],
    offsetFlushTimeoutMs: v['offset.flush.timeout.ms'],
    taskShutdownGracefulTimeoutMs: v['task.shutdown.graceful.timeout.ms'],
    pluginPath: (v['plugin.path'] ?? []).filter((dir) => dir !== ''),
    restListeners: v.listeners.filter((l) => l !== ''),
    restAdvertisedHostName: v['rest.advertised.host.name'],
    restAdvertisedPort: v['rest.advertised.port'],
    accessControlAllowOrigin: v['access.control.allow.origin'],
    accessControlAllowMethods: v['access.control.allow.methods'],
    producerConfigs: valuesWithPrefix(entries, WorkerConfigPrefixes.PRODUCER),
    consumerConfigs: valuesWithPrefix(entries, WorkerConfigPrefixes.CONSUMER),
    adminConfigs: valuesWithPrefix(entries, WorkerConfigPrefixes.ADMIN),
    embeddedBroker,
    entries,
  };
  return { config, warnings };
}

/** The broker's unknown keys, named as written in the worker file (with the `embedded.broker.` prefix). */
function unknownBrokerKeys(brokerEntries: ReadonlyMap<string, ConfigInputEntry>): string[] {
  const warnings: string[] = [];
  for (const [name, entry] of brokerEntries) {
    if (brokerConfigDefinition.key(name) !== undefined) continue;
    const unknown: UnknownConfig = { key: `${WorkerConfigPrefixes.EMBEDDED_BROKER}${name}` };
    const suggestion = brokerConfigDefinition.suggest(name);
    if (suggestion !== undefined) unknown.suggestion = `${WorkerConfigPrefixes.EMBEDDED_BROKER}${suggestion}`;
    if (entry.source !== undefined) unknown.source = entry.source;
    if (entry.line !== undefined) unknown.line = entry.line;
    warnings.push(formatUnknownConfig(unknown));
  }
  return warnings;
}
