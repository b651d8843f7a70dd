import os from 'node:os';
import { readPropertiesFile } from '../../common/properties.js';
import {
  ConfigError,
  configErrorAt,
  defineConfig,
  formatUnknownConfig,
} from '../../common/config/config-def.js';
import type { ConfigErrorEntry, ConfigInput, ConfigInputEntry, ConfigOrigin } from '../../common/config/config-def.js';
import type { LogConfig } from '../log/log-config.js';

/**
 * The broker's configuration: Kafka's `server.properties` names and defaults, parsed once at start-up into a typed
 * `BrokerConfig`.
 *
 * Accepted so Kafka's own sample file loads without warnings, but without effect here: `num.network.threads`,
 * `num.io.threads` (one event loop does the network and disk work), `socket.send.buffer.bytes`,
 * `socket.receive.buffer.bytes` (Node offers no SO_SNDBUF/SO_RCVBUF on server sockets),
 * `num.recovery.threads.per.data.dir`, `zookeeper.connect`, `zookeeper.connection.timeout.ms` (no ZooKeeper), and
 * until replication and transactions exist `offsets.topic.replication.factor`,
 * `transaction.state.log.replication.factor` and `transaction.state.log.min.isr` (parsed and kept, not yet used).
 *
 * Advertised hosts: a listener without `advertised.listeners`, or with an empty or wildcard host (`0.0.0.0`, `::`),
 * is advertised under `os.hostname()`, as Kafka advertises the canonical host name; clients elsewhere need a
 * routable name, and on the machine itself the hostname resolves to a local address the wildcard listener accepts.
 * Set `advertised.listeners` (e.g. `PLAINTEXT://localhost:9092`) where the hostname does not resolve. An explicit
 * advertised `0.0.0.0` is refused, as in Kafka. A port of 0 stays 0: the broker substitutes the port it bound.
 */

export const IGNORED_BROKER_CONFIGS = [
  'num.network.threads',
  'num.io.threads',
  'socket.send.buffer.bytes',
  'socket.receive.buffer.bytes',
  'num.recovery.threads.per.data.dir',
  'zookeeper.connect',
  'zookeeper.connection.timeout.ms',
] as const;

/** Kafka's Long.MAX_VALUE ("never"), as a number that stays exact. */
const LONG_MAX = Number.MAX_SAFE_INTEGER;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export const TIMESTAMP_TYPES = ['CreateTime', 'LogAppendTime'] as const;
export const CLEANUP_POLICIES = ['compact', 'delete'] as const;
export const COMPRESSION_TYPES = ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] as const;

