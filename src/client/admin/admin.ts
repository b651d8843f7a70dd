import { ApiKey } from '../../protocol/apis.js';
import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import type { CreatePartitionsResponse } from '../../protocol/messages/create-partitions.js';
import type { CreateTopicsResponse } from '../../protocol/messages/create-topics.js';
import type { DeleteTopicsResponse } from '../../protocol/messages/delete-topics.js';
import { ConfigResourceType } from '../../protocol/messages/describe-configs.js';
import type { DescribeConfigsResponse } from '../../protocol/messages/describe-configs.js';
import type { ListOffsetsResponse } from '../../protocol/messages/list-offsets.js';
import { Cluster } from '../cluster.js';
import { isTopicUsable } from '../cluster-metadata.js';
import type { ClusterMetadata } from '../cluster-metadata.js';
import type { BrokerConnection } from '../connection/broker-connection.js';
import { sleep } from '../with-retries.js';
import { AdminItemError, AdminOperationError } from './admin-errors.js';
import { CONFIG_SOURCES } from './admin-types.js';
import type {
  AdminOptions,
  ConfigEntry,
  ConfigResource,
  GroupDescription,
  GroupListing,
  GroupOffset,
  GroupOffsetCommit,
  NewPartitions,
  NewTopic,
  OffsetSpec,
  PartitionOffset,
  TopicDescription,
} from './admin-types.js';
import { GroupOperations } from './group-operations.js';
import { ROUTING_RETRIABLE, runPerItem } from './per-item-retry.js';
import type { ItemFailure } from './per-item-retry.js';

/** ListOffsets' sentinel timestamps. */
const LATEST_TIMESTAMP = -1n;
const EARLIEST_TIMESTAMP = -2n;
/** Partition errors after which ListOffsets is retried on the (possibly new) leader. */
const OFFSETS_RETRIABLE: ReadonlySet<number> = new Set([
  ...ROUTING_RETRIABLE,
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.OFFSET_NOT_AVAILABLE,
]);

export interface TopicOperationOptions {
  /** Broker-side timeout, and this call's bound. @default defaultApiTimeoutMs */
  readonly timeoutMs?: number;
  /** Only check the request; change nothing. */
  readonly validateOnly?: boolean;
}

/**
 * Millrace's admin client (Kafka's `Admin`): topics, partitions, configs, offsets and groups over the Kafka
 * protocol, against any Kafka-compatible cluster.
 *
 * Lifecycle: `new Admin(options)` → `connect()` (fails fast naming unreachable addresses) → operations →
 * `close()`. Each operation retries routing errors (NOT_CONTROLLER, NOT_COORDINATOR, leader moves, lost
 * connections) until `defaultApiTimeoutMs`; item-level failures reject with an AdminOperationError holding one
 * AdminItemError (the broker's code and message) per failing item.
 */
export class Admin {
  readonly #cluster: Cluster;
  readonly #apiTimeoutMs: number;
  readonly #backoffMs: number;
  readonly #groups: GroupOperations;

  constructor(options: AdminOptions) {
    const servers = typeof options.bootstrapServers === 'string' ? options.bootstrapServers.split(',') : options.bootstrapServers;
    this.#apiTimeoutMs = options.defaultApiTimeoutMs ?? 60_000;
    this.#backoffMs = options.retryBackoffMs ?? 100;
    this.#cluster = new Cluster({
      bootstrapServers: servers,
      clientId: options.clientId ?? 'millrace-admin',
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      metadataMaxAgeMs: options.metadataMaxAgeMs ?? 300_000,
      retryBackoffMs: this.#backoffMs,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    this.#groups = new GroupOperations(this.#cluster, this.#apiTimeoutMs, this.#backoffMs);
  }

  get cluster(): Cluster {
    return this.#cluster;
  }

  /** @throws ClusterUnreachableError naming each bootstrap `host:port` that failed */
  connect(): Promise<void> {
    return this.#cluster.connect();
  }

  close(): Promise<void> {
    return this.#cluster.close();
  }

