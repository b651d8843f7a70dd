import AjvModule from 'ajv';
import type { ErrorObject } from 'ajv';
import { ConfigError, defineConfig } from '../../common/config/config-def.js';
import type { ConfigErrorEntry, ConfigInput } from '../../common/config/config-def.js';
import type { Logger } from '../../common/logger.js';
import { ASSIGNOR_NAMES, assignorName } from './assignors/index.js';
import type { AssignorName } from './assignors/index.js';

export const AUTO_OFFSET_RESET = ['earliest', 'latest', 'none'] as const;
export type AutoOffsetReset = (typeof AUTO_OFFSET_RESET)[number];

export const ISOLATION_LEVELS = ['read_uncommitted', 'read_committed'] as const;
export type IsolationLevel = (typeof ISOLATION_LEVELS)[number];

/** The Consumer's options: Kafka's consumer configs, camel-cased. Only `bootstrapServers` is required. */
export interface ConsumerOptions {
  /** `host:port` entries used to find the cluster. @example ['127.0.0.1:9092'] */
  bootstrapServers: string | readonly string[];
  /** The consumer group; without one only `assign()` works and offsets cannot be committed. @default null */
  groupId?: string | null;
  /** Sent with every request. @default "consumer-<groupId>-<n>" */
  clientId?: string;
  /** Where to start when there is no committed offset or it is out of range. @default 'latest' */
  autoOffsetReset?: AutoOffsetReset;
  /** Commit the positions `poll` has returned every `autoCommitIntervalMs`, before a rebalance and on close. @default true */
  enableAutoCommit?: boolean;
  /**
   * Subscribed topics that do not exist are created by the broker's auto-creation, as a Java consumer's
   * `allow.auto.create.topics` does (the broker must allow it too). @default true
   */
  allowAutoCreateTopics?: boolean;
  /** @default 5000 */
  autoCommitIntervalMs?: number;
  /** The coordinator removes the member when no heartbeat arrives for this long. @default 45000 */
  sessionTimeoutMs?: number;
  /** Must be below `sessionTimeoutMs`, usually a third of it. @default 3000 */
  heartbeatIntervalMs?: number;
  /**
   * Kafka's `max.poll.interval.ms`: the longest time between two `poll` calls before the member leaves the group,
   * and how long the coordinator waits for members to rejoin during a rebalance. @default 300000
   */
  rebalanceTimeoutMs?: number;
  /** Assignors in order of preference; the group uses the first one every member supports. @default ['range', 'cooperative-sticky'] */
  partitionAssignmentStrategy?: readonly AssignorName[];
  /** @default 1 */
  fetchMinBytes?: number;
  /** @default 500 */
  fetchMaxWaitMs?: number;
  /** @default 52428800 */
  fetchMaxBytes?: number;
  /** @default 1048576 */
  maxPartitionFetchBytes?: number;
  /** The most records one `poll` returns. @default 500 */
  maxPollRecords?: number;
  /** @default 'read_uncommitted' */
  isolationLevel?: IsolationLevel;
  /** @default 30000 */
  requestTimeoutMs?: number;
  /** @default 300000 */
  metadataMaxAgeMs?: number;
  /** @default 100 */
  retryBackoffMs?: number;
  /** How long `commitSync`, `committed`, `position` and `close` may block when not given a timeout. @default 60000 */
  defaultApiTimeoutMs?: number;
  logger?: Logger;
}

export interface ConsumerConfig {
  readonly bootstrapServers: readonly string[];
  readonly groupId: string | null;
  readonly clientId: string;
  readonly autoOffsetReset: AutoOffsetReset;
  readonly enableAutoCommit: boolean;
  readonly allowAutoCreateTopics: boolean;
  readonly autoCommitIntervalMs: number;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly partitionAssignmentStrategy: readonly AssignorName[];
  readonly fetchMinBytes: number;
  readonly fetchMaxWaitMs: number;
  readonly fetchMaxBytes: number;
  readonly maxPartitionFetchBytes: number;
  readonly maxPollRecords: number;
  readonly isolationLevel: IsolationLevel;
  readonly requestTimeoutMs: number;
  readonly metadataMaxAgeMs: number;
  readonly retryBackoffMs: number;
  readonly defaultApiTimeoutMs: number;
  readonly logger: Logger | undefined;
}

type NumericOption = {
  [K in keyof ConsumerConfig]: ConsumerConfig[K] extends number ? K : never;
}[keyof ConsumerConfig];