export const brokerConfigDefinition = defineConfig([
  // Server basics
  { name: 'broker.id', type: 'int', default: -1, validator: { range: { min: -1 } }, importance: 'high', group: 'server',
    documentation: 'The broker id. -1 takes node.id when that is set, else 0; when both are set they must be equal.' },
  { name: 'node.id', type: 'int', default: -1, validator: { range: { min: -1 } }, importance: 'high', group: 'server',
    documentation: 'The node id (KRaft name for the broker id); -1 means unset.' },
  // Socket server
  { name: 'listeners', type: 'string', default: 'PLAINTEXT://:9092', importance: 'high', group: 'socket',
    documentation: 'Comma-separated NAME://host:port listeners; an empty host binds all interfaces, port 0 an ephemeral port.' },
  { name: 'advertised.listeners', type: 'string', default: null, importance: 'high', group: 'socket',
    documentation: 'Listeners advertised to clients in Metadata; defaults to listeners.' },
  { name: 'listener.security.protocol.map', type: 'string', importance: 'low', group: 'socket',
    default: 'PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL',
    documentation: 'Listener name to security protocol; only PLAINTEXT listeners are served.' },
  { name: 'num.network.threads', type: 'int', default: 3, validator: { range: { min: 1 } }, importance: 'high',
    group: 'socket', documentation: 'Accepted for compatibility; no effect.' },
  { name: 'num.io.threads', type: 'int', default: 8, validator: { range: { min: 1 } }, importance: 'high',
    group: 'socket', documentation: 'Accepted for compatibility; no effect.' },
  { name: 'socket.send.buffer.bytes', type: 'int', default: 102400, importance: 'high', group: 'socket',
    documentation: 'Accepted for compatibility; no effect.' },
  { name: 'socket.receive.buffer.bytes', type: 'int', default: 102400, importance: 'high', group: 'socket',
    documentation: 'Accepted for compatibility; no effect.' },
  { name: 'socket.request.max.bytes', type: 'int', default: 104857600, validator: { range: { min: 1 } },
    importance: 'high', group: 'socket', documentation: 'The largest request frame accepted.' },
  // Log basics
  { name: 'log.dirs', type: 'list', default: null, importance: 'high', group: 'log',
    documentation: 'Directories holding the log data; log.dir when unset.' },
  { name: 'log.dir', type: 'string', default: '/tmp/millrace-logs', importance: 'high', group: 'log',
    documentation: 'The log directory, used when log.dirs is unset.' },
  { name: 'num.partitions', type: 'int', default: 1, validator: { range: { min: 1 } }, importance: 'medium',
    group: 'log', documentation: 'Default partition count of new topics.' },
  { name: 'num.recovery.threads.per.data.dir', type: 'int', default: 1, validator: { range: { min: 1 } },
    importance: 'high', group: 'log', documentation: 'Accepted for compatibility; no effect.' },
  { name: 'default.replication.factor', type: 'int', default: 1, validator: { range: { min: 1 } },
    importance: 'medium', group: 'log', documentation: 'Default replication factor of new topics.' },
  { name: 'auto.create.topics.enable', type: 'boolean', default: true, importance: 'high', group: 'log',
    documentation: 'Create a topic when a client asks Metadata about one that does not exist.' },
  { name: 'delete.topic.enable', type: 'boolean', default: true, importance: 'high', group: 'log',
    documentation: 'Allow DeleteTopics.' },
  { name: 'log.segment.bytes', type: 'int', default: 1073741824, validator: { range: { min: 14 } },
    importance: 'high', group: 'log', documentation: 'The largest size of a segment file.' },
  { name: 'log.roll.ms', type: 'long', default: null, validator: { range: { min: 1 } }, importance: 'high',
    group: 'log', documentation: 'Roll a segment this old; log.roll.hours when unset.' },
  { name: 'log.roll.hours', type: 'int', default: 168, validator: { range: { min: 1 } }, importance: 'high',
    group: 'log', documentation: 'Roll a segment this old, in hours.' },
  { name: 'log.roll.jitter.ms', type: 'long', default: null, validator: { range: { min: 0 } }, importance: 'high',
    group: 'log', documentation: 'Random jitter subtracted from the roll time; log.roll.jitter.hours when unset.' },
  { name: 'log.roll.jitter.hours', type: 'int', default: 0, validator: { range: { min: 0 } }, importance: 'high',
    group: 'log', documentation: 'Random jitter subtracted from the roll time, in hours.' },
  // Retention
  { name: 'log.retention.ms', type: 'long', default: null, importance: 'high', group: 'retention',
    documentation: 'Delete segments older than this; -1 keeps them forever. Wins over minutes and hours.' },
  { name: 'log.retention.minutes', type: 'int', default: null, importance: 'high', group: 'retention',
    documentation: 'Retention in minutes; wins over hours.' },
  { name: 'log.retention.hours', type: 'int', default: 168, importance: 'high', group: 'retention',
    documentation: 'Retention in hours.' },
  { name: 'log.retention.bytes', type: 'long', default: -1, importance: 'high', group: 'retention',
    documentation: 'Delete old segments while a partition is larger than this; -1 for no limit.' },
  { name: 'log.retention.check.interval.ms', type: 'long', default: 300000, validator: { range: { min: 1 } },
    importance: 'medium', group: 'retention', documentation: 'How often retention is applied.' },
  { name: 'log.cleanup.policy', type: 'list', default: ['delete'], validator: { oneOf: CLEANUP_POLICIES },
    importance: 'medium', group: 'retention', documentation: 'delete, compact, or both.' },
  // Flush
  { name: 'log.flush.interval.messages', type: 'long', default: LONG_MAX, validator: { range: { min: 1 } },
    importance: 'high', group: 'flush', documentation: 'fsync after this many records.' },
  { name: 'log.flush.interval.ms', type: 'long', default: null, importance: 'high', group: 'flush',
    documentation: 'fsync when unflushed data is this old; log.flush.scheduler.interval.ms when unset.' },
  { name: 'log.flush.scheduler.interval.ms', type: 'long', default: LONG_MAX, importance: 'high', group: 'flush',
    documentation: 'How often the flusher checks whether a log needs flushing.' },
  // Messages
  { name: 'log.index.interval.bytes', type: 'int', default: 4096, validator: { range: { min: 0 } },
    importance: 'medium', group: 'log', documentation: 'Bytes between offset index entries.' },
  { name: 'message.max.bytes', type: 'int', default: 1048588, validator: { range: { min: 0 } }, importance: 'high',
    group: 'log', documentation: 'The largest record batch accepted.' },
  { name: 'log.message.timestamp.type', type: 'string', default: 'CreateTime', validator: { oneOf: TIMESTAMP_TYPES },
    importance: 'medium', group: 'log', documentation: 'CreateTime keeps the producer timestamp; LogAppendTime stamps the broker time.' },
  { name: 'min.insync.replicas', type: 'int', default: 1, validator: { range: { min: 1 } }, importance: 'high',
    group: 'log', documentation: 'In-sync replicas an acks=all produce needs.' },
  { name: 'compression.type', type: 'string', default: 'producer', validator: { oneOf: COMPRESSION_TYPES },
    importance: 'high', group: 'log', documentation: 'Accepted; batches are stored as the producer sent them.' },
  // Internal topics and group coordinator
  { name: 'offsets.topic.num.partitions', type: 'int', default: 50, validator: { range: { min: 1 } },
    importance: 'high', group: 'coordinator', documentation: 'Partitions of __consumer_offsets.' },
  { name: 'offsets.topic.replication.factor', type: 'int', default: 3, validator: { range: { min: 1 } },
    importance: 'high', group: 'coordinator', documentation: 'Replication factor of __consumer_offsets.' },
  { name: 'offsets.retention.minutes', type: 'int', default: 10080, validator: { range: { min: 1 } },
    importance: 'high', group: 'coordinator', documentation: 'How long committed offsets of an empty group are kept.' },
  { name: 'offsets.retention.check.interval.ms', type: 'long', default: 600000, validator: { range: { min: 1 } },
    importance: 'high', group: 'coordinator', documentation: 'How often committed offsets are checked for expiry.' },
  { name: 'transaction.state.log.replication.factor', type: 'int', default: 3, validator: { range: { min: 1 } },
    importance: 'high', group: 'coordinator', documentation: 'Replication factor of __transaction_state.' },
  { name: 'transaction.state.log.min.isr', type: 'int', default: 2, validator: { range: { min: 1 } },
    importance: 'high', group: 'coordinator', documentation: 'min.insync.replicas of __transaction_state.' },
  { name: 'group.initial.rebalance.delay.ms', type: 'int', default: 3000, validator: { range: { min: 0 } },
    importance: 'medium', group: 'coordinator', documentation: 'How long a new group waits for more members before its first rebalance.' },
  { name: 'group.min.session.timeout.ms', type: 'int', default: 6000, importance: 'medium', group: 'coordinator',
    documentation: 'The smallest session timeout a member may ask for.' },
  { name: 'group.max.session.timeout.ms', type: 'int', default: 1800000, importance: 'medium', group: 'coordinator',
    documentation: 'The largest session timeout a member may ask for.' },
  // ZooKeeper
  { name: 'zookeeper.connect', type: 'string', default: null, importance: 'low', group: 'zookeeper',
    documentation: 'Accepted for compatibility; no effect.' },
  { name: 'zookeeper.connection.timeout.ms', type: 'int', default: null, importance: 'low', group: 'zookeeper',
    documentation: 'Accepted for compatibility; no effect.' },
]);

