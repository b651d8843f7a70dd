import { ApiKey } from '../../protocol/apis.js';
import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import type { DescribeGroupsResponse } from '../../protocol/messages/describe-groups.js';
import type { ListGroupsResponse } from '../../protocol/messages/list-groups.js';
import type { OffsetCommitResponse } from '../../protocol/messages/offset-commit.js';
import type { OffsetFetchResponse } from '../../protocol/messages/offset-fetch.js';
import type { Cluster } from '../cluster.js';
import { UnsupportedVersionError } from '../errors.js';
import { AdminItemError, AdminOperationError } from './admin-errors.js';
import type { GroupDescription, GroupListing, GroupOffset, GroupOffsetCommit } from './admin-types.js';
import { ROUTING_RETRIABLE, runPerItem } from './per-item-retry.js';
import type { ItemFailure } from './per-item-retry.js';

/** Errors after which the group's coordinator must be looked up again. */
const COORDINATOR_MOVED: ReadonlySet<number> = new Set([ErrorCode.NOT_COORDINATOR, ErrorCode.COORDINATOR_NOT_AVAILABLE]);

/**
 * The admin client's consumer-group operations, each sent to the group's coordinator (FindCoordinator, cached by
 * the cluster and looked up again after NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE).
 */
export class GroupOperations {
  readonly #cluster: Cluster;
  readonly #timeoutMs: number;
  readonly #backoffMs: number;

  constructor(cluster: Cluster, timeoutMs: number, backoffMs: number) {
    this.#cluster = cluster;
    this.#timeoutMs = timeoutMs;
    this.#backoffMs = backoffMs;
  }