  /**
   * Creates topics (CreateTopics, sent to the controller), then waits until metadata shows each new topic with a
   * leader for every partition, so it can be used at once.
   */
  async createTopics(topics: readonly NewTopic[], options: TopicOperationOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? this.#apiTimeoutMs;
    const deadlineMs = Date.now() + timeoutMs;
    await runPerItem({
      ...this.#retryOptions('createTopics', deadlineMs),
      items: topics,
      nameOf: (t) => t.topic,
      attempt: async (batch) => {
        const connection = await this.#controllerConnection();
        const response = await connection.send<CreateTopicsResponse>(ApiKey.CreateTopics, {
          topics: batch.map((t) => ({
            name: t.topic,
            numPartitions: t.numPartitions ?? -1,
            replicationFactor: t.replicationFactor ?? -1,
            assignments: [],
            configs: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
          })),
          timeoutMs,
          validateOnly: options.validateOnly ?? false,
        });
        return failuresByName(response.topics.map((t) => ({ name: t.name, code: t.errorCode, message: t.errorMessage })));
      },
    });
    if (!options.validateOnly) await this.#awaitTopics(topics.map((t) => t.topic), deadlineMs, true);
  }

  /** Deletes topics (DeleteTopics, sent to the controller) and waits until metadata no longer lists them. */
  async deleteTopics(topics: readonly string[], options: Pick<TopicOperationOptions, 'timeoutMs'> = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? this.#apiTimeoutMs;
    const deadlineMs = Date.now() + timeoutMs;
    await runPerItem({
      ...this.#retryOptions('deleteTopics', deadlineMs),
      items: topics,
      nameOf: (t) => t,
      attempt: async (batch) => {
        const connection = await this.#controllerConnection();
        const response = await connection.send<DeleteTopicsResponse>(ApiKey.DeleteTopics, { topicNames: [...batch], timeoutMs });
        return failuresByName(response.responses.map((t) => ({ name: t.name, code: t.errorCode })));
      },
    });
    await this.#awaitTopics(topics, deadlineMs, false);
  }

  /** Topic names, sorted; internal topics (`__consumer_offsets` …) only when asked. */
  async listTopics(options: { includeInternal?: boolean } = {}): Promise<string[]> {
    const metadata = await this.#cluster.refreshMetadata(null);
    const names: string[] = [];
    for (const [name, topic] of metadata.topics) {
      if (topic.errorCode === ErrorCode.NONE && (options.includeInternal || !topic.isInternal)) names.push(name);
    }
    return names.sort();
  }