export interface Listener {
  /** Upper-cased, as Kafka normalises listener names. */
  readonly name: string;
  /** Empty for all interfaces; IPv6 without brackets. */
  readonly host: string;
  /** 0 for an ephemeral port. */
  readonly port: number;
}

export type TimestampType = (typeof TIMESTAMP_TYPES)[number];
export type CleanupPolicy = LogConfig['cleanupPolicy'];
export type CompressionType = (typeof COMPRESSION_TYPES)[number];

export interface BrokerConfig {
  readonly brokerId: number;
  readonly listeners: readonly Listener[];
  /** Hosts resolved (never empty or wildcard); ports may be 0 until the broker knows what it bound. */
  readonly advertisedListeners: readonly Listener[];
  readonly logDirs: readonly string[];
  readonly numPartitions: number;
  readonly defaultReplicationFactor: number;
  readonly autoCreateTopicsEnable: boolean;
  readonly deleteTopicEnable: boolean;
  readonly socketRequestMaxBytes: number;
  readonly logSegmentBytes: number;
  /** log.roll.ms, else log.roll.hours. */
  readonly logRollMs: number;
  readonly logRollJitterMs: number;
  /** log.retention.ms, else .minutes, else .hours; any negative value becomes -1 (forever). */
  readonly logRetentionMs: number;
  readonly logRetentionBytes: number;
  readonly logRetentionCheckIntervalMs: number;
  readonly logFlushIntervalMessages: number;
  /** log.flush.interval.ms, else log.flush.scheduler.interval.ms. */
  readonly logFlushIntervalMs: number;
  readonly logFlushSchedulerIntervalMs: number;
  readonly logIndexIntervalBytes: number;
  readonly logMessageTimestampType: TimestampType;
  readonly logCleanupPolicy: CleanupPolicy;
  readonly messageMaxBytes: number;
  readonly minInsyncReplicas: number;
  readonly compressionType: CompressionType;
  readonly offsetsTopicNumPartitions: number;
  readonly offsetsTopicReplicationFactor: number;
  readonly offsetsRetentionMs: number;
  readonly offsetsRetentionCheckIntervalMs: number;
  readonly transactionStateLogReplicationFactor: number;
  readonly transactionStateLogMinIsr: number;
  readonly groupInitialRebalanceDelayMs: number;
  readonly groupMinSessionTimeoutMs: number;
  readonly groupMaxSessionTimeoutMs: number;
  /** Keys set explicitly (file or override) → raw text, for DescribeConfigs' STATIC_BROKER_CONFIG. */
  readonly originals: Readonly<Record<string, string>>;
}

