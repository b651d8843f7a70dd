import { ConfigError, defineConfig } from '../../common/config/config-def.js';
import type { ConfigErrorEntry, ConfigInput } from '../../common/config/config-def.js';
import type { Logger } from '../../common/logger.js';
import { COMPRESSION_NAMES } from '../../protocol/compression/index.js';
import type { CompressionName } from '../../protocol/compression/index.js';
import type { Partitioner } from './partitioner.js';

/** The largest `batch.size` accepted: a batch must fit in one default-sized Produce request. */
export const MAX_BATCH_SIZE = 1024 * 1024;
const INT32_MAX = 2_147_483_647;

/**
 * Producer options, named as Kafka's producer configs in camelCase (`linger.ms` → `lingerMs`). Every option but
 * `bootstrapServers` has Kafka 3's default.
 */
export interface ProducerOptions {
  /** `host:port` list, or one comma-separated string (`bootstrap.servers`). */
  readonly bootstrapServers: readonly string[] | string;
  /** @default 'millrace-producer' */
  readonly clientId?: string;
  /** -1 (or 'all'): the full ISR; 1: the leader; 0: no acknowledgement. @default -1 */
  readonly acks?: -1 | 0 | 1 | 'all';
  /** How long a partition's batch may wait for more records before it is sent. @default 5 */
  readonly lingerMs?: number;
  /** Uncompressed bytes per partition batch, 1..1048576. @default 16384 */
  readonly batchSize?: number;
  /** @default 'none' */
  readonly compression?: CompressionName;
  /** Retries of a failed batch (bounded anyway by `deliveryTimeoutMs`). @default 2147483647 */
  readonly retries?: number;
  /** @default 100 */
  readonly retryBackoffMs?: number;
  /** @default 30000 */
  readonly requestTimeoutMs?: number;
  /** Upper bound from `send()` to success or failure, retries included; >= lingerMs + requestTimeoutMs. @default 120000 */
  readonly deliveryTimeoutMs?: number;
  /** Produce requests in flight per broker connection (<= 5 with idempotence). @default 5 */
  readonly maxInFlightRequestsPerConnection?: number;
  /** Exactly-once per partition: producer id, sequence numbers, ordering across retries (needs acks -1). @default false */
  readonly enableIdempotence?: boolean;
  /** @default 300000 */
  readonly metadataMaxAgeMs?: number;
  /** Bytes of records buffered before `send()` waits for room. @default 33554432 */
  readonly bufferMemory?: number;
  /** How long `send()` may wait for topic metadata or buffer room before it fails. @default 60000 */
  readonly maxBlockMs?: number;
  /** Largest Produce request, and so the largest record. @default 1048576 */
  readonly maxRequestSize?: number;
  /** 'default': murmur2 of the key like Kafka's Java client, sticky partitions for null keys. @default 'default' */
  readonly partitioner?: 'default' | Partitioner;
  readonly logger?: Logger;
}

/** Options after defaults and validation. */
export interface ProducerConfig {
  readonly bootstrapServers: readonly string[];
  readonly clientId: string;
  readonly acks: -1 | 0 | 1;
  readonly lingerMs: number;
  readonly batchSize: number;
  readonly compression: CompressionName;
  readonly retries: number;
  readonly retryBackoffMs: number;
  readonly requestTimeoutMs: number;
  readonly deliveryTimeoutMs: number;
  readonly maxInFlightRequestsPerConnection: number;
  readonly enableIdempotence: boolean;
  readonly metadataMaxAgeMs: number;
  readonly bufferMemory: number;
  readonly maxBlockMs: number;
  readonly maxRequestSize: number;
  readonly partitioner: 'default' | Partitioner;
  readonly logger: Logger | undefined;
}

