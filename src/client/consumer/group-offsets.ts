import type { Logger } from '../../common/logger.js';
import { ApiKey } from '../../protocol/apis.js';
import { ErrorCode, KafkaError, errorName } from '../../protocol/error-codes.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../../protocol/messages/offset-commit.js';
import type { OffsetFetchResponse } from '../../protocol/messages/offset-fetch.js';
import type { Cluster } from '../cluster.js';
import { ConnectionError } from '../errors.js';
import { isRetriableError, withRetries } from '../with-retries.js';
import { CommitFailedError } from './consumer-errors.js';
import { TopicPartitionMap, groupByTopic } from './topic-partition.js';
import type { TopicPartition, TopicPartitionOffset } from './topic-partition.js';

/** A committed offset as `committed()` returns it. */
export interface OffsetAndMetadata {
  readonly offset: number;
  readonly metadata: string | null;
  readonly leaderEpoch: number | null;
}

/** Who commits: a group member's generation, or generation -1 / member "" for a consumer that only assigns. */
export interface CommitIdentity {
  readonly generationId: number;
  readonly memberId: string;
}

/** Commit errors that mean this member's view of the group is stale. */
const FENCED: ReadonlySet<number> = new Set([
  ErrorCode.REBALANCE_IN_PROGRESS,
  ErrorCode.ILLEGAL_GENERATION,
  ErrorCode.UNKNOWN_MEMBER_ID,
  ErrorCode.FENCED_INSTANCE_ID,
]);

/** Errors after which the coordinator is looked up again. */
const COORDINATOR_MOVED: ReadonlySet<number> = new Set([ErrorCode.COORDINATOR_NOT_AVAILABLE, ErrorCode.NOT_COORDINATOR]);

/**
 * OffsetCommit and OffsetFetch against a group's coordinator, with Kafka's retry rules: coordinator moves and
 * loading are retried until the deadline (finding the coordinator again when it moved); a fenced commit fails with
 * CommitFailedError at once; anything else fails with the broker's error code.
 */
export class GroupOffsets {
  readonly #cluster: Cluster;
  readonly #groupId: string;
  readonly #retryBackoffMs: number;
  readonly #logger: Logger | undefined;

  constructor(cluster: Cluster, groupId: string, retryBackoffMs: number, logger?: Logger) {
    this.#cluster = cluster;
    this.#groupId = groupId;
    this.#retryBackoffMs = retryBackoffMs;
    this.#logger = logger;
  }

  /** @throws CommitFailedError when fenced; KafkaError for other failures or at the deadline */
  async commit(offsets: readonly TopicPartitionOffset[], identity: CommitIdentity, deadline: number): Promise<void> {
    if (offsets.length === 0) return;
    const byTopic = new Map<string, TopicPartitionOffset[]>();
    for (const offset of offsets) {
      const list = byTopic.get(offset.topic) ?? [];
      list.push(offset);
      byTopic.set(offset.topic, list);
    }
    const request: OffsetCommitRequest = {
      groupId: this.#groupId,
      generationIdOrMemberEpoch: identity.generationId,
      memberId: identity.memberId,
      groupInstanceId: null,
      retentionTimeMs: -1n,
      topics: [...byTopic].map(([name, list]) => ({
        name,
        partitions: list.map((o) => ({
          partitionIndex: o.partition,
          committedOffset: BigInt(o.offset),
          committedLeaderEpoch: o.leaderEpoch ?? -1,
          commitTimestamp: -1n,
          committedMetadata: o.metadata ?? '',
        })),
      })),
    };
    await this.#withRetries(deadline, async () => {
      const connection = await this.#cluster.coordinatorConnection(this.#groupId);
      const response = await connection.send<OffsetCommitResponse>(ApiKey.OffsetCommit, request);
      for (const topic of response.topics) {
        for (const partition of topic.partitions) {
          const code = partition.errorCode;
          if (code === ErrorCode.NONE) continue;
          const where = `${topic.name}-${partition.partitionIndex}`;
          if (FENCED.has(code)) throw new CommitFailedError(code, `${errorName(code)} for ${where}`);
          throw new KafkaError(code, `offset commit for ${where} in group ${this.#groupId} failed: ${errorName(code)}`);
        }
      }
    });
    this.#logger?.debug({ group: this.#groupId, partitions: offsets.length }, 'committed offsets');
  }

  /** The committed offset of each partition, null where the group has none. */
  async fetchCommitted(partitions: readonly TopicPartition[], deadline: number): Promise<TopicPartitionMap<OffsetAndMetadata | null>> {
    const result = new TopicPartitionMap<OffsetAndMetadata | null>();
    if (partitions.length === 0) return result;
    const topics = [...groupByTopic(partitions)].map(([name, partitionIndexes]) => ({ name, partitionIndexes }));
    return this.#withRetries(deadline, async () => {
      const connection = await this.#cluster.coordinatorConnection(this.#groupId);
      const response = await connection.send<OffsetFetchResponse>(ApiKey.OffsetFetch, { groupId: this.#groupId, topics });
      if (response.errorCode !== ErrorCode.NONE) {
        throw new KafkaError(response.errorCode, `offset fetch for group ${this.#groupId} failed: ${errorName(response.errorCode)}`);
      }
      for (const topic of response.topics) {
        for (const p of topic.partitions) {
          if (p.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
            result.set(topic.name, p.partitionIndex, null);
          } else if (p.errorCode !== ErrorCode.NONE) {
            throw new KafkaError(p.errorCode, `offset fetch for ${topic.name}-${p.partitionIndex} failed: ${errorName(p.errorCode)}`);
          } else {
            const offset = Number(p.committedOffset);
            result.set(
              topic.name,
              p.partitionIndex,
              offset < 0 ? null : { offset, metadata: p.metadata, leaderEpoch: p.committedLeaderEpoch < 0 ? null : p.committedLeaderEpoch },
            );
          }
        }
      }
      return result;
    });
  }

  #withRetries<T>(deadline: number, fn: () => Promise<T>): Promise<T> {
    return withRetries(fn, {
      deadlineMs: deadline,
      backoffMs: this.#retryBackoffMs,
      signal: this.#cluster.closeSignal,
      isRetriable: (error) => !(error instanceof CommitFailedError) && isRetriableError(error),
      onRetry: (error) => {
        if (error instanceof ConnectionError || COORDINATOR_MOVED.has(error.code)) this.#cluster.invalidateCoordinator(this.#groupId);
        this.#logger?.debug({ group: this.#groupId, err: error }, 'retrying offset request');
      },
    });
  }
}
