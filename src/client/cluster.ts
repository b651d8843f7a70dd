import type { Logger } from '../common/logger.js';
import { ApiKey } from '../protocol/apis.js';
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import { CoordinatorKeyType } from '../protocol/messages/find-coordinator.js';
import type { FindCoordinatorResponse } from '../protocol/messages/find-coordinator.js';
import type { MetadataResponse } from '../protocol/messages/metadata.js';
import { formatAddress, parseBootstrapServers } from './broker-address.js';
import { EMPTY_METADATA, isTopicUsable, mergeMetadata } from './cluster-metadata.js';
import type { BrokerAddress, ClusterMetadata } from './cluster-metadata.js';
import { BrokerConnection } from './connection/broker-connection.js';
import { ClientClosedError, ConnectionError } from './errors.js';
import { withRetries } from './with-retries.js';

export interface ClusterOptions {
  /** `host:port` entries (Kafka's `bootstrap.servers`); only used to find the cluster, then metadata takes over. */
  readonly bootstrapServers: readonly string[];
  readonly clientId: string | null;
  readonly requestTimeoutMs: number;
  /** Cached metadata older than this is refreshed before use (Kafka's `metadata.max.age.ms`). */
  readonly metadataMaxAgeMs: number;
  readonly retryBackoffMs: number;
  /** @default 10000 */
  readonly connectTimeoutMs?: number;
  readonly logger?: Logger;
}

export interface MetadataOptions {
  /** Asks the broker to create missing topics (producers do; Metadata v4+, older brokers decide themselves). */
  readonly allowAutoTopicCreation?: boolean;
}

export interface CoordinatorAddress extends BrokerAddress {
  readonly nodeId: number;
}

/** The pool a connection is taken from: separate sockets keep a long-polling Fetch from delaying heartbeats. */
export type ConnectionLane = 'default' | 'fetch' | 'coordinator';

/** No bootstrap server (or known broker) could be reached; names each address tried, and why. */
export class ClusterUnreachableError extends KafkaError {
  readonly failures: readonly ConnectionError[];

  constructor(failures: readonly ConnectionError[]) {
    super(ErrorCode.NETWORK_EXCEPTION, failures.map((f) => f.message).join('; ') || 'no broker address to connect to');
    this.name = 'ClusterUnreachableError';
    this.failures = failures;
  }
}

/**
 * A client's view of one Kafka cluster: the bootstrap list, cached metadata, pooled broker connections and group
 * coordinators. Producer, consumer and admin each own one.
 *
 * Lifecycle: `connect()` (finds a reachable bootstrap server and loads broker metadata) → `metadata()`,
 * `connectionTo()`, `leaderConnection()`, `coordinatorConnection()` as needed (connections open lazily and
 * reopen after failures) → `close()`.
 */
export class Cluster {
  readonly clientId: string | null;
  readonly requestTimeoutMs: number;
  readonly retryBackoffMs: number;
  readonly metadataMaxAgeMs: number;
  readonly logger: Logger | undefined;

  readonly #bootstrap: readonly BrokerAddress[];
  readonly #connectTimeoutMs: number | undefined;
  readonly #connections = new Map<string, Promise<BrokerConnection>>();
  readonly #refreshes = new Map<string, Promise<ClusterMetadata>>();
  readonly #topicFetchedAt = new Map<string, number>();
  readonly #coordinators = new Map<string, Promise<CoordinatorAddress>>();
  readonly #closing = new AbortController();
  #metadata: ClusterMetadata = EMPTY_METADATA;
  #allTopicsFetchedAt = -Infinity;

  constructor(options: ClusterOptions) {
    this.#bootstrap = parseBootstrapServers(options.bootstrapServers);
    this.clientId = options.clientId;
    this.requestTimeoutMs = options.requestTimeoutMs;
    this.retryBackoffMs = options.retryBackoffMs;
    this.metadataMaxAgeMs = options.metadataMaxAgeMs;
    this.logger = options.logger;
    this.#connectTimeoutMs = options.connectTimeoutMs;
  }