export interface LoadedBrokerConfig {
  config: BrokerConfig;
  /** Ready to log: unknown keys with a suggestion when one is close. */
  warnings: string[];
}

export const OVERRIDE_SOURCE = '--override';

/**
 * Reads `server.properties`, then applies `--override key=value` settings on top.
 * @throws PropertiesReadError / PropertiesParseError for the file, ConfigError listing every bad key
 */
export function loadBrokerConfig(path: string, overrides: Readonly<Record<string, string>> = {}): LoadedBrokerConfig {
  const entries = new Map<string, ConfigInputEntry>();
  for (const [key, entry] of readPropertiesFile(path)) entries.set(key, { ...entry, source: path });
  for (const [key, value] of Object.entries(overrides)) entries.set(key, { value, source: OVERRIDE_SOURCE });
  return parseBrokerConfig(entries);
}

/** For brokers configured in code (tests, an embedded broker) rather than from a file. */
export function parseBrokerConfig(input: ConfigInput, source?: string): LoadedBrokerConfig {
  const { values: v, unknown, originals } = brokerConfigDefinition.parse(input, source === undefined ? {} : { source });
  const errors: ConfigErrorEntry[] = [];

  const brokerId = resolveBrokerId(v['broker.id'], v['node.id'], originals, errors);
  const protocols = parseProtocolMap(v['listener.security.protocol.map'], originals, errors);
  const listeners = parseListeners('listeners', v.listeners, protocols, originals, errors);
  const advertisedText = v['advertised.listeners'];
  const advertisedListeners =
    advertisedText === null
      ? listeners.map((l) => ({ ...l, host: advertisedHost(l.host) }))
      : checkAdvertised(parseListeners('advertised.listeners', advertisedText, protocols, originals, errors), listeners, originals, errors);
  const logDirs = v['log.dirs'] ?? [v['log.dir']];
  if (logDirs.length === 0 || logDirs.some((d) => d === '')) {
    errors.push(configErrorAt('log.dirs', 'expected a comma-separated list of directories', originals.get('log.dirs')));
  }
  const logCleanupPolicy = cleanupPolicy(v['log.cleanup.policy'], 'log.cleanup.policy', originals, errors);
  if (errors.length > 0) throw new ConfigError(errors);

  const retentionMs = v['log.retention.ms'] ?? (v['log.retention.minutes'] !== null ? v['log.retention.minutes'] * MINUTE_MS : v['log.retention.hours'] * HOUR_MS);
  const config: BrokerConfig = {
    brokerId,
    listeners,
    advertisedListeners,
    logDirs,
    numPartitions: v['num.partitions'],
    defaultReplicationFactor: v['default.replication.factor'],
    autoCreateTopicsEnable: v['auto.create.topics.enable'],
    deleteTopicEnable: v['delete.topic.enable'],
    socketRequestMaxBytes: v['socket.request.max.bytes'],
    logSegmentBytes: v['log.segment.bytes'],
    logRollMs: v['log.roll.ms'] ?? v['log.roll.hours'] * HOUR_MS,
    logRollJitterMs: v['log.roll.jitter.ms'] ?? v['log.roll.jitter.hours'] * HOUR_MS,
    logRetentionMs: retentionMs < 0 ? -1 : retentionMs,
    logRetentionBytes: v['log.retention.bytes'],
    logRetentionCheckIntervalMs: v['log.retention.check.interval.ms'],
    logFlushIntervalMessages: v['log.flush.interval.messages'],
    logFlushIntervalMs: v['log.flush.interval.ms'] ?? v['log.flush.scheduler.interval.ms'],
    logFlushSchedulerIntervalMs: v['log.flush.scheduler.interval.ms'],
    logIndexIntervalBytes: v['log.index.interval.bytes'],
    logMessageTimestampType: v['log.message.timestamp.type'],
    logCleanupPolicy,
    messageMaxBytes: v['message.max.bytes'],
    minInsyncReplicas: v['min.insync.replicas'],
    compressionType: v['compression.type'],
    offsetsTopicNumPartitions: v['offsets.topic.num.partitions'],
    offsetsTopicReplicationFactor: v['offsets.topic.replication.factor'],
    offsetsRetentionMs: v['offsets.retention.minutes'] * MINUTE_MS,
    offsetsRetentionCheckIntervalMs: v['offsets.retention.check.interval.ms'],
    transactionStateLogReplicationFactor: v['transaction.state.log.replication.factor'],
    transactionStateLogMinIsr: v['transaction.state.log.min.isr'],
    groupInitialRebalanceDelayMs: v['group.initial.rebalance.delay.ms'],
    groupMinSessionTimeoutMs: v['group.min.session.timeout.ms'],
    groupMaxSessionTimeoutMs: v['group.max.session.timeout.ms'],
    originals: Object.fromEntries([...originals].map(([name, origin]) => [name, origin.value])),
  };
  return { config, warnings: unknown.map(formatUnknownConfig) };
}