/** Kafka's producer config keys Millrace reads, for `producer.*` properties passed through by Connect. */
export const producerConfigDefinition = defineConfig([
  { name: 'bootstrap.servers', type: 'list', importance: 'high', documentation: 'host:port pairs used to find the cluster.' },
  { name: 'client.id', type: 'string', default: 'millrace-producer', importance: 'medium', documentation: 'Sent with every request.' },
  { name: 'acks', type: 'string', default: 'all', validator: { oneOf: ['all', '-1', '0', '1'] }, importance: 'high',
    documentation: 'Acknowledgements the leader must receive before a request completes.' },
  { name: 'linger.ms', type: 'long', default: 5, validator: { range: { min: 0 } }, importance: 'medium',
    documentation: 'How long a batch waits for more records.' },
  { name: 'batch.size', type: 'int', default: 16384, validator: { range: { min: 1, max: MAX_BATCH_SIZE } },
    importance: 'medium', documentation: 'Uncompressed bytes per partition batch.' },
  { name: 'compression.type', type: 'string', default: 'none', validator: { oneOf: COMPRESSION_NAMES },
    importance: 'high', documentation: 'Codec for record batches.' },
  { name: 'retries', type: 'int', default: INT32_MAX, validator: { range: { min: 0 } }, importance: 'high',
    documentation: 'Retries of a failed batch.' },
  { name: 'retry.backoff.ms', type: 'long', default: 100, validator: { range: { min: 0 } }, importance: 'low',
    documentation: 'Pause before retrying a failed request.' },
  { name: 'request.timeout.ms', type: 'int', default: 30000, validator: { range: { min: 1 } }, importance: 'medium',
    documentation: 'How long to wait for a response.' },
  { name: 'delivery.timeout.ms', type: 'int', default: 120000, validator: { range: { min: 1 } }, importance: 'medium',
    documentation: 'Upper bound on reporting success or failure after send().' },
  { name: 'max.in.flight.requests.per.connection', type: 'int', default: 5, validator: { range: { min: 1 } },
    importance: 'low', documentation: 'Unacknowledged requests per connection.' },
  { name: 'enable.idempotence', type: 'boolean', default: false, importance: 'low',
    documentation: 'Write each record exactly once per partition, in order.' },
  { name: 'metadata.max.age.ms', type: 'long', default: 300000, validator: { range: { min: 0 } }, importance: 'low',
    documentation: 'Refresh metadata at least this often.' },
  { name: 'buffer.memory', type: 'long', default: 33554432, validator: { range: { min: 0 } }, importance: 'high',
    documentation: 'Bytes of records buffered before send() waits.' },
  { name: 'max.block.ms', type: 'long', default: 60000, validator: { range: { min: 0 } }, importance: 'medium',
    documentation: 'How long send() may wait for metadata or buffer room.' },
  { name: 'max.request.size', type: 'int', default: 1048576, validator: { range: { min: 1 } }, importance: 'medium',
    documentation: 'Largest Produce request.' },
] as const);

/**
 * Producer options from Kafka-named string properties (a Connect worker's `producer.*` keys with the prefix
 * removed). Keys the producer does not read (`key.serializer` …) are ignored, as Kafka only warns about them.
 * @throws ConfigError listing every invalid value
 */
export function producerConfigFromProperties(props: ConfigInput): ProducerOptions {
  const v = producerConfigDefinition.parse(props).values;
  return {
    bootstrapServers: v['bootstrap.servers'],
    clientId: v['client.id'],
    acks: v.acks === 'all' ? -1 : (Number(v.acks) as -1 | 0 | 1),
    lingerMs: v['linger.ms'],
    batchSize: v['batch.size'],
    compression: v['compression.type'],
    retries: v.retries,
    retryBackoffMs: v['retry.backoff.ms'],
    requestTimeoutMs: v['request.timeout.ms'],
    deliveryTimeoutMs: v['delivery.timeout.ms'],
    maxInFlightRequestsPerConnection: v['max.in.flight.requests.per.connection'],
    enableIdempotence: v['enable.idempotence'],
    metadataMaxAgeMs: v['metadata.max.age.ms'],
    bufferMemory: v['buffer.memory'],
    maxBlockMs: v['max.block.ms'],
    maxRequestSize: v['max.request.size'],
  };
}