  /** The latest metadata snapshot, without any refresh. */
  get cachedMetadata(): ClusterMetadata {
    return this.#metadata;
  }

  get isClosed(): boolean {
    return this.#closing.signal.aborted;
  }

  /** Aborts when `close()` is called; long waits (retries, back-pressure) listen to it. */
  get closeSignal(): AbortSignal {
    return this.#closing.signal;
  }

  /**
   * Connects to the first reachable bootstrap server and loads the broker list.
   * @throws ClusterUnreachableError naming every `host:port` that failed, e.g.
   *   "broker unreachable at localhost:9092 (ECONNREFUSED)"
   */
  async connect(): Promise<void> {
    this.#checkOpen();
    // One pass over the addresses, not a retry loop: an unreachable cluster is reported at once.
    await this.anyConnection();
    await this.#refresh([], {});
  }

  /**
   * Metadata covering `topics` (all topics when null/omitted), from the cache while it is younger than
   * `metadataMaxAgeMs` and every requested topic is known with a leader for each partition; refreshed otherwise.
   * Topic-level errors are data (`errorCode`), not exceptions.
   */
  async metadata(topics: readonly string[] | null = null, options: MetadataOptions = {}): Promise<ClusterMetadata> {
    this.#checkOpen();
    const now = Date.now();
    if (topics === null) {
      if (now - this.#allTopicsFetchedAt < this.metadataMaxAgeMs) return this.#metadata;
    } else if (topics.every((t) => this.#isFresh(t, now))) {
      return this.#metadata;
    }
    return this.#refresh(topics, options);
  }

  /** Fetches metadata for `topics` (all when null/omitted) now, whatever the cache holds. */
  refreshMetadata(topics: readonly string[] | null = null, options: MetadataOptions = {}): Promise<ClusterMetadata> {
    this.#checkOpen();
    return this.#refresh(topics, options);
  }

  /** A pooled connection to broker `nodeId`; refreshes metadata once if the node is not known. */
  async connectionTo(nodeId: number, lane: ConnectionLane = 'default'): Promise<BrokerConnection> {
    this.#checkOpen();
    let broker = this.#metadata.brokers.get(nodeId);
    if (broker === undefined) broker = (await this.#refresh([], {})).brokers.get(nodeId);
    if (broker === undefined) {
      throw new KafkaError(ErrorCode.BROKER_NOT_AVAILABLE, `broker ${nodeId} is not in the cluster metadata`);
    }
    return this.#connection(broker, lane);
  }

  /** The leader of `topic`/`partition` per metadata; refreshes metadata when it is unknown or leaderless. */
  async leaderFor(topic: string, partition: number): Promise<number> {
    let leader = leaderIn(this.#metadata, topic, partition);
    if (leader < 0) leader = leaderIn(await this.metadata([topic]), topic, partition);
    if (leader < 0) leader = leaderIn(await this.refreshMetadata([topic]), topic, partition);
    if (leader >= 0) return leader;
    const known = this.#metadata.topics.get(topic);
    if (known === undefined || known.errorCode !== ErrorCode.NONE) {
      throw new KafkaError(known?.errorCode || ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic ${topic}: no metadata`);
    }
    if (!known.partitions.some((p) => p.partition === partition)) {
      throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic ${topic} has no partition ${partition}`);
    }
    throw new KafkaError(ErrorCode.LEADER_NOT_AVAILABLE, `${topic}-${partition} has no leader`);
  }

  /** A connection to the leader of `topic`/`partition` (retriable KafkaError when there is none yet). */
  async leaderConnection(topic: string, partition: number, lane: ConnectionLane = 'default'): Promise<BrokerConnection> {
    return this.connectionTo(await this.leaderFor(topic, partition), lane);
  }

  /** An open connection to any broker: an existing one if there is, else known brokers, then bootstrap servers. */
  async anyConnection(): Promise<BrokerConnection> {
    this.#checkOpen();
    for (const [key, pending] of this.#connections) {
      if (!key.startsWith('default|')) continue;
      const connection = await pending.catch(() => undefined);
      if (connection !== undefined && !connection.isClosed) return connection;
    }
    const failures: ConnectionError[] = [];
    const candidates = [...this.#metadata.brokers.values(), ...this.#bootstrap];
    const tried = new Set<string>();
    for (const address of candidates) {
      const key = formatAddress(address);
      if (tried.has(key)) continue;
      tried.add(key);
      try {
        return await this.#connection(address, 'default');
      } catch (error) {
        if (!(error instanceof ConnectionError)) throw error;
        failures.push(error);
      }
    }
    throw new ClusterUnreachableError(failures);
  }

  /**
   * The group coordinator of `groupId` (FindCoordinator, cached until `invalidateCoordinator`). Retries
   * COORDINATOR_NOT_AVAILABLE and other retriable errors for up to `requestTimeoutMs`.
   */
  async coordinatorFor(groupId: string): Promise<CoordinatorAddress> {
    this.#checkOpen();
    let pending = this.#coordinators.get(groupId);
    if (pending === undefined) {
      pending = this.#withRetries(() => this.#findCoordinator(groupId));
      this.#coordinators.set(groupId, pending);
      pending.catch(() => {
        if (this.#coordinators.get(groupId) === pending) this.#coordinators.delete(groupId);
      });
    }
    return pending;
  }

  /** A connection (in its own lane) to the coordinator of `groupId`. */
  async coordinatorConnection(groupId: string): Promise<BrokerConnection> {
    const coordinator = await this.coordinatorFor(groupId);
    try {
      return await this.#connection(coordinator, 'coordinator');
    } catch (error) {
      this.invalidateCoordinator(groupId);
      throw error;
    }
  }

  /** Forgets the cached coordinator, after NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE or a lost connection. */
  invalidateCoordinator(groupId: string): void {
    this.#coordinators.delete(groupId);
  }

  /** `withRetries` with this cluster's backoff, a deadline `timeoutMs` from now, and stopped by `close()`. */
  retry<T>(fn: (attempt: number) => Promise<T>, timeoutMs = this.requestTimeoutMs): Promise<T> {
    return this.#withRetries(fn, timeoutMs);
  }

  /** Closes every connection; pending requests reject with ConnectionError and later calls with ClientClosedError. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.#closing.abort();
    const connections = await Promise.all([...this.#connections.values()].map((p) => p.catch(() => undefined)));
    this.#connections.clear();
    for (const connection of connections) connection?.close();
  }

  #isFresh(topic: string, now: number): boolean {
    const fetchedAt = Math.max(this.#topicFetchedAt.get(topic) ?? -Infinity, this.#allTopicsFetchedAt);
    return now - fetchedAt < this.metadataMaxAgeMs && isTopicUsable(this.#metadata.topics.get(topic));
  }

  /** One Metadata round trip (retrying connection failures), merged into the cache; concurrent equal asks share it. */
  #refresh(topics: readonly string[] | null, options: MetadataOptions): Promise<ClusterMetadata> {
    const auto = options.allowAutoTopicCreation === true;
    const key = `${auto ? 'auto' : 'noauto'}|${topics === null ? '*' : [...topics].sort().join(',')}`;
    const existing = this.#refreshes.get(key);
    if (existing !== undefined) return existing;
    const refresh = this.#withRetries(() => this.#fetchMetadata(topics, auto)).finally(() => {
      this.#refreshes.delete(key);
    });
    this.#refreshes.set(key, refresh);
    return refresh;
  }

  async #fetchMetadata(topics: readonly string[] | null, allowAutoTopicCreation: boolean): Promise<ClusterMetadata> {
    const connection = await this.anyConnection();
    const version = connection.versionFor(ApiKey.Metadata);
    const startedAt = Date.now();
    // v0 has no null: an empty list means all topics there.
    const requestTopics = topics === null ? (version === 0 ? [] : null) : topics.map((name) => ({ name }));
    const response = await connection.send<MetadataResponse>(
      ApiKey.Metadata,
      // Before v4 the field does not exist and the broker's auto.create.topics.enable decides alone.
      { topics: requestTopics, allowAutoTopicCreation: version < 4 ? true : allowAutoTopicCreation },
      { version },
    );
    const all = topics === null || (version === 0 && topics.length === 0);
    this.#metadata = mergeMetadata(this.#metadata, response, all);
    if (all) {
      this.#allTopicsFetchedAt = startedAt;
      this.#topicFetchedAt.clear();
    }
    for (const topic of response.topics) this.#topicFetchedAt.set(topic.name, startedAt);
    this.#dropConnectionsToDepartedBrokers();
    return this.#metadata;
  }

  /**
   * Closes pooled connections whose address no longer belongs to any broker (nor the bootstrap list); coordinator
   * connections are left to `invalidateCoordinator`.
   */
  #dropConnectionsToDepartedBrokers(): void {
    const live = new Set<string>();
    for (const broker of this.#metadata.brokers.values()) live.add(formatAddress(broker));
    for (const address of this.#bootstrap) live.add(formatAddress(address));
    for (const [key, pending] of this.#connections) {
      const address = key.slice(key.indexOf('|') + 1);
      if (live.has(address) || key.startsWith('coordinator|')) continue;
      this.#connections.delete(key);
      pending.then((c) => c.close(), () => undefined);
    }
  }

  async #findCoordinator(groupId: string): Promise<CoordinatorAddress> {
    const connection = await this.anyConnection();
    const response = await connection.send<FindCoordinatorResponse>(ApiKey.FindCoordinator, {
      key: groupId,
      keyType: CoordinatorKeyType.Group,
    });
    if (response.errorCode !== ErrorCode.NONE) {
      throw new KafkaError(response.errorCode, response.errorMessage ?? `FindCoordinator for group ${groupId} failed`);
    }
    return { nodeId: response.nodeId, host: response.host, port: response.port };
  }

  /** The pooled connection for `address` in `lane`, opening one when there is none or the last one closed. */
  async #connection(address: BrokerAddress, lane: ConnectionLane): Promise<BrokerConnection> {
    const key = `${lane}|${formatAddress(address)}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      let pending = this.#connections.get(key);
      if (pending === undefined) {
        pending = this.#open(address, key);
        this.#connections.set(key, pending);
      }
      const connection = await pending;
      if (!connection.isClosed) return connection;
      if (this.#connections.get(key) === pending) this.#connections.delete(key);
    }
    throw new ConnectionError(address.host, address.port, `connection to ${formatAddress(address)} closed as it opened`);
  }

  #open(address: BrokerAddress, key: string): Promise<BrokerConnection> {
    const opening = BrokerConnection.connect({
      host: address.host,
      port: address.port,
      clientId: this.clientId,
      requestTimeoutMs: this.requestTimeoutMs,
      ...(this.#connectTimeoutMs === undefined ? {} : { connectTimeoutMs: this.#connectTimeoutMs }),
      ...(this.logger === undefined ? {} : { logger: this.logger }),
    });
    opening.then(
      (connection) => {
        if (this.isClosed) connection.close();
        void connection.closed.then(() => {
          if (this.#connections.get(key) === opening) this.#connections.delete(key);
        });
      },
      () => {
        if (this.#connections.get(key) === opening) this.#connections.delete(key);
      },
    );
    return opening;
  }

  #withRetries<T>(fn: (attempt: number) => Promise<T>, timeoutMs = this.requestTimeoutMs): Promise<T> {
    return withRetries(fn, {
      deadlineMs: Date.now() + timeoutMs,
      backoffMs: this.retryBackoffMs,
      signal: this.#closing.signal,
      onRetry: (error, attempt) => this.logger?.debug({ attempt, code: error.code }, `retrying: ${error.message}`),
    });
  }

  #checkOpen(): void {
    if (this.isClosed) throw new ClientClosedError('cluster client');
  }
}

function leaderIn(metadata: ClusterMetadata, topic: string, partition: number): number {
  const partitions = metadata.topics.get(topic)?.partitions;
  if (partitions === undefined) return -1;
  const entry = partitions[partition]?.partition === partition ? partitions[partition] : partitions.find((p) => p.partition === partition);
  return entry?.leader ?? -1;
}
