import { closest, distance } from 'fastest-levenshtein';
import { ConfigError, configErrorAt, defineConfig } from '../../common/config/config-def.js';
import type { ConfigErrorEntry, ConfigInputEntry, ConfigKeySpec, ConfigOrigin, UnknownConfig } from '../../common/config/config-def.js';
import { entriesWithoutPrefixes, valuesWithPrefix } from './config-entries.js';

/**
 * The keys every connector takes whatever its class (Kafka's `ConnectorConfig`, `SinkConnectorConfig`,
 * `SourceConnectorConfig`), with Kafka's defaults. The connector's own keys (`file`, `topic` …) are checked by the
 * connector's definition; the two checks run together so one error lists every problem of the file.
 *
 * Accepted without effect: `config.action.reload`, `errors.retry.timeout`/`errors.retry.delay.max.ms` (failed
 * operations are not retried), `errors.deadletterqueue.topic.replication.factor` (one broker), `tasks.max.enforce`,
 * and the exactly-once and topic-creation keys of sources.
 */

export const ConnectorConfigKeys = {
  NAME: 'name',
  CONNECTOR_CLASS: 'connector.class',
  TASKS_MAX: 'tasks.max',
  KEY_CONVERTER: 'key.converter',
  VALUE_CONVERTER: 'value.converter',
  HEADER_CONVERTER: 'header.converter',
  TOPICS: 'topics',
  TOPICS_REGEX: 'topics.regex',
  ERRORS_TOLERANCE: 'errors.tolerance',
  ERRORS_LOG_ENABLE: 'errors.log.enable',
  ERRORS_LOG_INCLUDE_MESSAGES: 'errors.log.include.messages',
  DLQ_TOPIC: 'errors.deadletterqueue.topic.name',
  DLQ_CONTEXT_HEADERS: 'errors.deadletterqueue.context.headers.enable',
  TRANSFORMS: 'transforms',
} as const;

/** Kafka's `ToleranceType`. */
export const ToleranceType = { NONE: 'none', ALL: 'all' } as const;
export type ToleranceType = (typeof ToleranceType)[keyof typeof ToleranceType];

/** Keys under these prefixes configure something else (converters, transforms, clients) and pass through. */
export const CONNECTOR_PASSED_ON_PREFIXES = [
  'key.converter.',
  'value.converter.',
  'header.converter.',
  'transforms.',
  'predicates.',
  'producer.override.',
  'consumer.override.',
  'admin.override.',
  'topic.creation.',
] as const;

const COMMON_KEYS = [
  { name: 'name', type: 'string', importance: 'high', group: 'common', validator: { pattern: '[^\\u0000-\\u001f]+' },
    documentation: 'Unique name of the connector; a non-empty string without control characters.' },
  { name: 'connector.class', type: 'class', importance: 'high', group: 'common',
    documentation: 'The connector: an alias (FileStreamSource) or a full class name (org.apache.kafka.connect.file.FileStreamSourceConnector).' },
  { name: 'tasks.max', type: 'int', default: 1, validator: { range: { min: 1 } }, importance: 'high', group: 'common',
    documentation: 'Maximum number of tasks for this connector.' },
  { name: 'tasks.max.enforce', type: 'boolean', default: true, importance: 'low', group: 'common',
    documentation: 'Accepted for compatibility; tasks.max is always enforced.' },
  { name: 'key.converter', type: 'class', default: null, importance: 'low', group: 'converters',
    documentation: 'Overrides the worker\'s key.converter for this connector.' },
  { name: 'value.converter', type: 'class', default: null, importance: 'low', group: 'converters',
    documentation: 'Overrides the worker\'s value.converter for this connector.' },
  { name: 'header.converter', type: 'class', default: null, importance: 'low', group: 'converters',
    documentation: 'Overrides the worker\'s header.converter for this connector.' },
  { name: 'config.action.reload', type: 'string', default: 'restart', validator: { oneOf: ['none', 'restart'] },
    importance: 'low', group: 'common', documentation: 'Accepted for compatibility.' },
  { name: 'transforms', type: 'list', default: [], importance: 'low', group: 'transforms',
    documentation: 'Aliases of the transformations applied to records, in order.' },
  { name: 'predicates', type: 'list', default: [], importance: 'low', group: 'predicates',
    documentation: 'Aliases of the predicates used by transforms.' },
  { name: 'errors.retry.timeout', type: 'long', default: 0, validator: { range: { min: -1 } }, importance: 'medium',
    group: 'error handling', documentation: 'Accepted for compatibility; failed operations are not retried.' },
  { name: 'errors.retry.delay.max.ms', type: 'long', default: 60000, validator: { range: { min: 1 } }, importance: 'medium',
    group: 'error handling', documentation: 'Accepted for compatibility.' },
  { name: 'errors.tolerance', type: 'string', default: 'none', validator: { oneOf: ['none', 'all'] }, importance: 'medium',
    group: 'error handling', documentation: 'none: a bad record fails the task; all: bad records are skipped (and logged or sent to the dead letter queue).' },
  { name: 'errors.log.enable', type: 'boolean', default: false, importance: 'medium', group: 'error handling',
    documentation: 'Log each failed operation and the record it failed on.' },
  { name: 'errors.log.include.messages', type: 'boolean', default: false, importance: 'medium', group: 'error handling',
    documentation: 'Include the record (topic, partition, offset, key and value) in those log lines.' },
] as const satisfies readonly ConfigKeySpec[];