  /** Partitions, leaders, replicas and ISR of each topic, in the order asked. */
  async describeTopics(topics: readonly string[]): Promise<TopicDescription[]> {
    const metadata = await this.#cluster.refreshMetadata(topics);
    const failures: AdminItemError[] = [];
    const out: TopicDescription[] = [];
    for (const name of topics) {
      const topic = metadata.topics.get(name);
      if (topic === undefined || topic.errorCode !== ErrorCode.NONE) {
        failures.push(new AdminItemError(name, topic?.errorCode ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
        continue;
      }
      out.push({
        name,
        isInternal: topic.isInternal,
        partitions: topic.partitions.map((p) => ({ partition: p.partition, leader: p.leader, replicas: p.replicas, isr: p.isr })),
      });
    }
    if (failures.length > 0) throw new AdminOperationError('describeTopics', failures);
    return out;
  }

  /** Raises topics' partition counts (CreatePartitions, sent to the controller). */
  async createPartitions(requests: readonly NewPartitions[], options: TopicOperationOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? this.#apiTimeoutMs;
    const deadlineMs = Date.now() + timeoutMs;
    await runPerItem({
      ...this.#retryOptions('createPartitions', deadlineMs),
      items: requests,
      nameOf: (r) => r.topic,
      attempt: async (batch) => {
        const connection = await this.#controllerConnection();
        const response = await connection.send<CreatePartitionsResponse>(ApiKey.CreatePartitions, {
          topics: batch.map((r) => ({ name: r.topic, count: r.count, assignments: null })),
          timeoutMs,
          validateOnly: options.validateOnly ?? false,
        });
        return failuresByName(response.results.map((r) => ({ name: r.name, code: r.errorCode, message: r.errorMessage })));
      },
    });
    if (!options.validateOnly) await this.#cluster.refreshMetadata(requests.map((r) => r.topic)).catch(() => undefined);
  }

  /** A topic's or broker's configs (DescribeConfigs; broker configs are asked of that broker). */
  async describeConfigs(resource: ConfigResource, options: { keys?: readonly string[]; includeSynonyms?: boolean } = {}): Promise<ConfigEntry[]> {
    const resourceType = resource.type === 'topic' ? ConfigResourceType.Topic : ConfigResourceType.Broker;
    return this.#cluster.retry(async () => {
      const connection =
        resource.type === 'broker' ? await this.#cluster.connectionTo(Number(resource.name)) : await this.#cluster.anyConnection();
      const version = connection.versionFor(ApiKey.DescribeConfigs);
      const response = await connection.send<DescribeConfigsResponse>(
        ApiKey.DescribeConfigs,
        {
          resources: [{ resourceType, resourceName: resource.name, configurationKeys: options.keys ? [...options.keys] : null }],
          includeSynonyms: version >= 1 && (options.includeSynonyms ?? false),
        },
        { version },
      );
      const result = response.results[0];
      if (result === undefined) throw new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, 'DescribeConfigs returned no result');
      if (result.errorCode !== ErrorCode.NONE) {
        throw new AdminOperationError('describeConfigs', [
          new AdminItemError(`${resource.type} ${resource.name}`, result.errorCode, result.errorMessage),
        ]);
      }
      return result.configs.map((c) => {
        const source = version === 0 ? (c.isDefault ? 'DEFAULT_CONFIG' : 'UNKNOWN') : sourceName(c.configSource);
        return {
          name: c.name,
          value: c.value,
          source,
          isDefault: version === 0 ? c.isDefault : source === 'DEFAULT_CONFIG',
          isReadOnly: c.readOnly,
          isSensitive: c.isSensitive,
          synonyms: c.synonyms.map((s) => ({ name: s.name, value: s.value, source: sourceName(s.source) })),
        };
      });
    }, this.#apiTimeoutMs);
  }

  /** Each partition's offset for `spec` (ListOffsets, sent to each partition's leader), sorted by partition. */
  async listOffsets(topic: string, spec: OffsetSpec): Promise<PartitionOffset[]> {
    const timestamp = spec === 'earliest' ? EARLIEST_TIMESTAMP : spec === 'latest' ? LATEST_TIMESTAMP : BigInt(spec);
    const metadata = await this.#cluster.metadata([topic]);
    const entry = metadata.topics.get(topic);
    if (entry === undefined || entry.errorCode !== ErrorCode.NONE) {
      throw new AdminOperationError('listOffsets', [new AdminItemError(topic, entry?.errorCode ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)]);
    }
    const results = new Map<number, PartitionOffset>();
    await runPerItem({
      ...this.#retryOptions('listOffsets', Date.now() + this.#apiTimeoutMs),
      retriableCodes: OFFSETS_RETRIABLE,
      items: entry.partitions.map((p) => p.partition),
      nameOf: (p) => `${topic}-${p}`,
      attempt: (partitions) => this.#listOffsetsOnce(topic, partitions, timestamp, results),
    });
    return [...results.values()].sort((a, b) => a.partition - b.partition);
  }

  listGroups(): Promise<GroupListing[]> {
    return this.#groups.listGroups();
  }

  describeGroups(groupIds: readonly string[]): Promise<GroupDescription[]> {
    return this.#groups.describeGroups(groupIds);
  }

  /** A group's committed offsets (OffsetFetch), for `topics` or every topic it committed for. */
  fetchGroupOffsets(groupId: string, topics?: readonly string[]): Promise<GroupOffset[]> {
    return this.#groups.fetchOffsets(groupId, topics);
  }

  /** Commits offsets for a group with no active members (generation -1, empty member id), as kcat does. */
  commitGroupOffsets(groupId: string, offsets: readonly GroupOffsetCommit[]): Promise<void> {
    return this.#groups.commitOffsets(groupId, offsets);
  }