/**
 * Applies defaults and checks every option, including Kafka's cross-checks (idempotence needs acks=all, retries
 * and at most 5 requests in flight; `delivery.timeout.ms` >= `linger.ms` + `request.timeout.ms`).
 * @throws ConfigError naming each invalid option by its Kafka key
 */
export function resolveProducerConfig(options: ProducerOptions): ProducerConfig {
  const errors: ConfigErrorEntry[] = [];
  const integer = (key: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    if (!Number.isInteger(value) || value < min || value > max) {
      errors.push({ key, message: `expected an integer in [${min}, ${max}], got ${String(value)}` });
    }
    return value;
  };
  const servers =
    typeof options.bootstrapServers === 'string' ? options.bootstrapServers.split(',') : [...options.bootstrapServers];
  const acks = options.acks === 'all' ? -1 : (options.acks ?? -1);
  if (acks !== -1 && acks !== 0 && acks !== 1) errors.push({ key: 'acks', message: `expected all, -1, 0 or 1, got ${String(acks)}` });
  const compression = options.compression ?? 'none';
  if (!COMPRESSION_NAMES.includes(compression)) {
    errors.push({ key: 'compression.type', message: `expected one of [${COMPRESSION_NAMES.join(', ')}], got ${JSON.stringify(compression)}` });
  }
  const config: ProducerConfig = {
    bootstrapServers: servers.map((s) => s.trim()).filter((s) => s !== ''),
    clientId: options.clientId ?? 'millrace-producer',
    acks,
    lingerMs: integer('linger.ms', options.lingerMs ?? 5, 0),
    batchSize: integer('batch.size', options.batchSize ?? 16384, 1, MAX_BATCH_SIZE),
    compression,
    retries: integer('retries', options.retries ?? INT32_MAX, 0),
    retryBackoffMs: integer('retry.backoff.ms', options.retryBackoffMs ?? 100, 0),
    requestTimeoutMs: integer('request.timeout.ms', options.requestTimeoutMs ?? 30_000, 1, INT32_MAX),
    deliveryTimeoutMs: integer('delivery.timeout.ms', options.deliveryTimeoutMs ?? 120_000, 1, INT32_MAX),
    maxInFlightRequestsPerConnection: integer('max.in.flight.requests.per.connection', options.maxInFlightRequestsPerConnection ?? 5, 1),
    enableIdempotence: options.enableIdempotence ?? false,
    metadataMaxAgeMs: integer('metadata.max.age.ms', options.metadataMaxAgeMs ?? 300_000, 0),
    bufferMemory: integer('buffer.memory', options.bufferMemory ?? 33_554_432, 0),
    maxBlockMs: integer('max.block.ms', options.maxBlockMs ?? 60_000, 0),
    maxRequestSize: integer('max.request.size', options.maxRequestSize ?? 1_048_576, 1),
    partitioner: options.partitioner ?? 'default',
    logger: options.logger,
  };
  if (config.bootstrapServers.length === 0) errors.push({ key: 'bootstrap.servers', message: 'expected at least one host:port' });
  if (config.deliveryTimeoutMs < config.lingerMs + config.requestTimeoutMs) {
    errors.push({
      key: 'delivery.timeout.ms',
      message: `must be at least linger.ms + request.timeout.ms (${config.lingerMs + config.requestTimeoutMs}), got ${config.deliveryTimeoutMs}`,
    });
  }
  if (config.enableIdempotence) {
    if (config.acks !== -1) errors.push({ key: 'acks', message: 'must be all (-1) when enable.idempotence is true' });
    if (config.retries === 0) errors.push({ key: 'retries', message: 'must be greater than 0 when enable.idempotence is true' });
    if (config.maxInFlightRequestsPerConnection > 5) {
      errors.push({ key: 'max.in.flight.requests.per.connection', message: 'must be at most 5 when enable.idempotence is true' });
    }
  }
  if (errors.length > 0) throw new ConfigError(errors);
  return config;
}
