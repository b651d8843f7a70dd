import { ConfigError, defineConfig } from '../../common/config/config-def.js';
import type { ConfigErrorEntry } from '../../common/config/config-def.js';
import type { LogConfig } from '../log/log-config.js';
import {
  CLEANUP_POLICIES,
  COMPRESSION_TYPES,
  ConfigSource,
  TIMESTAMP_TYPES,
  brokerSynonymEntries,
  brokerSynonyms,
  cleanupPolicy,
  defaultLogConfig,
} from './broker-config.js';
import type { BrokerConfig, CompressionType, ConfigEntry, ConfigSynonym } from './broker-config.js';

/**
 * Topic-level configs (Kafka's `LogConfig` names), each overriding a broker-level synonym: a topic without
 * `retention.ms` takes the broker's `log.retention.ms` / `.minutes` / `.hours`.
 *
 * `compression.type` is accepted with all of Kafka's values, but batches are always stored and served as the
 * producer compressed them, i.e. with `producer` semantics whatever the setting says.
 */

/** Topic config → the broker config it falls back to. */
export const TOPIC_CONFIG_SYNONYMS = {
  'segment.bytes': 'log.segment.bytes',
  'segment.ms': 'log.roll.ms',
  'segment.jitter.ms': 'log.roll.jitter.ms',
  'retention.ms': 'log.retention.ms',
  'retention.bytes': 'log.retention.bytes',
  'cleanup.policy': 'log.cleanup.policy',
  'max.message.bytes': 'message.max.bytes',
  'message.timestamp.type': 'log.message.timestamp.type',
  'flush.messages': 'log.flush.interval.messages',
  'flush.ms': 'log.flush.interval.ms',
  'index.interval.bytes': 'log.index.interval.bytes',
  'min.insync.replicas': 'min.insync.replicas',
  'compression.type': 'compression.type',
} as const;

export type TopicConfigName = keyof typeof TOPIC_CONFIG_SYNONYMS;

/** Every key defaults to null here: "not overridden", so the broker's value applies. */
export const topicConfigDefinition = defineConfig([
  { name: 'segment.bytes', type: 'int', default: null, validator: { range: { min: 14 } }, importance: 'medium',
    documentation: 'The largest size of a segment file.' },
  { name: 'segment.ms', type: 'long', default: null, validator: { range: { min: 1 } }, importance: 'medium',
    documentation: 'Roll a segment this old even if it is not full.' },
  { name: 'segment.jitter.ms', type: 'long', default: null, validator: { range: { min: 0 } }, importance: 'medium',
    documentation: 'Random jitter subtracted from segment.ms.' },
  { name: 'retention.ms', type: 'long', default: null, validator: { range: { min: -1 } }, importance: 'medium',
    documentation: 'Delete segments older than this; -1 keeps them forever.' },
  { name: 'retention.bytes', type: 'long', default: null, importance: 'medium',
    documentation: 'Delete old segments while a partition is larger than this; -1 for no limit.' },
  { name: 'cleanup.policy', type: 'list', default: null, validator: { oneOf: CLEANUP_POLICIES }, importance: 'medium',
    documentation: 'delete, compact, or both.' },
  { name: 'max.message.bytes', type: 'int', default: null, validator: { range: { min: 0 } }, importance: 'medium',
    documentation: 'The largest record batch accepted.' },
  { name: 'message.timestamp.type', type: 'string', default: null, validator: { oneOf: TIMESTAMP_TYPES },
    importance: 'medium', documentation: 'CreateTime or LogAppendTime.' },
  { name: 'flush.messages', type: 'long', default: null, validator: { range: { min: 1 } }, importance: 'medium',
    documentation: 'fsync after this many records.' },
  { name: 'flush.ms', type: 'long', default: null, validator: { range: { min: 0 } }, importance: 'medium',
    documentation: 'fsync when unflushed data is this old.' },
  { name: 'index.interval.bytes', type: 'int', default: null, validator: { range: { min: 0 } }, importance: 'medium',
    documentation: 'Bytes between offset index entries.' },
  { name: 'min.insync.replicas', type: 'int', default: null, validator: { range: { min: 1 } }, importance: 'medium',
    documentation: 'In-sync replicas an acks=all produce needs.' },
  { name: 'compression.type', type: 'string', default: null, validator: { oneOf: COMPRESSION_TYPES },
    importance: 'medium', documentation: 'Accepted; batches are stored as the producer sent them.' },
]);

/** Kafka's built-in topic defaults, what `nonDefaultTopicConfigs` compares against. */
const KAFKA_TOPIC_DEFAULTS: Readonly<Record<TopicConfigName, string>> = {
  'segment.bytes': '1073741824',
  'segment.ms': '604800000',
  'segment.jitter.ms': '0',
  'retention.ms': '604800000',
  'retention.bytes': '-1',
  'cleanup.policy': 'delete',
  'max.message.bytes': '1048588',
  'message.timestamp.type': 'CreateTime',
  'flush.messages': '9223372036854775807',
  'flush.ms': '9223372036854775807',
  'index.interval.bytes': '4096',
  'min.insync.replicas': '1',
  'compression.type': 'producer',
};

/** A topic's validated overrides, null where the broker's value applies. */
export type TopicOverrides = ReturnType<typeof topicConfigDefinition.parse>['values'];

/**
 * Validated overrides per overrides object: Produce asks for min.insync.replicas on every request, and a topic's
 * configs object is replaced, never mutated, when its configs change.
 */
const validated = new WeakMap<object, TopicOverrides>();

/**
 * Checks a topic's configs as CreateTopics receives them. Unknown names are errors here (Kafka answers
 * INVALID_CONFIG), with the closest known name suggested.
 * @throws ConfigError listing every unknown or invalid config
 */