  async #listOffsetsOnce(
    topic: string,
    partitions: readonly number[],
    timestamp: bigint,
    results: Map<number, PartitionOffset>,
  ): Promise<ReadonlyMap<string, ItemFailure>> {
    const failures = new Map<string, ItemFailure>();
    const byLeader = new Map<number, number[]>();
    for (const partition of partitions) {
      try {
        const leader = await this.#cluster.leaderFor(topic, partition);
        const list = byLeader.get(leader);
        if (list === undefined) byLeader.set(leader, [partition]);
        else list.push(partition);
      } catch (error) {
        if (!(error instanceof KafkaError)) throw error;
        failures.set(`${topic}-${partition}`, { code: error.code, message: error.message });
      }
    }
    await Promise.all(
      [...byLeader].map(async ([leader, list]) => {
        const connection = await this.#cluster.connectionTo(leader);
        const version = connection.versionFor(ApiKey.ListOffsets);
        const response = await connection.send<ListOffsetsResponse>(
          ApiKey.ListOffsets,
          {
            replicaId: -1,
            isolationLevel: 0,
            topics: [{ name: topic, partitions: list.map((partitionIndex) => ({ partitionIndex, timestamp, maxNumOffsets: 1 })) }],
          },
          { version },
        );
        for (const t of response.topics) {
          for (const p of t.partitions) {
            if (p.errorCode !== ErrorCode.NONE) {
              failures.set(`${topic}-${p.partitionIndex}`, { code: p.errorCode });
              continue;
            }
            const offset = version === 0 ? Number(p.oldStyleOffsets[0] ?? -1n) : Number(p.offset);
            results.set(p.partitionIndex, { partition: p.partitionIndex, offset, timestamp: version === 0 ? -1 : Number(p.timestamp) });
          }
        }
      }),
    );
    if (failures.size > 0) void this.#cluster.refreshMetadata([topic]).catch(() => undefined);
    return failures;
  }

  /**
   * The controller's connection; any broker when metadata names no listed broker as controller (Metadata v0, or
   * librdkafka's mock cluster, which reports an id it does not list). A wrong guess answers NOT_CONTROLLER.
   */
  async #controllerConnection(): Promise<BrokerConnection> {
    const metadata = await this.#freshBrokers();
    return metadata.brokers.has(metadata.controllerId)
      ? this.#cluster.connectionTo(metadata.controllerId)
      : this.#cluster.anyConnection();
  }

  async #freshBrokers(): Promise<ClusterMetadata> {
    const cached = this.#cluster.cachedMetadata;
    return cached.brokers.size > 0 ? cached : this.#cluster.refreshMetadata([]);
  }

  /** Polls metadata until each topic exists with leaders (`present`) or is gone, or the deadline passes. */
  async #awaitTopics(topics: readonly string[], deadlineMs: number, present: boolean): Promise<void> {
    for (;;) {
      const metadata = await this.#cluster.refreshMetadata(topics);
      const done = topics.every((name) => {
        const topic = metadata.topics.get(name);
        return present ? isTopicUsable(topic) : topic === undefined || topic.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      });
      if (done || Date.now() >= deadlineMs) return;
      await sleep(Math.min(this.#backoffMs, deadlineMs - Date.now()), this.#cluster.closeSignal);
    }
  }

  #retryOptions(operation: string, deadlineMs: number) {
    return {
      operation,
      retriableCodes: ROUTING_RETRIABLE,
      deadlineMs,
      backoffMs: this.#backoffMs,
      signal: this.#cluster.closeSignal,
      beforeRetry: () => this.#cluster.refreshMetadata([]),
    };
  }
}

function failuresByName(items: readonly { name: string; code: number; message?: string | null }[]): Map<string, ItemFailure> {
  const out = new Map<string, ItemFailure>();
  for (const item of items) if (item.code !== ErrorCode.NONE) out.set(item.name, { code: item.code, message: item.message ?? null });
  return out;
}

function sourceName(code: number): (typeof CONFIG_SOURCES)[number] {
  return CONFIG_SOURCES[code] ?? 'UNKNOWN';
}
