import type { Logger } from '../../common/logger.js';
import { ApiKey } from '../../protocol/apis.js';
import { ErrorCode, KafkaError, errorName, isRetriable } from '../../protocol/error-codes.js';
import type { FetchRequest, FetchRequestTopic, FetchResponse, FetchResponsePartition } from '../../protocol/messages/fetch.js';
import type { Cluster } from '../cluster.js';
import { isRetriableError } from '../with-retries.js';
import { CompletedFetch } from './completed-fetch.js';
import type { AbortedTransaction } from './completed-fetch.js';
import type { ConsumerConfig } from './consumer-config.js';
import { OffsetOutOfRangeError } from './consumer-errors.js';
import type { ConsumerRecord } from './consumer-record.js';
import type { PollNotifier } from './poll-notifier.js';
import type { SubscriptionState } from './subscription-state.js';
import { TopicPartitionMap } from './topic-partition.js';

type FetchConfig = Pick<
  ConsumerConfig,
  'fetchMinBytes' | 'fetchMaxWaitMs' | 'fetchMaxBytes' | 'maxPartitionFetchBytes' | 'isolationLevel' | 'requestTimeoutMs' | 'retryBackoffMs'
>;

/** Errors after which the partition's leader is to be looked up again. */
const STALE_METADATA: ReadonlySet<number> = new Set([
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
  ErrorCode.LEADER_NOT_AVAILABLE,
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.FENCED_LEADER_EPOCH,
  ErrorCode.UNKNOWN_LEADER_EPOCH,
  ErrorCode.KAFKA_STORAGE_ERROR,
  ErrorCode.REPLICA_NOT_AVAILABLE,
  ErrorCode.OFFSET_NOT_AVAILABLE,
]);

const READ_COMMITTED = 1;

/**
 * Kafka's `Fetcher`, pipelined: one Fetch is kept in flight per leader broker for the fetchable partitions that
 * have no buffered data, so `poll` usually returns records that arrived while the application processed the
 * previous ones. Responses are buffered as raw batches (`CompletedFetch`) and decoded only as `poll` drains them.
 *
 * Fetches run on the cluster's `fetch` connection lane, so a long-polling Fetch never delays a heartbeat or
 * commit, and every completion wakes a waiting `poll` through the notifier.
 */
export class Fetcher {
  readonly #cluster: Cluster;
  readonly #subscriptions: SubscriptionState;
  readonly #config: FetchConfig;
  readonly #notifier: PollNotifier;
  readonly #logger: Logger | undefined;
  readonly #completed: CompletedFetch[] = [];
  readonly #inFlight = new Set<number>();
  /** Brokers whose last fetch failed, and until when not to try them again. */
  readonly #backoffUntil = new Map<number, number>();
  #current: CompletedFetch | null = null;
  #bufferedBytes = 0;
  #pendingError: Error | null = null;
  #metadataRefresh: Promise<void> | null = null;
  #closed = false;

  constructor(cluster: Cluster, subscriptions: SubscriptionState, config: FetchConfig, notifier: PollNotifier, logger?: Logger) {
    this.#cluster = cluster;
    this.#subscriptions = subscriptions;
    this.#config = config;
    this.#notifier = notifier;
    this.#logger = logger;
  }

  get inFlightCount(): number {
    return this.#inFlight.size;
  }

