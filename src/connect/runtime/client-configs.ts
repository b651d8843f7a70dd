import { ConfigError } from '../../common/config/config-def.js';
import type { ConfigErrorEntry, ConfigInputEntry } from '../../common/config/config-def.js';
import type { Logger } from '../../common/logger.js';
import { consumerConfigFromProperties, resolveConsumerConfig } from '../../client/consumer/index.js';
import type { ConsumerOptions } from '../../client/consumer/index.js';
import { producerConfigFromProperties, resolveProducerConfig } from '../../client/index.js';
import type { ProducerOptions } from '../../client/index.js';
import type { ConnectorTaskId } from './connector-status.js';
import type { ValidatedConnector } from './connector-validation.js';
import type { WorkerConfig } from './worker-config.js';

/**
 * The producer and consumer settings of Connect's tasks, layered as in Kafka's `Worker.baseProducerConfigs` /
 * `baseConsumerConfigs`: Connect's defaults, then the worker's `producer.*`/`consumer.*`, then the connector's
 * `producer.override.*`/`consumer.override.*`. The defaults keep a source's records in order across retries
 * (acks=all, one request in flight) and make a sink read from the start and commit only explicitly.
 */

const PRODUCER_DEFAULTS: Readonly<Record<string, string>> = {
  acks: 'all',
  'max.in.flight.requests.per.connection': '1',
  'delivery.timeout.ms': '2147483647',
  'max.block.ms': '9007199254740991',
};

const CONSUMER_DEFAULTS: Readonly<Record<string, string>> = {
  'enable.auto.commit': 'false',
  'auto.offset.reset': 'earliest',
};

/** `connect-<connector>`, the sink's consumer group. */
export function sinkGroupId(connector: string): string {
  return `connect-${connector}`;
}

export function sourceProducerOptions(worker: WorkerConfig, connector: ValidatedConnector | null, bootstrap: readonly string[], id: ConnectorTaskId, logger?: Logger): ProducerOptions {
  const props = {
    ...PRODUCER_DEFAULTS,
    'client.id': `connector-producer-${id.connector}-${id.task}`,
    ...worker.producerConfigs,
    ...(connector?.config.producerOverrides ?? {}),
    'bootstrap.servers': bootstrap.join(','),
  };
  return { ...producerConfigFromProperties(props), ...(logger === undefined ? {} : { logger }) };
}

/** The dead letter queue's producer: the worker's producer settings and the sink's consumer-side overrides do not apply. */
export function dlqProducerOptions(worker: WorkerConfig, bootstrap: readonly string[], id: ConnectorTaskId, logger?: Logger): ProducerOptions {
  const props = { ...PRODUCER_DEFAULTS, 'client.id': `connector-dlq-producer-${id.connector}-${id.task}`, ...worker.producerConfigs, 'bootstrap.servers': bootstrap.join(',') };
  return { ...producerConfigFromProperties(props), ...(logger === undefined ? {} : { logger }) };
}

export function sinkConsumerOptions(worker: WorkerConfig, connector: ValidatedConnector, bootstrap: readonly string[], id: ConnectorTaskId, logger?: Logger): ConsumerOptions {
  const props = {
    ...CONSUMER_DEFAULTS,
    'client.id': `connector-consumer-${id.connector}-${id.task}`,
    ...worker.consumerConfigs,
    ...connector.config.consumerOverrides,
    'group.id': sinkGroupId(id.connector),
    'bootstrap.servers': bootstrap.join(','),
  };
  return { ...consumerConfigFromProperties(props), ...(logger === undefined ? {} : { logger }) };
}

/**
 * Checks the client settings of the worker and every connector before anything starts; each problem names the
 * key as written (`producer.linger.ms`, `consumer.override.max.poll.records`) with its file and line.
 */
export function checkClientConfigs(worker: WorkerConfig, connectors: readonly ValidatedConnector[]): ConfigErrorEntry[] {
  const errors: ConfigErrorEntry[] = [];
  const placeholder = ['localhost:9092'];
  const id = { connector: 'check', task: 0 };
  collect(errors, 'producer.', worker.entries, () => resolveProducerConfig(sourceProducerOptions(worker, null, placeholder, id)));
  for (const connector of connectors) {
    if (connector.type === 'source') {
      collect(errors, 'producer.override.', connector.entries, () => resolveProducerConfig(sourceProducerOptions(worker, connector, placeholder, id)), 'producer.', worker.entries);
    } else {
      collect(errors, 'consumer.override.', connector.entries, () => resolveConsumerConfig(sinkConsumerOptions(worker, connector, placeholder, id)), 'consumer.', worker.entries);
    }
  }
  return errors;
}

/** Runs `check`; its ConfigError entries are renamed to the prefixed key and located where that key was set. */
function collect(
  errors: ConfigErrorEntry[],
  prefix: string,
  entries: ReadonlyMap<string, ConfigInputEntry>,
  check: () => unknown,
  fallbackPrefix?: string,
  fallbackEntries?: ReadonlyMap<string, ConfigInputEntry>,
): void {
  try {
    check();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const e of err.errors) {
      let key = `${prefix}${e.key}`;
      let entry = entries.get(key);
      if (entry === undefined && fallbackPrefix !== undefined && fallbackEntries !== undefined) {
        const fallbackKey = `${fallbackPrefix}${e.key}`;
        const fallback = fallbackEntries.get(fallbackKey);
        if (fallback !== undefined) {
          key = fallbackKey;
          entry = fallback;
        }
      }
      const located: ConfigErrorEntry = { key, message: e.message };
      if (entry?.source !== undefined) located.source = entry.source;
      if (entry?.line !== undefined) located.line = entry.line;
      if (!errors.some((x) => x.key === located.key && x.source === located.source && x.line === located.line)) errors.push(located);
    }
  }
}