/** The broker-level log settings every topic starts from (topic overrides apply on top). */
export function defaultLogConfig(config: BrokerConfig): LogConfig {
  return {
    segmentBytes: config.logSegmentBytes,
    segmentMs: config.logRollMs,
    segmentJitterMs: config.logRollJitterMs,
    retentionMs: config.logRetentionMs,
    retentionBytes: config.logRetentionBytes,
    flushIntervalMessages: config.logFlushIntervalMessages,
    flushIntervalMs: config.logFlushIntervalMs,
    indexIntervalBytes: config.logIndexIntervalBytes,
    maxMessageBytes: config.messageMaxBytes,
    messageTimestampType: config.logMessageTimestampType,
    cleanupPolicy: config.logCleanupPolicy,
  };
}

/** Kafka's `DescribeConfigsResponse.ConfigSource` codes. */
export const ConfigSource = {
  UNKNOWN: 0,
  TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const;
export type ConfigSourceCode = (typeof ConfigSource)[keyof typeof ConfigSource];

export interface ConfigSynonym {
  name: string;
  value: string | null;
  source: ConfigSourceCode;
}

/** One config as DescribeConfigs v0–2 reports it. */
export interface ConfigEntry {
  name: string;
  value: string | null;
  readOnly: boolean;
  /** v0's flag: the value is the built-in default. */
  isDefault: boolean;
  source: ConfigSourceCode;
  isSensitive: boolean;
  /** Highest precedence first, as Kafka lists them. */
  synonyms: ConfigSynonym[];
}

/** Kafka's `DynamicBrokerConfig.brokerConfigSynonyms`: the keys a broker setting may come from, in precedence order. */
export function brokerSynonyms(name: string): readonly string[] {
  switch (name) {
    case 'log.roll.ms':
      return ['log.roll.ms', 'log.roll.hours'];
    case 'log.roll.jitter.ms':
      return ['log.roll.jitter.ms', 'log.roll.jitter.hours'];
    case 'log.retention.ms':
      return ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'];
    case 'log.flush.interval.ms':
      return ['log.flush.interval.ms', 'log.flush.scheduler.interval.ms'];
    default:
      return [name];
  }
}

/** Where each synonym's value comes from: set in the file (static) first, then built-in defaults. */
export function brokerSynonymEntries(config: BrokerConfig, names: readonly string[]): ConfigSynonym[] {
  const synonyms: ConfigSynonym[] = [];
  for (const name of names) {
    const raw = config.originals[name];
    if (raw !== undefined) {
      synonyms.push({ name, value: brokerConfigDefinition.normalize(name, raw), source: ConfigSource.STATIC_BROKER_CONFIG });
    }
  }
  for (const name of names) {
    const value = brokerConfigDefinition.formatDefault(name);
    if (value !== null) synonyms.push({ name, value, source: ConfigSource.DEFAULT_CONFIG });
  }
  // Kafka's `configSynonyms(...).dropWhile(_.name != name)`: synonyms before the described key itself are
  // dropped, so `log.retention.hours=168` in the file leaves `retention.ms` reported as a default. Tools that
  // print non-default configs (`kafka-topics --describe`) depend on exactly this.
  const own = synonyms.findIndex((s) => s.name === names[0]);
  return own < 0 ? [] : synonyms.slice(own);
}

/** Every broker config for DescribeConfigs: all read-only, as none can be changed while running. */
export function describeBrokerConfigs(config: BrokerConfig): ConfigEntry[] {
  return brokerConfigDefinition.keys.map((key): ConfigEntry => {
    const synonyms = brokerSynonymEntries(config, brokerSynonyms(key.name));
    const source = synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG;
    const isSensitive = key.type === 'password';
    const raw = config.originals[key.name];
    const value = raw === undefined ? brokerConfigDefinition.formatDefault(key.name) : brokerConfigDefinition.normalize(key.name, raw);
    return {
      name: key.name,
      value: isSensitive ? null : value,
      readOnly: true,
      isDefault: source === ConfigSource.DEFAULT_CONFIG,
      source,
      isSensitive,
      synonyms,
    };
  });
}

function resolveBrokerId(
  brokerId: number,
  nodeId: number,
  originals: ReadonlyMap<string, ConfigOrigin>,
  errors: ConfigErrorEntry[],
): number {
  if (brokerId !== -1 && nodeId !== -1 && brokerId !== nodeId) {
    errors.push(configErrorAt('node.id', `must equal broker.id (${brokerId}) when both are set, got ${nodeId}`, originals.get('node.id')));
  }
  if (brokerId !== -1) return brokerId;
  return nodeId !== -1 ? nodeId : 0;
}

function parseProtocolMap(text: string, originals: ReadonlyMap<string, ConfigOrigin>, errors: ConfigErrorEntry[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const item of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const colon = item.indexOf(':');
    if (colon <= 0 || colon === item.length - 1) {
      errors.push(configErrorAt('listener.security.protocol.map', `expected NAME:PROTOCOL pairs, got ${JSON.stringify(item)}`, originals.get('listener.security.protocol.map')));
      continue;
    }
    map.set(item.slice(0, colon).trim().toUpperCase(), item.slice(colon + 1).trim().toUpperCase());
  }
  return map;
}

/** Kafka's listener syntax: `NAME://host:port`, host possibly empty or a bracketed IPv6 address. */
const LISTENER = /^([A-Za-z0-9_.-]+):\/\/(\[[0-9A-Fa-f:.%A-Za-z]*\]|[0-9A-Za-z%._-]*):([0-9]+)$/;

function parseListeners(
  key: string,
  text: string,
  protocols: ReadonlyMap<string, string>,
  originals: ReadonlyMap<string, ConfigOrigin>,
  errors: ConfigErrorEntry[],
): Listener[] {
  const origin = originals.get(key);
  const listeners: Listener[] = [];
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) errors.push(configErrorAt(key, 'expected at least one NAME://host:port listener', origin));
  for (const item of items) {
    const match = LISTENER.exec(item);
    const port = match === null ? NaN : Number(match[3]);
    if (match === null || port > 65535) {
      errors.push(configErrorAt(key, `expected NAME://host:port with a port in [0, 65535], got ${JSON.stringify(item)}`, origin));
      continue;
    }
    const name = match[1]!.toUpperCase();
    const host = match[2]!.startsWith('[') ? match[2]!.slice(1, -1) : match[2]!;
    const protocol = protocols.get(name);
    if (protocol !== 'PLAINTEXT') {
      const why = protocol === undefined ? 'is not in listener.security.protocol.map' : `uses ${protocol}`;
      errors.push(configErrorAt(key, `listener ${name} ${why}; only PLAINTEXT listeners are supported`, origin));
      continue;
    }
    if (listeners.some((l) => l.name === name)) {
      errors.push(configErrorAt(key, `each listener must have a different name, ${name} appears twice`, origin));
      continue;
    }
    if (key === 'listeners' && port !== 0 && listeners.some((l) => l.port === port)) {
      errors.push(configErrorAt(key, `each listener must have a different port, ${port} appears twice`, origin));
      continue;
    }
    listeners.push({ name, host, port });
  }
  return listeners;
}

