import type { Logger } from '../../common/logger.js';
import { ApiKey } from '../../protocol/apis.js';
import { ErrorCode, KafkaError, errorName, isRetriable } from '../../protocol/error-codes.js';
import type { ListOffsetsRequest, ListOffsetsResponse } from '../../protocol/messages/list-offsets.js';
import type { Cluster } from '../cluster.js';
import { isRetriableError, sleep } from '../with-retries.js';
import type { ConsumerConfig } from './consumer-config.js';
import { NoOffsetForPartitionError } from './consumer-errors.js';
import type { OffsetAndMetadata } from './group-offsets.js';
import type { PollNotifier } from './poll-notifier.js';
import type { ResetStrategy, SubscriptionState } from './subscription-state.js';
import { TopicPartitionMap } from './topic-partition.js';
import type { TopicPartition } from './topic-partition.js';

/** ListOffsets' special timestamps. */
const EARLIEST_TIMESTAMP = -2n;
const LATEST_TIMESTAMP = -1n;
const READ_COMMITTED = 1;

export type CommittedLookup = (partitions: readonly TopicPartition[]) => Promise<TopicPartitionMap<OffsetAndMetadata | null>>;

/**
 * Gives every assigned partition a fetch position, as Kafka's `updateFetchPositions`: the group's committed offset
 * when there is one (OffsetFetch), otherwise `auto.offset.reset` — the log start or end from the leader
 * (ListOffsets); pending resets from `seekToBeginning`/`seekToEnd` and out-of-range fetches go the same way.
 *
 * The lookups run as one background task that `poll` waits for within its own timeout; a poll that times out
 * leaves the task running for the next poll to pick up, so short polls still make progress.
 */
export class PositionResolver {
  readonly #cluster: Cluster;
  readonly #subscriptions: SubscriptionState;
  readonly #config: Pick<ConsumerConfig, 'isolationLevel' | 'retryBackoffMs'>;
  readonly #committed: CommittedLookup | null;
  readonly #notifier: PollNotifier;
  readonly #logger: Logger | undefined;
  #task: Promise<void> | null = null;

  constructor(
    cluster: Cluster,
    subscriptions: SubscriptionState,
    config: Pick<ConsumerConfig, 'isolationLevel' | 'retryBackoffMs'>,
    committed: CommittedLookup | null,
    notifier: PollNotifier,
    logger?: Logger,
  ) {
    this.#cluster = cluster;
    this.#subscriptions = subscriptions;
    this.#config = config;
    this.#committed = committed;
    this.#notifier = notifier;
    this.#logger = logger;
  }

  /**
   * Waits until `deadline` for every assigned partition to have a position; true when they all do.
   * @throws NoOffsetForPartitionError (auto.offset.reset=none), KafkaError for a lookup that cannot succeed
   */
  async update(deadline: number): Promise<boolean> {
    if (this.#subscriptions.hasAllPositions()) return true;
    if (this.#task === null) {
      const task = this.#resolve().finally(() => {
        if (this.#task === task) this.#task = null;
      });
      task.catch(() => undefined);
      this.#task = task;
    }
    const outcome = await this.#notifier.race(this.#task, deadline);
    return outcome.settled && this.#subscriptions.hasAllPositions();
  }