/** Every numeric option, its Kafka name, default and lower bound. */
const NUMERIC: Readonly<Record<NumericOption, { property: string; default: number; min: number }>> = {
  autoCommitIntervalMs: { property: 'auto.commit.interval.ms', default: 5000, min: 0 },
  sessionTimeoutMs: { property: 'session.timeout.ms', default: 45000, min: 1 },
  heartbeatIntervalMs: { property: 'heartbeat.interval.ms', default: 3000, min: 1 },
  rebalanceTimeoutMs: { property: 'max.poll.interval.ms', default: 300000, min: 1 },
  fetchMinBytes: { property: 'fetch.min.bytes', default: 1, min: 0 },
  fetchMaxWaitMs: { property: 'fetch.max.wait.ms', default: 500, min: 0 },
  fetchMaxBytes: { property: 'fetch.max.bytes', default: 52428800, min: 0 },
  maxPartitionFetchBytes: { property: 'max.partition.fetch.bytes', default: 1048576, min: 0 },
  maxPollRecords: { property: 'max.poll.records', default: 500, min: 1 },
  requestTimeoutMs: { property: 'request.timeout.ms', default: 30000, min: 0 },
  metadataMaxAgeMs: { property: 'metadata.max.age.ms', default: 300000, min: 0 },
  retryBackoffMs: { property: 'retry.backoff.ms', default: 100, min: 0 },
  defaultApiTimeoutMs: { property: 'default.api.timeout.ms', default: 60000, min: 0 },
};

const DEFAULT_STRATEGY: readonly AssignorName[] = ['range', 'cooperative-sticky'];

const Ajv = AjvModule.default;
const validateOptions = new Ajv({ allErrors: true, strict: true }).compile({
  type: 'object',
  required: ['bootstrapServers'],
  additionalProperties: false,
  properties: {
    bootstrapServers: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      ],
    },
    groupId: { type: ['string', 'null'] },
    clientId: { type: 'string' },
    autoOffsetReset: { enum: [...AUTO_OFFSET_RESET] },
    enableAutoCommit: { type: 'boolean' },
    allowAutoCreateTopics: { type: 'boolean' },
    partitionAssignmentStrategy: { type: 'array', minItems: 1, items: { enum: [...ASSIGNOR_NAMES] } },
    isolationLevel: { enum: [...ISOLATION_LEVELS] },
    logger: { type: 'object' },
    ...Object.fromEntries(
      Object.entries(NUMERIC).map(([name, spec]) => [name, { type: 'integer', minimum: spec.min, maximum: 2 ** 31 - 1 }]),
    ),
  },
});

let clientSequence = 0;

/**
 * Applies defaults and checks every option at once.
 * @throws ConfigError listing each invalid option by name (with its Kafka config name)
 */
export function resolveConsumerConfig(options: ConsumerOptions): ConsumerConfig {
  if (!validateOptions(options)) throw new ConfigError(optionErrors(validateOptions.errors ?? []));
  const numbers = Object.fromEntries(
    Object.entries(NUMERIC).map(([name, spec]) => [name, (options as unknown as Record<string, number | undefined>)[name] ?? spec.default]),
  ) as Record<NumericOption, number>;
  if (numbers.heartbeatIntervalMs >= numbers.sessionTimeoutMs) {
    throw new ConfigError([
      {
        key: 'heartbeatIntervalMs',
        message: `heartbeat.interval.ms (${numbers.heartbeatIntervalMs}) must be lower than session.timeout.ms (${numbers.sessionTimeoutMs})`,
      },
    ]);
  }
  const groupId = options.groupId ?? null;
  const servers = typeof options.bootstrapServers === 'string' ? options.bootstrapServers.split(',') : options.bootstrapServers;
  return {
    ...numbers,
    bootstrapServers: servers.map((s) => s.trim()).filter((s) => s !== ''),
    groupId,
    clientId: options.clientId ?? (groupId === null ? `consumer-${++clientSequence}` : `consumer-${groupId}-${++clientSequence}`),
    autoOffsetReset: options.autoOffsetReset ?? 'latest',
    enableAutoCommit: options.enableAutoCommit ?? true,
    allowAutoCreateTopics: options.allowAutoCreateTopics ?? true,
    partitionAssignmentStrategy: options.partitionAssignmentStrategy ?? DEFAULT_STRATEGY,
    isolationLevel: options.isolationLevel ?? 'read_uncommitted',
    logger: options.logger,
  };
}