const SINK_KEYS = [
  { name: 'topics', type: 'list', default: [], importance: 'high', group: 'common',
    documentation: 'Topics to consume; exactly one of topics and topics.regex must be set.' },
  { name: 'topics.regex', type: 'string', default: '', importance: 'high', group: 'common',
    documentation: 'A regular expression of the topics to consume; exactly one of topics and topics.regex must be set.' },
  { name: 'errors.deadletterqueue.topic.name', type: 'string', default: '', importance: 'medium', group: 'error handling',
    documentation: 'Topic that records failing conversion, transformation or put (with errors.tolerance=all) are written to.' },
  { name: 'errors.deadletterqueue.topic.replication.factor', type: 'int', default: 3, importance: 'low', group: 'error handling',
    documentation: 'Accepted for compatibility (one broker).' },
  { name: 'errors.deadletterqueue.context.headers.enable', type: 'boolean', default: false, importance: 'low',
    group: 'error handling', documentation: 'Add __connect.errors.* headers describing the failure to dead letter queue records.' },
] as const satisfies readonly ConfigKeySpec[];

const SOURCE_KEYS = [
  { name: 'topic.creation.groups', type: 'list', default: [], importance: 'low', group: 'topic creation',
    documentation: 'Accepted for compatibility; topics are created by the broker on first produce.' },
  { name: 'exactly.once.support', type: 'string', default: 'requested', validator: { oneOf: ['requested', 'required'] },
    importance: 'medium', group: 'exactly once', documentation: 'Accepted for compatibility (delivery is at-least-once).' },
  { name: 'transaction.boundary', type: 'string', default: 'poll', validator: { oneOf: ['poll', 'interval', 'connector'] },
    importance: 'medium', group: 'exactly once', documentation: 'Accepted for compatibility.' },
  { name: 'transaction.boundary.interval.ms', type: 'long', default: null, importance: 'low', group: 'exactly once',
    documentation: 'Accepted for compatibility.' },
  { name: 'offsets.storage.topic', type: 'string', default: null, importance: 'low', group: 'exactly once',
    documentation: 'Accepted for compatibility (standalone keeps offsets in offset.storage.file.filename).' },
] as const satisfies readonly ConfigKeySpec[];

export const sinkConnectorConfigDefinition = defineConfig([...COMMON_KEYS, ...SINK_KEYS]);
export const sourceConnectorConfigDefinition = defineConfig([...COMMON_KEYS, ...SOURCE_KEYS]);
/** Only the keys both kinds share: enough to find the connector class before its kind is known. */
export const connectorConfigDefinition = defineConfig(COMMON_KEYS);

export type ConnectorType = 'source' | 'sink';

/** A converter named by the connector itself, overriding the worker's. */
export interface ConverterOverride {
  readonly className: string;
  readonly configs: Readonly<Record<string, string>>;
}

export interface ConnectorConfig {
  readonly name: string;
  readonly connectorClass: string;
  readonly tasksMax: number;
  readonly keyConverter: ConverterOverride | null;
  readonly valueConverter: ConverterOverride | null;
  readonly headerConverter: ConverterOverride | null;
  readonly transforms: readonly string[];
  readonly errorsTolerance: ToleranceType;
  readonly errorsLogEnable: boolean;
  readonly errorsLogIncludeMessages: boolean;
  /** Sinks only; empty for sources. */
  readonly topics: readonly string[];
  /** Sinks only; null when unset. */
  readonly topicsRegex: RegExp | null;
  /** Sinks only; null when unset. */
  readonly deadLetterQueueTopic: string | null;
  readonly deadLetterQueueContextHeaders: boolean;
  /** `producer.override.*`, `consumer.override.*` with the prefix removed. */
  readonly producerOverrides: Readonly<Record<string, string>>;
  readonly consumerOverrides: Readonly<Record<string, string>>;
}

export interface ParsedConnectorConfig {
  readonly config: ConnectorConfig;
  /** Keys neither the runtime nor `connectorKeys` know; suggestions drawn from both. */
  readonly unknown: readonly UnknownConfig[];
  readonly errors: readonly ConfigErrorEntry[];
}

/**
 * Checks the runtime's keys of one connector file. Errors are returned, not thrown, so the caller can add the
 * connector's own problems and throw them together.
 * @param connectorKeys the connector's own key names: not unknown, and candidates for suggestions
 */