  /** Sends a Fetch to every leader that has fetchable partitions without buffered data and no Fetch in flight. */
  sendFetches(): void {
    if (this.#closed || this.#bufferedBytes >= this.#config.fetchMaxBytes) return;
    const buffered = new TopicPartitionMap<true>();
    if (this.#current !== null && !this.#current.isDrained) buffered.set(this.#current.topic, this.#current.partition, true);
    for (const fetch of this.#completed) buffered.set(fetch.topic, fetch.partition, true);
    // While records are buffered, a Fetch for the other partitions must not be held by the broker: if they are all
    // caught up it would wait fetch.max.wait.ms, and the buffered partitions, once drained, could not be fetched
    // again until it returned. The application has records to process meanwhile, so nothing is lost by not waiting.
    const wait = this.#completed.length === 0 && (this.#current === null || this.#current.isDrained);

    const metadata = this.#cluster.cachedMetadata;
    const now = Date.now();
    const byNode = new Map<number, TopicPartitionMap<number>>();
    let leaderUnknown = false;
    for (const tp of this.#subscriptions.fetchablePartitions()) {
      if (buffered.has(tp.topic, tp.partition)) continue;
      const leader = metadata.topics.get(tp.topic)?.partitions.find((p) => p.partition === tp.partition)?.leader ?? -1;
      if (leader < 0) {
        leaderUnknown = true;
        continue;
      }
      if (this.#inFlight.has(leader) || (this.#backoffUntil.get(leader) ?? 0) > now) continue;
      let partitions = byNode.get(leader);
      if (partitions === undefined) {
        partitions = new TopicPartitionMap();
        byNode.set(leader, partitions);
      }
      partitions.set(tp.topic, tp.partition, this.#subscriptions.position(tp.topic, tp.partition)!);
    }
    for (const [node, partitions] of byNode) {
      this.#inFlight.add(node);
      void this.#fetchFrom(node, partitions, wait);
    }
    if (leaderUnknown) this.refreshMetadata();
  }

  /**
   * Drains up to `max` buffered records, advancing each partition's position past what it returns.
   * @throws OffsetOutOfRangeError (auto.offset.reset=none), KafkaError for a corrupt batch or a fatal fetch error
   */
  collect(max: number): ConsumerRecord[] {
    const error = this.#pendingError;
    if (error !== null) {
      this.#pendingError = null;
      throw error;
    }
    const out: ConsumerRecord[] = [];
    while (out.length < max) {
      let fetch = this.#current;
      if (fetch === null || fetch.isDrained) {
        if (fetch !== null) this.#release(fetch);
        fetch = this.#completed.shift() ?? null;
        this.#current = fetch;
        if (fetch === null) break;
      }
      const position = this.#subscriptions.position(fetch.topic, fetch.partition);
      // Revoked, paused or seeked since the fetch was sent: its data no longer follows the position.
      if (!this.#subscriptions.isFetchable(fetch.topic, fetch.partition) || position !== fetch.nextFetchOffset) {
        fetch.drain();
        continue;
      }
      fetch.fetchRecords(max - out.length, out);
      if (fetch.nextFetchOffset > position) {
        this.#subscriptions.advance(fetch.topic, fetch.partition, fetch.nextFetchOffset, fetch.lastEpoch);
      }
    }
    return out;
  }

  /** Looks up leaders of the assigned partitions again; concurrent calls share one refresh. */
  refreshMetadata(): void {
    if (this.#metadataRefresh !== null || this.#closed) return;
    const topics = [...new Set(this.#subscriptions.assignedPartitions().map((tp) => tp.topic))];
    this.#metadataRefresh = this.#cluster
      .refreshMetadata(topics)
      .then(
        () => undefined,
        (error: unknown) => this.#logger?.warn({ err: error }, 'metadata refresh for fetching failed'),
      )
      .finally(() => {
        this.#metadataRefresh = null;
        this.#notifier.notify();
      });
  }

  /** Drops everything buffered; in-flight responses are ignored when they arrive. */
  close(): void {
    this.#closed = true;
    this.#completed.length = 0;
    this.#current = null;
    this.#bufferedBytes = 0;
  }

  async #fetchFrom(node: number, partitions: TopicPartitionMap<number>, wait: boolean): Promise<void> {
    try {
      const connection = await this.#cluster.connectionTo(node, 'fetch');
      const version = connection.versionFor(ApiKey.Fetch);
      const response = await connection.send<FetchResponse>(ApiKey.Fetch, this.#request(partitions, wait), {
        version,
        timeoutMs: this.#config.requestTimeoutMs + this.#config.fetchMaxWaitMs,
      });
      if (this.#closed) return;
      this.#backoffUntil.delete(node);
      if (response.errorCode !== ErrorCode.NONE) {
        this.#logger?.warn({ node, error: errorName(response.errorCode) }, 'fetch failed');
        this.#backoffUntil.set(node, Date.now() + this.#config.retryBackoffMs);
        return;
      }
      for (const topic of response.responses) {
        for (const partition of topic.partitions) this.#handlePartition(topic.topic, partition, partitions);
      }
    } catch (error) {
      if (this.#closed) return;
      this.#backoffUntil.set(node, Date.now() + this.#config.retryBackoffMs);
      if (isRetriableError(error)) {
        this.#logger?.debug({ node, err: error }, 'fetch failed, will retry');
        this.refreshMetadata();
      } else {
        this.#pendingError = error as Error;
      }
    } finally {
      this.#inFlight.delete(node);
      this.#notifier.notify();
    }
  }

  #request(partitions: TopicPartitionMap<number>, wait: boolean): FetchRequest {
    const topics: FetchRequestTopic[] = [];
    for (const topic of partitions.topics()) {
      const entries = [...partitions.partitionsOf(topic)!].map(([partition, offset]) => ({
        partition,
        currentLeaderEpoch: -1,
        fetchOffset: BigInt(offset),
        logStartOffset: -1n,
        partitionMaxBytes: this.#config.maxPartitionFetchBytes,
      }));
      topics.push({ topic, partitions: entries });
    }
    return {
      replicaId: -1,
      maxWaitMs: wait ? this.#config.fetchMaxWaitMs : 0,
      minBytes: this.#config.fetchMinBytes,
      maxBytes: this.#config.fetchMaxBytes,
      isolationLevel: this.#config.isolationLevel === 'read_committed' ? READ_COMMITTED : 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics,
      forgottenTopicsData: [],
      rackId: '',
    };
  }

  #handlePartition(topic: string, data: FetchResponsePartition, requested: TopicPartitionMap<number>): void {
    const partition = data.partitionIndex;
    const fetchOffset = requested.get(topic, partition);
    if (fetchOffset === undefined) return;
    if (this.#subscriptions.position(topic, partition) !== fetchOffset) return;
    switch (data.errorCode) {
      case ErrorCode.NONE: {
        this.#subscriptions.updateHighWatermark(topic, partition, Number(data.highWatermark));
        const records = Array.isArray(data.records) ? Buffer.concat(data.records) : data.records;
        if (records === null || records.length === 0) return;
        const aborted = this.#config.isolationLevel === 'read_committed' ? abortedOf(data) : null;
        this.#completed.push(new CompletedFetch(topic, partition, fetchOffset, records, aborted));
        this.#bufferedBytes += records.length;
        return;
      }
      case ErrorCode.OFFSET_OUT_OF_RANGE: {
        const strategy = this.#subscriptions.defaultResetStrategy;
        if (strategy === 'none') {
          this.#pendingError = new OffsetOutOfRangeError([{ topic, partition }], [fetchOffset]);
          return;
        }
        this.#logger?.info(
          { topic, partition, offset: fetchOffset, logStartOffset: Number(data.logStartOffset), highWatermark: Number(data.highWatermark) },
          `fetch position is out of range, resetting to ${strategy}`,
        );
        this.#subscriptions.requestReset({ topic, partition }, strategy);
        return;
      }
      default:
        if (STALE_METADATA.has(data.errorCode) || isRetriable(data.errorCode)) {
          this.#logger?.debug({ topic, partition, error: errorName(data.errorCode) }, 'fetch error, refreshing metadata');
          this.refreshMetadata();
          return;
        }
        this.#pendingError = new KafkaError(data.errorCode, `fetch of ${topic}-${partition} failed: ${errorName(data.errorCode)}`);
    }
  }

  #release(fetch: CompletedFetch): void {
    this.#bufferedBytes -= fetch.sizeInBytes;
  }
}

function abortedOf(data: FetchResponsePartition): AbortedTransaction[] {
  return (data.abortedTransactions ?? []).map((t) => ({ producerId: Number(t.producerId), firstOffset: Number(t.firstOffset) }));
}