function optionErrors(errors: readonly ErrorObject[]): ConfigErrorEntry[] {
  const byKey = new Map<string, string>();
  for (const error of errors) {
    const key =
      error.keyword === 'required'
        ? String(error.params['missingProperty'])
        : error.keyword === 'additionalProperties'
          ? String(error.params['additionalProperty'])
          : (error.instancePath.split('/')[1] ?? '');
    if (byKey.has(key) || key === '') continue;
    const property = NUMERIC[key as NumericOption]?.property;
    const detail =
      error.keyword === 'required'
        ? 'is required'
        : error.keyword === 'additionalProperties'
          ? 'is not a consumer option'
          : (error.message ?? 'is invalid');
    byKey.set(key, property === undefined ? detail : `${detail} (${property})`);
  }
  return [...byKey].map(([key, message]) => ({ key, message }));
}

/** Kafka's consumer config names, for `consumerConfigFromProperties`. */
export const consumerConfigDefinition = defineConfig([
  { name: 'bootstrap.servers', type: 'list', importance: 'high', documentation: 'host:port pairs used to find the cluster.' },
  { name: 'group.id', type: 'string', default: null, importance: 'high', documentation: 'The consumer group this consumer belongs to.' },
  { name: 'client.id', type: 'string', default: null, importance: 'low', documentation: 'Sent with every request.' },
  { name: 'auto.offset.reset', type: 'string', default: 'latest', validator: { oneOf: AUTO_OFFSET_RESET }, importance: 'medium',
    documentation: 'Where to start without a committed offset: earliest, latest or none (fail).' },
  { name: 'enable.auto.commit', type: 'boolean', default: true, importance: 'medium', documentation: 'Commit consumed positions periodically.' },
  { name: 'allow.auto.create.topics', type: 'boolean', default: true, importance: 'medium',
    documentation: 'Have the broker auto-create subscribed topics that do not exist yet.' },
  { name: 'partition.assignment.strategy', type: 'list', default: 'range,cooperative-sticky', importance: 'medium',
    documentation: 'Assignor names (range, roundrobin, cooperative-sticky) or their Kafka class names.' },
  { name: 'isolation.level', type: 'string', default: 'read_uncommitted', validator: { oneOf: ISOLATION_LEVELS },
    importance: 'medium', documentation: 'read_committed hides records of aborted transactions.' },
  ...Object.values(NUMERIC).map((spec) => ({
    name: spec.property,
    type: 'int' as const,
    default: spec.default,
    validator: { range: { min: spec.min } },
    importance: 'medium' as const,
    documentation: `Kafka's ${spec.property}.`,
  })),
]);

/**
 * Consumer options from Kafka-named properties (`group.id`, `auto.offset.reset`, `enable.auto.commit`, …), as a
 * Connect worker passes its `consumer.` overrides. Keys this consumer does not know are ignored, as Kafka does.
 * @throws ConfigError listing every invalid or missing key, located in `source` when given
 */
export function consumerConfigFromProperties(props: ConfigInput, source?: string): ConsumerOptions {
  const { values } = consumerConfigDefinition.parse(props, source === undefined ? {} : { source });
  const get = <T>(name: string): T => (values as Record<string, unknown>)[name] as T;
  const strategies = get<string[]>('partition.assignment.strategy').map((s) => {
    const name = assignorName(s);
    if (name === undefined) {
      throw new ConfigError([
        { key: 'partition.assignment.strategy', message: `unknown assignor "${s}", expected one of [${ASSIGNOR_NAMES.join(', ')}]` },
      ]);
    }
    return name;
  });
  const options: ConsumerOptions = {
    bootstrapServers: get<string[]>('bootstrap.servers'),
    groupId: get<string | null>('group.id'),
    autoOffsetReset: get<AutoOffsetReset>('auto.offset.reset'),
    enableAutoCommit: get<boolean>('enable.auto.commit'),
    allowAutoCreateTopics: get<boolean>('allow.auto.create.topics'),
    partitionAssignmentStrategy: strategies,
    isolationLevel: get<IsolationLevel>('isolation.level'),
  };
  const clientId = get<string | null>('client.id');
  if (clientId !== null) options.clientId = clientId;
  for (const [name, spec] of Object.entries(NUMERIC)) (options as unknown as Record<string, number>)[name] = get<number>(spec.property);
  return options;
}