  async #resolve(): Promise<void> {
    const needing = this.#subscriptions.partitionsNeedingPosition();
    if (needing.length > 0) {
      let committed: TopicPartitionMap<OffsetAndMetadata | null> | null = null;
      try {
        committed = this.#committed === null ? null : await this.#committed(needing);
      } catch (error) {
        // The coordinator stayed unreachable for the whole lookup; a later poll asks again, as Kafka's does.
        if (!isRetriableError(error)) throw error;
        this.#logger?.warn({ err: error }, 'committed offsets could not be fetched, will retry');
        return;
      }
      const missing: TopicPartition[] = [];
      for (const tp of needing) {
        // The partition may have been revoked, seeked or reset while the lookup ran.
        if (!this.#subscriptions.isAssigned(tp.topic, tp.partition)) continue;
        if (this.#subscriptions.position(tp.topic, tp.partition) !== null || this.#subscriptions.resetStrategy(tp.topic, tp.partition) !== null) continue;
        const offset = committed?.get(tp.topic, tp.partition) ?? null;
        if (offset !== null) this.#subscriptions.seek(tp, offset.offset, offset.leaderEpoch);
        else missing.push(tp);
      }
      const strategy = this.#subscriptions.defaultResetStrategy;
      if (missing.length > 0 && strategy === 'none') throw new NoOffsetForPartitionError(missing);
      for (const tp of missing) this.#subscriptions.requestReset(tp, strategy as ResetStrategy);
    }
    for (;;) {
      const resets = this.#subscriptions.partitionsNeedingReset();
      if (resets.length === 0 || this.#cluster.isClosed) return;
      const retry = await this.#listOffsets(resets);
      if (!retry) continue;
      await sleep(this.#config.retryBackoffMs, this.#cluster.closeSignal);
      await this.#cluster.refreshMetadata([...new Set(resets.map((tp) => tp.topic))]).catch((error: unknown) => {
        this.#logger?.debug({ err: error }, 'metadata refresh before retrying offset reset failed');
      });
    }
  }

  /** One ListOffsets round per leader; true when some partition must be retried. */
  async #listOffsets(partitions: readonly TopicPartition[]): Promise<boolean> {
    const byLeader = new Map<number, { tp: TopicPartition; strategy: ResetStrategy }[]>();
    let retry = false;
    for (const tp of partitions) {
      const strategy = this.#subscriptions.resetStrategy(tp.topic, tp.partition);
      if (strategy === null) continue;
      try {
        const leader = await this.#cluster.leaderFor(tp.topic, tp.partition);
        const list = byLeader.get(leader) ?? [];
        list.push({ tp, strategy });
        byLeader.set(leader, list);
      } catch (error) {
        if (!isRetriableError(error)) throw error;
        retry = true;
      }
    }
    const rounds = [...byLeader].map(async ([leader, entries]) => {
      try {
        return await this.#listOffsetsAt(leader, entries);
      } catch (error) {
        if (!isRetriableError(error)) throw error;
        this.#logger?.debug({ leader, err: error }, 'offset lookup failed, will retry');
        return true;
      }
    });
    for (const needsRetry of await Promise.all(rounds)) retry ||= needsRetry;
    this.#notifier.notify();
    return retry;
  }

  async #listOffsetsAt(leader: number, entries: readonly { tp: TopicPartition; strategy: ResetStrategy }[]): Promise<boolean> {
    const connection = await this.#cluster.connectionTo(leader);
    const version = connection.versionFor(ApiKey.ListOffsets);
    const requested = new TopicPartitionMap<ResetStrategy>();
    for (const { tp, strategy } of entries) requested.set(tp.topic, tp.partition, strategy);
    const request: ListOffsetsRequest = {
      replicaId: -1,
      // v0/v1 have no isolation level: they always answer the high watermark.
      isolationLevel: version >= 2 && this.#config.isolationLevel === 'read_committed' ? READ_COMMITTED : 0,
      topics: [...requested.topics()].map((name) => ({
        name,
        partitions: [...requested.partitionsOf(name)!].map(([partitionIndex, strategy]) => ({
          partitionIndex,
          timestamp: strategy === 'earliest' ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP,
          maxNumOffsets: 1,
        })),
      })),
    };
    const response = await connection.send<ListOffsetsResponse>(ApiKey.ListOffsets, request, { version });
    let retry = false;
    for (const topic of response.topics) {
      for (const p of topic.partitions) {
        const strategy = requested.get(topic.name, p.partitionIndex);
        if (strategy === undefined) continue;
        if (p.errorCode === ErrorCode.NONE) {
          const offset = version === 0 ? p.oldStyleOffsets[0] : p.offset;
          if (offset === undefined || offset < 0n) {
            retry = true;
            continue;
          }
          this.#logger?.debug({ topic: topic.name, partition: p.partitionIndex, offset: Number(offset) }, `reset position to ${strategy}`);
          this.#subscriptions.completeReset(topic.name, p.partitionIndex, strategy, Number(offset));
        } else if (isRetriable(p.errorCode)) {
          retry = true;
        } else {
          throw new KafkaError(p.errorCode, `offset lookup for ${topic.name}-${p.partitionIndex} failed: ${errorName(p.errorCode)}`);
        }
      }
    }
    return retry;
  }
}