export function parseConnectorConfig(
  entries: ReadonlyMap<string, ConfigInputEntry>,
  type: ConnectorType,
  connectorKeys: readonly string[],
  source?: string,
): ParsedConnectorConfig | { readonly config: null; readonly errors: readonly ConfigErrorEntry[] } {
  const definition = type === 'sink' ? sinkConnectorConfigDefinition : sourceConnectorConfigDefinition;
  const own = entriesWithoutPrefixes(entries, CONNECTOR_PASSED_ON_PREFIXES);
  let parsed;
  try {
    parsed = definition.parse(own, source === undefined ? {} : { source });
  } catch (err) {
    if (err instanceof ConfigError) return { config: null, errors: err.errors };
    throw err;
  }
  const known = new Set(connectorKeys);
  const unknown = parsed.unknown
    .filter((u) => !known.has(u.key))
    .map((u) => withSuggestion(u, definition.keys.map((k) => k.name).concat(connectorKeys)));
  const v = parsed.values as Record<string, unknown>;
  const errors: ConfigErrorEntry[] = [];
  let topicsRegex: RegExp | null = null;
  if (type === 'sink') topicsRegex = checkSinkTopics(v, parsed.originals, errors, source);
  const dlq = type === 'sink' ? (v['errors.deadletterqueue.topic.name'] as string) : '';
  const config: ConnectorConfig = {
    name: v['name'] as string,
    connectorClass: v['connector.class'] as string,
    tasksMax: v['tasks.max'] as number,
    keyConverter: converterOverride(entries, v['key.converter'] as string | null, 'key.converter.'),
    valueConverter: converterOverride(entries, v['value.converter'] as string | null, 'value.converter.'),
    headerConverter: converterOverride(entries, v['header.converter'] as string | null, 'header.converter.'),
    transforms: v['transforms'] as string[],
    errorsTolerance: v['errors.tolerance'] as ToleranceType,
    errorsLogEnable: v['errors.log.enable'] as boolean,
    errorsLogIncludeMessages: v['errors.log.include.messages'] as boolean,
    topics: type === 'sink' ? (v['topics'] as string[]) : [],
    topicsRegex,
    deadLetterQueueTopic: dlq === '' ? null : dlq,
    deadLetterQueueContextHeaders: type === 'sink' && (v['errors.deadletterqueue.context.headers.enable'] as boolean),
    producerOverrides: valuesWithPrefix(entries, 'producer.override.'),
    consumerOverrides: valuesWithPrefix(entries, 'consumer.override.'),
  };
  if (dlq !== '' && config.topics.includes(dlq)) {
    errors.push(configErrorAt('errors.deadletterqueue.topic.name', `must not be one of the consumed topics (${dlq})`, parsed.originals.get('errors.deadletterqueue.topic.name')));
  }
  return { config, unknown, errors };
}

/** Kafka's `SinkConnectorConfig.validate`: exactly one of `topics`/`topics.regex`, and a regex that compiles. */
function checkSinkTopics(
  v: Record<string, unknown>,
  originals: ReadonlyMap<string, ConfigOrigin>,
  errors: ConfigErrorEntry[],
  source: string | undefined,
): RegExp | null {
  const topics = v['topics'] as string[];
  const regex = v['topics.regex'] as string;
  if (topics.length > 0 && regex !== '') {
    errors.push(configErrorAt('topics.regex', 'only one of topics and topics.regex may be set', originals.get('topics.regex')));
    return null;
  }
  if (topics.length === 0 && regex === '') {
    errors.push({ key: 'topics', message: 'missing required configuration: set topics or topics.regex', ...(source === undefined ? {} : { source }) });
    return null;
  }
  if (topics.some((t) => t === '')) {
    errors.push(configErrorAt('topics', 'expected a comma-separated list of topic names without empty entries', originals.get('topics')));
  }
  if (regex === '') return null;
  try {
    return new RegExp(`^(?:${regex})$`);
  } catch {
    errors.push(configErrorAt('topics.regex', `expected a regular expression, got ${JSON.stringify(regex)}`, originals.get('topics.regex')));
    return null;
  }
}

function converterOverride(entries: ReadonlyMap<string, ConfigInputEntry>, className: string | null, prefix: string): ConverterOverride | null {
  return className === null ? null : { className, configs: valuesWithPrefix(entries, prefix) };
}

function withSuggestion(unknown: UnknownConfig, names: readonly string[]): UnknownConfig {
  const { suggestion: _ignored, ...rest } = unknown;
  const best = closestName(unknown.key, names);
  return best === undefined ? rest : { ...rest, suggestion: best };
}

/** The closest of `names` within max(2, length / 3) edits, as `ConfigDefinition.suggest` measures. */
function closestName(name: string, names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const best = closest(name, [...names]);
  return distance(name, best) <= Math.max(2, name.length / 3) ? best : undefined;
}
