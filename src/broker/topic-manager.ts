import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import { topicNameProblem } from '../protocol/topic-name.js';
import type { BrokerConfig } from './config/broker-config.js';
import { effectiveLogConfig, effectiveMinInsyncReplicas, validateTopicConfigs } from './config/topic-config.js';
import { ConfigError } from '../common/config/config-def.js';
import type { LogManager } from './log/log-manager.js';
import type { MetadataStore, TopicMetadata } from './metadata/metadata-store.js';
import { Partition } from './partition.js';
import type { Logger } from '../common/logger.js';

/** Names Kafka reserves for its own internal topics; clients may not create them. */
const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state']);

export interface CreateTopicRequest {
  readonly name: string;
  /** -1 takes the broker's `num.partitions`. */
  readonly numPartitions: number;
  /** -1 takes the broker's `default.replication.factor`. */
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

/**
 * Topic lifecycle on this broker: creation (explicit and automatic), partition growth and deletion, keeping the
 * metadata store, the on-disk logs and the in-memory partitions in step. The metadata store is written first on
 * create (so a crash leaves a topic whose logs are created at the next start) and last on delete.
 */
export class TopicManager {
  readonly #config: BrokerConfig;
  readonly #metadata: MetadataStore;
  readonly #logs: LogManager;
  readonly #logger: Logger;
  readonly #partitions = new Map<string, Partition[]>();

  constructor(config: BrokerConfig, metadata: MetadataStore, logs: LogManager, logger: Logger) {
    this.#config = config;
    this.#metadata = metadata;
    this.#logs = logs;
    this.#logger = logger;
  }

  /** Opens every partition the metadata store lists (the log manager has recovered them already). */
  loadAll(): void {
    for (const topic of this.#metadata.topics()) this.#openPartitions(topic, 0);
  }

  get brokerId(): number {
    return this.#config.brokerId;
  }

  topics(): readonly TopicMetadata[] {
    return this.#metadata.topics();
  }

  topic(name: string): TopicMetadata | undefined {
    return this.#metadata.topic(name);
  }

  partitions(topic: string): readonly Partition[] | undefined {
    return this.#partitions.get(topic);
  }

  partition(topic: string, index: number): Partition | undefined {
    return this.#partitions.get(topic)?.[index];
  }

  /** Validates a creation request completely before anything is written; `validateOnly` stops there. */
  createTopic(request: CreateTopicRequest, validateOnly = false): TopicMetadata {
    const problem = topicNameProblem(request.name);
    if (problem) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
    if (INTERNAL_TOPICS.has(request.name)) {
      throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, `${request.name} is reserved for internal use`);
    }
    if (this.#metadata.topic(request.name)) {
      throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${request.name}' already exists.`);
    }
    const partitions = request.numPartitions === -1 ? this.#config.numPartitions : request.numPartitions;
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new KafkaError(ErrorCode.INVALID_PARTITIONS, `Number of partitions must be larger than 0, got ${request.numPartitions}.`);
    }
    const replication = request.replicationFactor === -1 ? this.#config.defaultReplicationFactor : request.replicationFactor;
    if (!Number.isInteger(replication) || replication < 1) {
      throw new KafkaError(ErrorCode.INVALID_REPLICATION_FACTOR, `Replication factor must be larger than 0, got ${request.replicationFactor}.`);
    }
    if (replication > 1) {
      throw new KafkaError(
        ErrorCode.INVALID_REPLICATION_FACTOR,
        `Replication factor: ${replication} larger than available brokers: 1.`,
      );
    }
    try {
      validateTopicConfigs(request.configs);
    } catch (err) {
      if (err instanceof ConfigError) throw new KafkaError(ErrorCode.INVALID_CONFIG, err.message);
      throw err;
    }
    if (validateOnly) {
      return { name: request.name, topicId: '', partitionCount: partitions, replicationFactor: replication, configs: request.configs };
    }
    const topic = this.#metadata.createTopic(request.name, partitions, replication, { ...request.configs });
    this.#openPartitions(topic, 0);
    this.#logger.info(`Created topic ${topic.name} with ${partitions} partition(s) and id ${topic.topicId}`);
    return topic;
  }

  /** Kafka's auto-creation on Metadata requests, with the broker's defaults. Returns undefined when disabled. */
  autoCreate(name: string): TopicMetadata | undefined {
    if (!this.#config.autoCreateTopicsEnable) return undefined;
    return this.createTopic({ name, numPartitions: -1, replicationFactor: -1, configs: {} });
  }

  createPartitions(name: string, count: number, validateOnly: boolean): void {
    const topic = this.#metadata.topic(name);
    if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist.`);
    if (!Number.isInteger(count) || count <= topic.partitionCount) {
      throw new KafkaError(
        ErrorCode.INVALID_PARTITIONS,
        `Topic currently has ${topic.partitionCount} partitions, which is higher than the requested ${count}.`,
      );
    }
    if (validateOnly) return;
    this.#metadata.setPartitionCount(name, count);
    this.#openPartitions({ ...topic, partitionCount: count }, topic.partitionCount);
    this.#logger.info(`Increased partitions of ${name} from ${topic.partitionCount} to ${count}`);
  }

  deleteTopic(name: string): void {
    const topic = this.#metadata.topic(name);
    if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist.`);
    this.#metadata.deleteTopic(name);
    this.#partitions.delete(name);
    for (let p = 0; p < topic.partitionCount; p++) this.#logs.deleteLog(name, p);
    this.#logger.info(`Deleted topic ${name}`);
  }

  #openPartitions(topic: TopicMetadata, from: number): void {
    const logConfig = effectiveLogConfig(this.#config, topic.configs);
    const minInsyncReplicas = effectiveMinInsyncReplicas(this.#config, topic.configs);
    const list = this.#partitions.get(topic.name) ?? [];
    for (let p = from; p < topic.partitionCount; p++) {
      list[p] = new Partition(topic.name, p, this.#logs.getOrCreateLog(topic.name, p, logConfig), minInsyncReplicas);
    }
    this.#partitions.set(topic.name, list);
  }
}
