import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import { Cluster } from '../cluster.js';
import { ClientClosedError } from '../errors.js';
import { resolveConsumerConfig } from './consumer-config.js';
import type { ConsumerConfig, ConsumerOptions } from './consumer-config.js';
import { ConsumerCoordinator } from './consumer-coordinator.js';
import type { CommitCallback } from './consumer-coordinator.js';
import { ConsumerArgumentError, ConsumerStateError, WakeupError } from './consumer-errors.js';
import type { ConsumerRecord } from './consumer-record.js';
import { Fetcher } from './fetcher.js';
import type { OffsetAndMetadata } from './group-offsets.js';
import { PollNotifier } from './poll-notifier.js';
import { PositionResolver } from './position-resolver.js';
import { SubscriptionState, SubscriptionType } from './subscription-state.js';
import type { RebalanceListener } from './subscription-state.js';
import { formatTopicPartition, isValidTopicPartition } from './topic-partition.js';
import type { TopicPartition, TopicPartitionOffset } from './topic-partition.js';

/**
 * Millrace's Kafka consumer, with the semantics of Kafka's Java `KafkaConsumer` (poll-based, as sink tasks need).
 *
 * Lifecycle:
 * 1. `new Consumer(options)` — validates options (ConfigError naming each bad one); nothing is opened.
 * 2. `connect()` — reaches a bootstrap server, failing fast with the addresses tried. Optional: `poll` connects.
 * 3. `subscribe(topics | pattern, listener?)` to share partitions with a group (needs `groupId`), or
 *    `assign(partitions)` to read chosen partitions without group membership.
 * 4. `poll(timeoutMs)` in a loop — joins and rebalances the group, runs the listener's callbacks, resolves fetch
 *    positions (committed offset, else `autoOffsetReset`), auto-commits, and returns up to `maxPollRecords`
 *    records; the next fetches are already in flight when it returns. Between polls: `commitSync`/`commitAsync`
 *    (offsets are the next offset to read), `seek*`, `pause`/`resume`.
 * 5. `close()` — commits (with auto-commit), revokes through the listener, leaves the group, closes sockets.
 *
 * Not safe for concurrent use: one `poll` at a time; `wakeup()` is the call meant to interrupt it. Heartbeats run
 * on the event loop, in the background: synchronous work that holds the loop longer than `sessionTimeoutMs` gets
 * the member expelled from its group, and more than `rebalanceTimeoutMs` between polls makes it leave.
 */
export class Consumer {
  readonly config: ConsumerConfig;
  readonly #cluster: Cluster;
  readonly #subscriptions: SubscriptionState;
  readonly #notifier = new PollNotifier();
  readonly #fetcher: Fetcher;
  readonly #positions: PositionResolver;
  readonly #coordinator: ConsumerCoordinator | null;
  #connecting: Promise<void> | null = null;
  #activePoll: Promise<ConsumerRecord[]> | null = null;
  #closing: Promise<void> | null = null;