function checkAdvertised(
  advertised: Listener[],
  listeners: readonly Listener[],
  originals: ReadonlyMap<string, ConfigOrigin>,
  errors: ConfigErrorEntry[],
): Listener[] {
  const origin = originals.get('advertised.listeners');
  for (const l of advertised) {
    if (!listeners.some((own) => own.name === l.name)) {
      errors.push(configErrorAt('advertised.listeners', `listener ${l.name} is not one of listeners`, origin));
    }
    if (l.host === '0.0.0.0' || l.host === '::') {
      errors.push(configErrorAt('advertised.listeners', `cannot advertise the non-routable address ${l.host}; use a routable host`, origin));
    }
  }
  return advertised.map((l) => ({ ...l, host: advertisedHost(l.host) }));
}

function advertisedHost(host: string): string {
  return host === '' || host === '0.0.0.0' || host === '::' ? os.hostname() : host;
}

/** A cleanup.policy list as LogConfig's string; duplicates collapse, order does not matter. */
export function cleanupPolicy(
  items: readonly string[],
  key: string,
  originals: ReadonlyMap<string, ConfigOrigin>,
  errors: ConfigErrorEntry[],
): CleanupPolicy {
  const compact = items.includes('compact');
  const del = items.includes('delete');
  if (!compact && !del) errors.push(configErrorAt(key, 'expected at least one of [compact, delete]', originals.get(key)));
  return compact && del ? 'compact,delete' : compact ? 'compact' : 'delete';
}