  /** Every group of the cluster: ListGroups asks each broker for the groups it coordinates. */
  async listGroups(): Promise<GroupListing[]> {
    const metadata = await this.#cluster.refreshMetadata([]);
    const groups = new Map<string, GroupListing>();
    await Promise.all(
      [...metadata.brokers.keys()].map((nodeId) =>
        this.#cluster.retry(async () => {
          const connection = await this.#cluster.connectionTo(nodeId);
          const response = await connection.send<ListGroupsResponse>(ApiKey.ListGroups, {});
          if (response.errorCode !== ErrorCode.NONE) {
            throw new KafkaError(response.errorCode, `ListGroups on broker ${nodeId} failed`);
          }
          for (const g of response.groups) groups.set(g.groupId, { groupId: g.groupId, protocolType: g.protocolType });
        }, this.#timeoutMs),
      ),
    );
    return [...groups.values()].sort((a, b) => a.groupId.localeCompare(b.groupId));
  }

  async describeGroups(groupIds: readonly string[]): Promise<GroupDescription[]> {
    const found = new Map<string, GroupDescription>();
    await runPerItem({
      ...this.#retryOptions('describeGroups'),
      items: groupIds,
      nameOf: (g) => g,
      attempt: async (batch) => {
        const failures = new Map<string, ItemFailure>();
        await Promise.all(
          batch.map(async (groupId) => {
            const connection = await this.#cluster.coordinatorConnection(groupId);
            const response = await connection.send<DescribeGroupsResponse>(ApiKey.DescribeGroups, { groups: [groupId] });
            const group = response.groups.find((g) => g.groupId === groupId);
            if (group === undefined) {
              failures.set(groupId, { code: ErrorCode.UNKNOWN_SERVER_ERROR, message: 'missing from the DescribeGroups response' });
              return;
            }
            if (group.errorCode !== ErrorCode.NONE) {
              this.#noteCoordinatorError(groupId, group.errorCode);
              failures.set(groupId, { code: group.errorCode });
              return;
            }
            found.set(groupId, {
              groupId,
              state: group.groupState,
              protocolType: group.protocolType,
              protocol: group.protocolData,
              members: group.members.map((m) => ({
                memberId: m.memberId,
                clientId: m.clientId,
                clientHost: m.clientHost,
                metadata: m.memberMetadata,
                assignment: m.memberAssignment,
              })),
            });
          }),
        );
        return failures;
      },
    });
    return groupIds.map((g) => found.get(g)!);
  }

  async fetchOffsets(groupId: string, topics?: readonly string[]): Promise<GroupOffset[]> {
    const requestTopics =
      topics === undefined
        ? null
        : await this.#cluster.metadata(topics).then((metadata) =>
            topics.map((name) => ({
              name,
              partitionIndexes: (metadata.topics.get(name)?.partitions ?? []).map((p) => p.partition),
            })),
          );
    return this.#cluster.retry(async () => {
      const connection = await this.#cluster.coordinatorConnection(groupId);
      const version = connection.versionFor(ApiKey.OffsetFetch);
      if (requestTopics === null && version < 2) {
        throw new UnsupportedVersionError(ApiKey.OffsetFetch, `fetching all topics' offsets needs OffsetFetch v2+, broker offers v${version}`);
      }
      const response = await connection.send<OffsetFetchResponse>(ApiKey.OffsetFetch, { groupId, topics: requestTopics }, { version });
      if (response.errorCode !== ErrorCode.NONE) this.#throwGroupError(groupId, response.errorCode);
      const out: GroupOffset[] = [];
      const failures: AdminItemError[] = [];
      for (const t of response.topics) {
        for (const p of t.partitions) {
          if (p.errorCode !== ErrorCode.NONE) {
            if (ROUTING_RETRIABLE.has(p.errorCode)) this.#throwGroupError(groupId, p.errorCode);
            failures.push(new AdminItemError(`${t.name}-${p.partitionIndex}`, p.errorCode));
            continue;
          }
          out.push({ topic: t.name, partition: p.partitionIndex, offset: Number(p.committedOffset), metadata: p.metadata });
        }
      }
      if (failures.length > 0) throw new AdminOperationError('fetchGroupOffsets', failures);
      return out.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
    }, this.#timeoutMs);
  }

  async commitOffsets(groupId: string, offsets: readonly GroupOffsetCommit[]): Promise<void> {
    await runPerItem({
      ...this.#retryOptions('commitGroupOffsets'),
      items: offsets,
      nameOf: (o) => `${o.topic}-${o.partition}`,
      attempt: async (batch) => {
        const connection = await this.#cluster.coordinatorConnection(groupId);
        const topics = new Map<string, GroupOffsetCommit[]>();
        for (const o of batch) {
          const list = topics.get(o.topic);
          if (list === undefined) topics.set(o.topic, [o]);
          else list.push(o);
        }
        const response = await connection.send<OffsetCommitResponse>(ApiKey.OffsetCommit, {
          groupId,
          generationIdOrMemberEpoch: -1,
          memberId: '',
          groupInstanceId: null,
          retentionTimeMs: -1n,
          topics: [...topics].map(([name, list]) => ({
            name,
            partitions: list.map((o) => ({
              partitionIndex: o.partition,
              committedOffset: BigInt(o.offset),
              committedLeaderEpoch: -1,
              commitTimestamp: -1n,
              committedMetadata: o.metadata ?? null,
            })),
          })),
        });
        const failures = new Map<string, ItemFailure>();
        for (const t of response.topics) {
          for (const p of t.partitions) {
            if (p.errorCode === ErrorCode.NONE) continue;
            this.#noteCoordinatorError(groupId, p.errorCode);
            failures.set(`${t.name}-${p.partitionIndex}`, { code: p.errorCode });
          }
        }
        return failures;
      },
    });
  }

  #noteCoordinatorError(groupId: string, code: number): void {
    if (COORDINATOR_MOVED.has(code)) this.#cluster.invalidateCoordinator(groupId);
  }

  /** A group-level error: retriable routing errors are thrown as retriable KafkaErrors, others as final. */
  #throwGroupError(groupId: string, code: number): never {
    this.#noteCoordinatorError(groupId, code);
    if (ROUTING_RETRIABLE.has(code)) throw new KafkaError(code, `group ${groupId}: coordinator not ready`);
    throw new AdminOperationError('group operation', [new AdminItemError(groupId, code)]);
  }

  #retryOptions(operation: string) {
    return {
      operation,
      retriableCodes: ROUTING_RETRIABLE,
      deadlineMs: Date.now() + this.#timeoutMs,
      backoffMs: this.#backoffMs,
      signal: this.#cluster.closeSignal,
    };
  }
}
