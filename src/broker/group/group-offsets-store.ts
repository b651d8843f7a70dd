import type { Logger } from '../../common/logger.js';
import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import type { CommitResultTopic, FetchedOffset, OffsetCommitParams, OffsetFetchOutcome } from './coordinator-types.js';
import { GroupState } from './group-state.js';
import { Group } from './group.js';
import type { CommittedOffset, GroupOffsets } from './group.js';
import type { OffsetWrite, OffsetsLog } from './offsets-log.js';

export interface GroupOffsetsStoreOptions {
  readonly offsetsLog: OffsetsLog;
  /** `offsets.retention.minutes`, in ms */
  readonly retentionMs: number;
  /** Kafka's `offset.metadata.max.bytes` */
  readonly maxMetadataBytes: number;
  readonly partitionExists: (topic: string, partition: number) => boolean;
  readonly logger: Logger;
}

/**
 * The storage side of committed offsets (Kafka's GroupMetadataManager): loading them into groups, storing
 * commits — appended to the offsets log before they are visible or acknowledged — answering fetches, and
 * expiring the offsets of empty groups. Who may commit is the coordinator's decision, made before `store`.
 */
export class GroupOffsetsStore {
  readonly #log: OffsetsLog;
  readonly #retentionMs: number;
  readonly #maxMetadataBytes: number;
  readonly #partitionExists: (topic: string, partition: number) => boolean;
  readonly #logger: Logger;

  constructor(options: GroupOffsetsStoreOptions) {
    this.#log = options.offsetsLog;
    this.#retentionMs = options.retentionMs;
    this.#maxMetadataBytes = options.maxMetadataBytes;
    this.#partitionExists = options.partitionExists;
    this.#logger = options.logger;
  }

  /**
   * Replays the offsets log into one Empty group per group id found. `now` becomes each group's state time,
   * the base of expiry: when the group emptied before the restart was not persisted.
   */
  load(groups: Map<string, Group>, now: number): void {
    const started = Date.now();
    let offsets = 0;
    for (const [groupId, loaded] of this.#log.load()) {
      const group = new Group(groupId, now);
      for (const [topic, partitions] of loaded) {
        for (const [partition, committed] of partitions) group.setOffset(topic, partition, committed);
        offsets += partitions.size;
      }
      groups.set(groupId, group);
    }
    this.#logger.info(`Loaded ${offsets} committed offset(s) of ${groups.size} group(s) in ${Date.now() - started} ms`);
  }

  /** Validates each partition, appends the valid ones in one batch, then applies them to the group. */
  store(group: Group, params: OffsetCommitParams, now: number): CommitResultTopic[] {
    const writes: OffsetWrite[] = [];
    const accepted: { errorCode: number }[] = [];
    const results = params.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const metadata = p.committedMetadata ?? '';
        let errorCode: number = ErrorCode.NONE;
        if (metadata.length > this.#maxMetadataBytes) errorCode = ErrorCode.OFFSET_METADATA_TOO_LARGE;
        else if (!this.#partitionExists(t.name, p.partitionIndex)) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        const result = { partitionIndex: p.partitionIndex, errorCode };
        if (errorCode !== ErrorCode.NONE) return result;
        const committed: CommittedOffset = {
          offset: p.committedOffset,
          leaderEpoch: p.committedLeaderEpoch,
          metadata,
          commitTimestamp: p.commitTimestamp >= 0 ? p.commitTimestamp : now,
          expireTimestamp: params.retentionTimeMs >= 0 ? now + params.retentionTimeMs : -1,
        };
        writes.push({ topic: t.name, partition: p.partitionIndex, committed });
        accepted.push(result);
        return result;
      }),
    }));
    try {
      this.#log.append(group.groupId, writes);
    } catch (err) {
      const code = this.#appendErrorCode(err, `committing offsets of group ${group.groupId}`);
      for (const result of accepted) result.errorCode = code;
      return results;
    }
    for (const w of writes) group.setOffset(w.topic, w.partition, w.committed!);
    return results;
  }

  /** `topics` null: every partition the group has an offset for; -1 where nothing was committed. */
  fetch(group: Group | undefined, topics: readonly { name: string; partitionIndexes: readonly number[] }[] | null): OffsetFetchOutcome['topics'] {
    if (topics === null) {
      return [...(group?.offsets ?? [])].map(([name, partitions]) => ({
        name,
        partitions: [...partitions].map(([index, committed]) => fetched(index, committed)),
      }));
    }
    return topics.map((t) => ({ name: t.name, partitions: t.partitionIndexes.map((index) => fetched(index, group?.offset(t.name, index))) }));
  }

  /**
   * Kafka's cleanupGroupMetadata: offsets of an empty group expire `offsets.retention.minutes` after the later
   * of their commit and the group becoming empty (or at their explicit expiry); an empty group left without
   * offsets is removed. Then the offsets log is compacted where it grew wasteful. Returns the offsets expired.
   */
  expire(groups: Map<string, Group>, now: number): number {
    let expiredCount = 0;
    for (const group of [...groups.values()]) {
      if (!group.is(GroupState.Empty)) continue;
      const expired: OffsetWrite[] = [];
      for (const [topic, partitions] of group.offsets) {
        for (const [partition, committed] of partitions) {
          if (this.#isExpired(committed, group.stateTimestamp, now)) expired.push({ topic, partition, committed: null });
        }
      }
      if (expired.length > 0) {
        try {
          this.#log.append(group.groupId, expired);
        } catch (err) {
          this.#appendErrorCode(err, `expiring offsets of group ${group.groupId}`);
          continue;
        }
        for (const e of expired) group.deleteOffset(e.topic, e.partition);
        expiredCount += expired.length;
      }
      if (!group.hasOffsets && group.pendingMembers.size === 0) {
        group.transitionTo(GroupState.Dead, now);
        groups.delete(group.groupId);
      }
    }
    if (expiredCount > 0) this.#logger.info(`Removed ${expiredCount} expired offset(s)`);
    const live = new Map<string, GroupOffsets>();
    for (const [groupId, group] of groups) if (group.hasOffsets) live.set(groupId, group.offsets);
    this.#log.compact(live);
    return expiredCount;
  }

  #isExpired(committed: CommittedOffset, emptySince: number, now: number): boolean {
    if (committed.expireTimestamp >= 0) return now >= committed.expireTimestamp;
    return now - Math.max(committed.commitTimestamp, emptySince) >= this.#retentionMs;
  }

  /** Kafka's mapping of a failed offsets-log append to what the committer is told. */
  #appendErrorCode(err: unknown, what: string): number {
    if (err instanceof KafkaError) {
      this.#logger.warn(`Failed ${what}: ${err.message}`);
      if (err.code === ErrorCode.MESSAGE_TOO_LARGE || err.code === ErrorCode.RECORD_LIST_TOO_LARGE) return ErrorCode.INVALID_COMMIT_OFFSET_SIZE;
      return err.code;
    }
    this.#logger.error(`Failed ${what}: ${(err as Error)?.stack ?? String(err)}`);
    return ErrorCode.UNKNOWN_SERVER_ERROR;
  }
}

function fetched(partitionIndex: number, committed: CommittedOffset | undefined): FetchedOffset {
  // The epoch is stored but answered as -1: this broker serves no OffsetForLeaderEpoch, so clients must not try
  // to validate their position against it.
  return {
    partitionIndex,
    committedOffset: committed?.offset ?? -1n,
    committedLeaderEpoch: -1,
    metadata: committed?.metadata ?? '',
    errorCode: ErrorCode.NONE,
  };
}