  constructor(options: ConsumerOptions) {
    const config = resolveConsumerConfig(options);
    this.config = config;
    const logger = config.logger?.child({ component: `consumer ${config.clientId}` });
    this.#cluster = new Cluster({
      bootstrapServers: config.bootstrapServers,
      clientId: config.clientId,
      requestTimeoutMs: config.requestTimeoutMs,
      metadataMaxAgeMs: config.metadataMaxAgeMs,
      retryBackoffMs: config.retryBackoffMs,
      ...(logger === undefined ? {} : { logger }),
    });
    this.#subscriptions = new SubscriptionState(config.autoOffsetReset);
    const coordinator = config.groupId === null ? null : new ConsumerCoordinator(this.#cluster, this.#subscriptions, config, this.#notifier, logger);
    this.#coordinator = coordinator;
    const committed =
      coordinator === null ? null : (tps: readonly TopicPartition[]) => coordinator.fetchCommitted(tps, Date.now() + config.defaultApiTimeoutMs);
    this.#positions = new PositionResolver(this.#cluster, this.#subscriptions, config, committed, this.#notifier, logger);
    this.#fetcher = new Fetcher(this.#cluster, this.#subscriptions, config, this.#notifier, logger);
  }

  /**
   * Connects to the cluster; `poll` does this on first use.
   * @throws ClusterUnreachableError naming every bootstrap address that failed
   */
  connect(): Promise<void> {
    this.#checkOpen();
    this.#connecting ??= this.#cluster.connect().catch((error: unknown) => {
      this.#connecting = null;
      throw error;
    });
    return this.#connecting;
  }

  /**
   * Joins the group for `topics`, or for every topic matching `pattern` (re-matched every `metadataMaxAgeMs`).
   * Calling it again replaces the subscription (the group rebalances on the next poll). The listener is called from
   * within `poll` on each rebalance. To stop consuming, call `unsubscribe()`.
   */
  subscribe(topics: readonly string[] | RegExp, listener?: RebalanceListener): void {
    this.#checkOpen();
    const coordinator = this.#requireGroup('subscribe()');
    if (topics instanceof RegExp) {
      this.#subscriptions.subscribePattern(topics, listener ?? null);
    } else {
      if (topics.length === 0) throw new ConsumerArgumentError('subscribe() needs at least one topic; unsubscribe() stops consuming');
      for (const topic of topics) {
        if (typeof topic !== 'string' || topic.trim() === '') throw new ConsumerArgumentError('topic names to subscribe to must be non-empty strings');
      }
      this.#subscriptions.subscribe(topics, listener ?? null);
    }
    coordinator.subscriptionChanged();
    this.#notifier.notify();
  }

  /** Leaves the group (revoking partitions through the listener) or drops the manual assignment. */
  async unsubscribe(): Promise<void> {
    this.#checkOpen();
    if (this.#coordinator !== null && this.#subscriptions.hasAutoAssignment) {
      await this.#coordinator.leave(Date.now() + this.config.defaultApiTimeoutMs);
    }
    this.#subscriptions.unsubscribe();
  }

  /** Reads exactly these partitions, without group membership (commits still go to `groupId` when set); [] clears. */
  assign(partitions: readonly TopicPartition[]): void {
    this.#checkOpen();
    for (const tp of partitions) this.#checkPartition(tp);
    if (this.#subscriptions.hasAutoAssignment) throw new ConsumerStateError('assign() is not allowed while subscribed; unsubscribe() first');
    if (partitions.length === 0) {
      this.#subscriptions.unsubscribe();
      return;
    }
    if (this.#coordinator !== null && this.config.enableAutoCommit && this.#subscriptions.type === SubscriptionType.USER_ASSIGNED) {
      this.#coordinator.commitAsync(this.#subscriptions.allConsumed());
    }
    this.#subscriptions.assignFromUser(partitions);
    this.#notifier.notify();
  }

  /**
   * Returns the records fetched since the last poll (at most `maxPollRecords`), waiting up to `timeoutMs` for some.
   * @throws WakeupError after `wakeup()`; ConsumerStateError without subscription or assignment;
   *   NoOffsetForPartitionError / OffsetOutOfRangeError with `autoOffsetReset: 'none'`; CommitFailedError or a
   *   listener's error from a rebalance step
   */
  async poll(timeoutMs: number): Promise<ConsumerRecord[]> {
    this.#checkOpen();
    checkTimeout(timeoutMs);
    if (this.#activePoll !== null) throw new ConsumerStateError('poll() is already running: the consumer is not safe for concurrent use');
    if (this.#subscriptions.type === SubscriptionType.NONE) {
      throw new ConsumerStateError('the consumer is not subscribed to any topics or assigned any partitions');
    }
    const poll = this.#poll(Date.now() + timeoutMs);
    this.#activePoll = poll;
    try {
      return await poll;
    } finally {
      this.#activePoll = null;
    }
  }

  /**
   * Commits `offsets` (the next offset to read per partition), by default the position of every assigned
   * partition, i.e. just past the records `poll` returned.
   * @throws CommitFailedError when the group rebalanced or this member was fenced; KafkaError on timeout
   */
  async commitSync(offsets?: readonly TopicPartitionOffset[], timeoutMs = this.config.defaultApiTimeoutMs): Promise<void> {
    this.#checkOpen();
    const coordinator = this.#requireGroup('commitSync()');
    await this.connect();
    await coordinator.commitSync(this.#offsetsToCommit(offsets), Date.now() + timeoutMs);
  }

  /** Commits in the background, in call order with other commits; the outcome goes to `callback` (or the log). */
  commitAsync(offsets?: readonly TopicPartitionOffset[], callback?: CommitCallback): void {
    this.#checkOpen();
    const coordinator = this.#requireGroup('commitAsync()');
    coordinator.commitAsync(this.#offsetsToCommit(offsets), callback);
  }

  /** The group's committed offset for each partition, in the order given; null where there is none. */
  async committed(partitions: readonly TopicPartition[], timeoutMs = this.config.defaultApiTimeoutMs): Promise<(OffsetAndMetadata | null)[]> {
    this.#checkOpen();
    const coordinator = this.#requireGroup('committed()');
    for (const tp of partitions) this.#checkPartition(tp);
    await this.connect();
    const found = await coordinator.fetchCommitted(partitions, Date.now() + timeoutMs);
    return partitions.map((tp) => found.get(tp.topic, tp.partition) ?? null);
  }

  /** Sets the next offset `poll` returns for an assigned partition. */
  seek(tp: TopicPartition, offset: number): void {
    this.#checkOpen();
    this.#checkPartition(tp);
    if (!Number.isSafeInteger(offset) || offset < 0) throw new ConsumerArgumentError(`seek offset must be a non-negative integer, got ${offset}`);
    this.#subscriptions.seek(tp, offset);
    this.#notifier.notify();
  }

  /** Moves to the log start of the partitions (all assigned ones by default), looked up on the next poll. */
  seekToBeginning(partitions?: readonly TopicPartition[]): void {
    this.#requestReset(partitions, 'earliest');
  }

  /** Moves to the log end of the partitions (all assigned ones by default), looked up on the next poll. */
  seekToEnd(partitions?: readonly TopicPartition[]): void {
    this.#requestReset(partitions, 'latest');
  }

  /**
   * The offset of the next record `poll` will return for an assigned partition, resolving it first if needed.
   * @throws KafkaError REQUEST_TIMED_OUT when it cannot be determined within `timeoutMs`
   */
  async position(tp: TopicPartition, timeoutMs = this.config.defaultApiTimeoutMs): Promise<number> {
    this.#checkOpen();
    this.#checkPartition(tp);
    if (!this.#subscriptions.isAssigned(tp.topic, tp.partition)) {
      throw new ConsumerStateError(`position() needs an assigned partition, and ${formatTopicPartition(tp)} is not`);
    }
    await this.connect();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const position = this.#subscriptions.position(tp.topic, tp.partition);
      if (position !== null) return position;
      if (Date.now() >= deadline) {
        throw new KafkaError(ErrorCode.REQUEST_TIMED_OUT, `the position of ${formatTopicPartition(tp)} could not be determined within ${timeoutMs} ms`);
      }
      await this.#positions.update(deadline);
    }
  }

  /**
   * The partitions of `topic` per the cluster's metadata (Kafka's `partitionsFor`).
   * @throws KafkaError with the topic's error code, e.g. UNKNOWN_TOPIC_OR_PARTITION
   */
  async partitionsFor(topic: string): Promise<TopicPartition[]> {
    this.#checkOpen();
    await this.connect();
    const entry = (await this.#cluster.metadata([topic])).topics.get(topic);
    if (entry === undefined || entry.errorCode !== ErrorCode.NONE) {
      const code = entry?.errorCode ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      throw new KafkaError(code, `no metadata for topic ${topic}`);
    }
    return entry.partitions.map((p) => ({ topic, partition: p.partition }));
  }

  /**
   * How far the position trails the partition's high watermark as of the last fetch (Kafka's `currentLag`);
   * null before the first fetch response or for a partition without a position.
   */
  currentLag(tp: TopicPartition): number | null {
    const position = this.#subscriptions.position(tp.topic, tp.partition);
    const highWatermark = this.#subscriptions.highWatermark(tp.topic, tp.partition);
    return position === null || highWatermark === null ? null : Math.max(0, highWatermark - position);
  }

  /** Stops returning records of these partitions until `resume`; the group keeps them assigned. */
  pause(partitions: readonly TopicPartition[]): void {
    this.#checkOpen();
    for (const tp of partitions) this.#subscriptions.pause(tp);
  }

  resume(partitions: readonly TopicPartition[]): void {
    this.#checkOpen();
    for (const tp of partitions) this.#subscriptions.resume(tp);
    this.#notifier.notify();
  }

  paused(): TopicPartition[] {
    return this.#subscriptions.pausedPartitions();
  }

  /** The partitions currently assigned, sorted. */
  assignment(): TopicPartition[] {
    return this.#subscriptions.assignedPartitions();
  }

  /** The subscribed topics (for a pattern: those it matched at the last metadata check). */
  subscription(): string[] {
    return this.#subscriptions.subscription();
  }

  /** Makes the running (or next) `poll`, `position` wait or `commitSync` in poll throw WakeupError. */
  wakeup(): void {
    this.#notifier.wakeup();
  }

  /**
   * Commits consumed positions (with auto-commit), revokes partitions through the listener, leaves the group and
   * closes every connection; a running `poll` returns what it has. Idempotent.
   */
  close(timeoutMs = this.config.defaultApiTimeoutMs): Promise<void> {
    this.#closing ??= this.#close(Date.now() + timeoutMs);
    return this.#closing;
  }

  /**
   * Polls until the consumer is closed or woken up, yielding each non-empty batch:
   * `for await (const records of consumer.batches()) { … }`. Breaking out of the loop does not close the consumer.
   */
  async *batches(pollTimeoutMs = 1000): AsyncGenerator<ConsumerRecord[], void, undefined> {
    while (this.#closing === null) {
      let records: ConsumerRecord[];
      try {
        records = await this.poll(pollTimeoutMs);
      } catch (error) {
        if (error instanceof WakeupError || (error instanceof ClientClosedError && this.#closing !== null)) return;
        throw error;
      }
      if (records.length > 0) yield records;
    }
  }

  async #poll(deadline: number): Promise<ConsumerRecord[]> {
    try {
      await this.connect();
      for (;;) {
        this.#notifier.checkWakeup();
        await this.#coordinator?.poll(deadline);
        const fetchable = this.#subscriptions.fetchablePartitions().length > 0;
        await this.#positions.update(fetchable ? Date.now() : deadline);
        const records = this.#fetcher.collect(this.config.maxPollRecords);
        // Pipelining: the partitions just drained are fetched again while the caller processes these records.
        this.#fetcher.sendFetches();
        if (records.length > 0) return records;
        const remaining = deadline - Date.now();
        if (remaining <= 0) return [];
        await this.#notifier.wait(this.#fetcher.inFlightCount > 0 ? remaining : Math.min(remaining, this.config.retryBackoffMs));
      }
    } catch (error) {
      if (this.#closing !== null) return [];
      throw error;
    }
  }

  async #close(deadline: number): Promise<void> {
    const poll = this.#activePoll;
    if (poll !== null) {
      this.#notifier.wakeup();
      await poll.catch(() => undefined);
    }
    try {
      if (this.#coordinator !== null && this.#connecting !== null) await this.#coordinator.close(deadline);
      else this.#coordinator?.membership.close();
    } finally {
      this.#fetcher.close();
      await this.#cluster.close();
    }
  }

  #offsetsToCommit(offsets: readonly TopicPartitionOffset[] | undefined): readonly TopicPartitionOffset[] {
    if (offsets === undefined) return this.#subscriptions.allConsumed();
    for (const o of offsets) {
      this.#checkPartition(o);
      if (!Number.isSafeInteger(o.offset) || o.offset < 0) throw new ConsumerArgumentError(`offsets to commit must be non-negative integers, got ${o.offset}`);
    }
    return offsets;
  }

  #requestReset(partitions: readonly TopicPartition[] | undefined, strategy: 'earliest' | 'latest'): void {
    this.#checkOpen();
    const targets = partitions === undefined || partitions.length === 0 ? this.#subscriptions.assignedPartitions() : partitions;
    for (const tp of targets) {
      this.#checkPartition(tp);
      this.#subscriptions.requestReset(tp, strategy);
    }
    this.#notifier.notify();
  }

  #requireGroup(call: string): ConsumerCoordinator {
    if (this.#coordinator === null) throw new ConsumerStateError(`${call} needs a groupId in the consumer's options`);
    return this.#coordinator;
  }

  #checkPartition(tp: TopicPartition): void {
    if (!isValidTopicPartition(tp)) throw new ConsumerArgumentError(`expected { topic: non-empty string, partition: integer >= 0 }, got ${JSON.stringify(tp)}`);
  }

  #checkOpen(): void {
    if (this.#closing !== null) throw new ClientClosedError('consumer');
  }
}

function checkTimeout(timeoutMs: number): void {
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new ConsumerArgumentError(`timeout must be a finite number >= 0, got ${timeoutMs}`);
}