export function validateTopicConfigs(overrides: Readonly<Record<string, string>>): TopicOverrides {
  const cached = validated.get(overrides);
  if (cached !== undefined) return cached;
  const errors: ConfigErrorEntry[] = [];
  for (const name of Object.keys(overrides)) {
    if (topicConfigDefinition.key(name) !== undefined) continue;
    const suggestion = topicConfigDefinition.suggest(name);
    const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
    errors.push({ key: name, message: `unknown topic configuration${hint}` });
  }
  const known = Object.fromEntries(Object.entries(overrides).filter(([name]) => topicConfigDefinition.key(name) !== undefined));
  let values: TopicOverrides | undefined;
  try {
    values = topicConfigDefinition.parse(known).values;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    errors.push(...err.errors);
  }
  const policy = values?.['cleanup.policy'];
  if (policy !== undefined && policy !== null) cleanupPolicy(policy, 'cleanup.policy', new Map(), errors);
  if (errors.length > 0 || values === undefined) throw new ConfigError(errors);
  if (values['cleanup.policy'] !== null) Object.freeze(values['cleanup.policy']);
  validated.set(overrides, Object.freeze(values));
  return values;
}

/** The log settings of a topic: its overrides over the broker's defaults. */
export function effectiveLogConfig(broker: BrokerConfig, overrides: Readonly<Record<string, string>>): LogConfig {
  const o = validateTopicConfigs(overrides);
  const base = defaultLogConfig(broker);
  const policy = o['cleanup.policy'];
  return {
    segmentBytes: o['segment.bytes'] ?? base.segmentBytes,
    segmentMs: o['segment.ms'] ?? base.segmentMs,
    segmentJitterMs: o['segment.jitter.ms'] ?? base.segmentJitterMs ?? 0,
    retentionMs: o['retention.ms'] ?? base.retentionMs,
    retentionBytes: o['retention.bytes'] ?? base.retentionBytes,
    flushIntervalMessages: o['flush.messages'] ?? base.flushIntervalMessages,
    flushIntervalMs: o['flush.ms'] ?? base.flushIntervalMs,
    indexIntervalBytes: o['index.interval.bytes'] ?? base.indexIntervalBytes,
    maxMessageBytes: o['max.message.bytes'] ?? base.maxMessageBytes,
    messageTimestampType: o['message.timestamp.type'] ?? base.messageTimestampType,
    cleanupPolicy: policy === null ? base.cleanupPolicy : cleanupPolicy(policy, 'cleanup.policy', new Map(), []),
  };
}

export function effectiveMinInsyncReplicas(broker: BrokerConfig, overrides: Readonly<Record<string, string>>): number {
  return validateTopicConfigs(overrides)['min.insync.replicas'] ?? broker.minInsyncReplicas;
}

export function effectiveCompressionType(broker: BrokerConfig, overrides: Readonly<Record<string, string>>): CompressionType {
  return validateTopicConfigs(overrides)['compression.type'] ?? broker.compressionType;
}

/**
 * Every topic config with where its value comes from, as DescribeConfigs v0–2 answers: the topic override
 * (TOPIC_CONFIG), else the broker's synonyms set in its file (STATIC_BROKER_CONFIG), else defaults (DEFAULT_CONFIG).
 */
export function describeTopicConfigs(broker: BrokerConfig, overrides: Readonly<Record<string, string>>): ConfigEntry[] {
  const effective = effectiveValues(broker, overrides);
  return (Object.keys(TOPIC_CONFIG_SYNONYMS) as TopicConfigName[]).map((name): ConfigEntry => {
    const synonyms: ConfigSynonym[] = [];
    const raw = overrides[name];
    if (raw !== undefined) {
      synonyms.push({ name, value: topicConfigDefinition.normalize(name, raw), source: ConfigSource.TOPIC_CONFIG });
    }
    synonyms.push(...brokerSynonymEntries(broker, brokerSynonyms(TOPIC_CONFIG_SYNONYMS[name])));
    const source = synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG;
    return {
      name,
      value: effective[name],
      readOnly: false,
      isDefault: source === ConfigSource.DEFAULT_CONFIG,
      source,
      isSensitive: false,
      synonyms,
    };
  });
}

/** The configs whose effective value differs from Kafka's built-in default (`topics --describe`'s `Configs:`). */
export function nonDefaultTopicConfigs(broker: BrokerConfig, overrides: Readonly<Record<string, string>>): ConfigEntry[] {
  return describeTopicConfigs(broker, overrides).filter((e) => e.value !== KAFKA_TOPIC_DEFAULTS[e.name as TopicConfigName]);
}

/** Each topic config's effective value, printed as Kafka prints it. */
function effectiveValues(broker: BrokerConfig, overrides: Readonly<Record<string, string>>): Record<TopicConfigName, string> {
  const log = effectiveLogConfig(broker, overrides);
  const long = (n: number) => topicConfigDefinition.format(n) ?? String(n);
  return {
    'segment.bytes': String(log.segmentBytes),
    'segment.ms': long(log.segmentMs),
    'segment.jitter.ms': long(log.segmentJitterMs ?? 0),
    'retention.ms': long(log.retentionMs),
    'retention.bytes': long(log.retentionBytes),
    'cleanup.policy': log.cleanupPolicy,
    'max.message.bytes': String(log.maxMessageBytes),
    'message.timestamp.type': log.messageTimestampType,
    'flush.messages': long(log.flushIntervalMessages),
    'flush.ms': long(log.flushIntervalMs),
    'index.interval.bytes': String(log.indexIntervalBytes),
    'min.insync.replicas': String(effectiveMinInsyncReplicas(broker, overrides)),
    'compression.type': effectiveCompressionType(broker, overrides),
  };
}
