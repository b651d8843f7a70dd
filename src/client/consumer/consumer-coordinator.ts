import type { Logger } from '../../common/logger.js';
import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import type { JoinGroupRequestProtocol, JoinGroupResponseMember } from '../../protocol/messages/join-group.js';
import type { SyncGroupRequestAssignment } from '../../protocol/messages/sync-group.js';
import type { Cluster } from '../cluster.js';
import { createAssignor } from './assignors/index.js';
import { RebalanceProtocol } from './assignors/partition-assignor.js';
import type { MemberSubscription, PartitionAssignor, RebalanceProtocolName } from './assignors/partition-assignor.js';
import type { ConsumerConfig } from './consumer-config.js';
import { CommitFailedError, ConsumerStateError } from './consumer-errors.js';
import { CONSUMER_PROTOCOL_TYPE, decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from './consumer-protocol.js';
import { GroupMembership } from './group-membership.js';
import type { Generation, GroupProtocol } from './group-membership.js';
import { GroupOffsets } from './group-offsets.js';
import type { CommitIdentity, OffsetAndMetadata } from './group-offsets.js';
import type { PollNotifier } from './poll-notifier.js';
import { SubscriptionType } from './subscription-state.js';
import type { RebalanceListener, SubscriptionState } from './subscription-state.js';
import { subtractPartitions } from './topic-partition.js';
import type { TopicPartition, TopicPartitionMap, TopicPartitionOffset } from './topic-partition.js';

export type CommitCallback = (error: Error | null, offsets: readonly TopicPartitionOffset[]) => void;

/**
 * Kafka's `ConsumerCoordinator`: the `consumer` protocol on top of group membership — subscriptions and
 * assignors in JoinGroup, assignment on the leader, rebalance listener calls, offset commits and auto-commit.
 *
 * Rebalances are EAGER (revoke everything before rejoining) unless every configured assignor supports
 * COOPERATIVE, as in Kafka — so the default `['range', 'cooperative-sticky']` rebalances eagerly until `range` is
 * dropped. Cooperatively, a member keeps fetching its partitions during the rebalance and revokes only those that
 * move, then rejoins at once so they are handed over in a second rebalance.
 */
export class ConsumerCoordinator implements GroupProtocol {
  readonly protocolType = CONSUMER_PROTOCOL_TYPE;
  readonly membership: GroupMembership;
  readonly #cluster: Cluster;
  readonly #subscriptions: SubscriptionState;
  readonly #config: ConsumerConfig;
  readonly #offsets: GroupOffsets;
  readonly #assignors: readonly PartitionAssignor[];
  readonly #protocol: RebalanceProtocolName;
  readonly #logger: Logger | undefined;
  #joinedSubscription = '';
  /** On the leader: the partition counts it assigned from, to rejoin when they change. */
  #assignedMetadata: ReadonlyMap<string, number> | null = null;
  #lastMetadataCheck = -Infinity;
  #nextAutoCommit: number;
  #commitQueue: Promise<void> = Promise.resolve();
  #listenerError: { error: unknown } | null = null;

  constructor(cluster: Cluster, subscriptions: SubscriptionState, config: ConsumerConfig, notifier: PollNotifier, logger?: Logger) {
    if (config.groupId === null) throw new ConsumerStateError('a group coordinator needs a groupId');
    this.#cluster = cluster;
    this.#subscriptions = subscriptions;
    this.#config = config;
    this.#logger = logger;
    this.#offsets = new GroupOffsets(cluster, config.groupId, config.retryBackoffMs, logger);
    this.#assignors = config.partitionAssignmentStrategy.map((name) => createAssignor(name));
    this.#protocol = this.#assignors.every((a) => a.supportedProtocols.includes(RebalanceProtocol.COOPERATIVE))
      ? RebalanceProtocol.COOPERATIVE
      : RebalanceProtocol.EAGER;
    this.#nextAutoCommit = Date.now() + config.autoCommitIntervalMs;
    this.membership = new GroupMembership(cluster, { ...config, groupId: config.groupId }, this, notifier, logger);
  }

  /** Re-reads metadata at the next poll: a new pattern subscription is matched before joining. */
  subscriptionChanged(): void {
    this.#lastMetadataCheck = -Infinity;
  }

  /**
   * The group work of one `poll`: pattern and metadata checks, (re)joining — waiting until `deadline` only while
   * the consumer has no partitions to fetch meanwhile — and auto-commit.
   * @throws the first error a rebalance listener threw, once the rebalance step it ran in is complete
   */
  async poll(deadline: number): Promise<void> {
    this.membership.notePoll();
    if (this.#subscriptions.hasAutoAssignment) {
      await this.#checkMetadata();
      if (this.#subscriptions.subscription().join(',') !== this.#joinedSubscription) this.membership.requestRejoin('the subscription changed');
      if (this.membership.needsRejoin) {
        await this.membership.ensureActiveGroup(this.#subscriptions.assignedCount > 0 ? Date.now() : deadline);
      }
    }
    this.#maybeAutoCommit();
    const failure = this.#listenerError;
    if (failure !== null) {
      this.#listenerError = null;
      throw failure.error;
    }
  }

  metadata(): JoinGroupRequestProtocol[] {
    const topics = this.#subscriptions.subscription();
    this.#joinedSubscription = topics.join(',');
    const topicSet = new Set(topics);
    const ownedPartitions = this.#subscriptions.assignedPartitions();
    return this.#assignors.map((assignor) => ({
      name: assignor.name,
      metadata: encodeSubscription({ topics, userData: assignor.subscriptionUserData(topicSet), ownedPartitions }),
    }));
  }

  async onJoinPrepare(previous: Generation, lost: boolean): Promise<void> {
    // Set again by performAssignment if this member leads the next generation.
    this.#assignedMetadata = null;
    const owned = this.#subscriptions.assignedPartitions();
    if (!lost && previous.generationId >= 0 && this.#config.enableAutoCommit) {
      await this.#commitBestEffort(this.#subscriptions.allConsumed(), 'before rebalancing');
    }
    if (lost) {
      if (owned.length > 0) await this.#invoke('lost', owned);
      this.#subscriptions.assignFromSubscribed([]);
    } else if (this.#protocol === RebalanceProtocol.EAGER) {
      if (owned.length > 0) await this.#invoke('revoked', owned);
      this.#subscriptions.assignFromSubscribed([]);
    } else {
      const unsubscribed = owned.filter((tp) => !this.#subscriptions.isSubscribedTo(tp.topic));
      if (unsubscribed.length > 0) {
        await this.#invoke('revoked', unsubscribed);
        this.#subscriptions.assignFromSubscribed(subtractPartitions(owned, unsubscribed));
      }
    }
  }

  async performAssignment(
    leaderId: string,
    protocolName: string,
    members: readonly JoinGroupResponseMember[],
  ): Promise<SyncGroupRequestAssignment[]> {
    const assignor = this.#assignors.find((a) => a.name === protocolName);
    if (assignor === undefined) {
      throw new KafkaError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, `the coordinator chose assignor "${protocolName}", which this member does not have`);
    }
    const subscriptions = new Map<string, MemberSubscription>();
    const topics = new Set<string>();
    for (const member of members) {
      const subscription = decodeSubscription(member.metadata);
      subscriptions.set(member.memberId, { ...subscription, groupInstanceId: member.groupInstanceId });
      for (const topic of subscription.topics) topics.add(topic);
    }
    const metadata = await this.#cluster.metadata([...topics], { allowAutoTopicCreation: this.#config.allowAutoCreateTopics });
    const partitionsPerTopic = new Map<string, number>();
    for (const topic of topics) {
      const entry = metadata.topics.get(topic);
      if (entry !== undefined && entry.errorCode === ErrorCode.NONE && entry.partitions.length > 0) {
        partitionsPerTopic.set(topic, entry.partitions.length);
      }
    }
    const assignment = assignor.assign(partitionsPerTopic, subscriptions);
    // Topics subscribed but absent count as 0 partitions, so their appearance triggers a rejoin like a growth.
    this.#assignedMetadata = new Map([...topics].map((topic) => [topic, partitionsPerTopic.get(topic) ?? 0]));
    this.#logger?.info({ leader: leaderId, assignor: protocolName, members: members.length, topics: partitionsPerTopic.size }, 'assigned partitions as group leader');
    return members.map((member) => ({
      memberId: member.memberId,
      assignment: encodeAssignment({ partitions: assignment.get(member.memberId) ?? [], userData: null }),
    }));
  }

  async onJoinComplete(generation: Generation, bytes: Buffer): Promise<void> {
    const assignor = this.#assignors.find((a) => a.name === generation.protocolName);
    const received = decodeAssignment(bytes).partitions;
    const assigned = received.filter((tp) => this.#subscriptions.isSubscribedTo(tp.topic));
    if (assigned.length < received.length) this.membership.requestRejoin('the assignment holds topics this member is not subscribed to');
    const owned = this.#subscriptions.assignedPartitions();
    const revoked = subtractPartitions(owned, assigned);
    if (revoked.length > 0) {
      // Cooperative only: eager revoked everything before joining. The moved partitions go to other members in
      // the follow-up rebalance, once this member no longer owns them.
      if (this.#config.enableAutoCommit) await this.#commitBestEffort(this.#positionsOf(revoked), 'before revoking partitions');
      await this.#invoke('revoked', revoked);
      this.membership.requestRejoin('partitions were revoked and must be handed over');
    }
    assignor?.onAssignment(assigned, generation.generationId);
    this.#nextAutoCommit = Date.now() + this.#config.autoCommitIntervalMs;
    this.#subscriptions.assignFromSubscribed(assigned);
    if (this.membership.generation.generationId !== generation.generationId) return;
    await this.#invoke('assigned', subtractPartitions(assigned, owned));
  }

  /**
   * Commits `offsets` (the next offsets to read) as this member, after any commit already queued.
   * @throws CommitFailedError when the group rebalanced or fenced this member; KafkaError otherwise
   */
  commitSync(offsets: readonly TopicPartitionOffset[], deadline: number): Promise<void> {
    const run = this.#commitQueue.then(() => this.#commit(offsets, deadline));
    this.#commitQueue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Queues a commit; its outcome goes to `callback`, or to the log without one. */
  commitAsync(offsets: readonly TopicPartitionOffset[], callback?: CommitCallback): void {
    this.commitSync(offsets, Date.now() + this.#config.requestTimeoutMs).then(
      () => callback?.(null, offsets),
      (error: Error) => {
        if (callback !== undefined) callback(error, offsets);
        else this.#logger?.warn({ err: error }, 'asynchronous offset commit failed');
      },
    );
  }

  fetchCommitted(partitions: readonly TopicPartition[], deadline: number): Promise<TopicPartitionMap<OffsetAndMetadata | null>> {
    return this.#offsets.fetchCommitted(partitions, deadline);
  }

  /** Auto-commits, revokes the partitions through the listener and leaves the group; a later poll may rejoin. */
  async leave(deadline: number): Promise<void> {
    if (this.#config.enableAutoCommit) await this.#commitBestEffort(this.#subscriptions.allConsumed(), 'before leaving', deadline);
    if (!this.#subscriptions.hasAutoAssignment) return;
    const owned = this.#subscriptions.assignedPartitions();
    if (owned.length > 0) await this.#invoke(this.membership.isMember ? 'revoked' : 'lost', owned);
    this.#subscriptions.assignFromSubscribed([]);
    await this.membership.leaveGroup('the consumer is leaving');
  }

  /** `leave`, then stops heartbeats and waits for queued commits. */
  async close(deadline: number): Promise<void> {
    await this.leave(deadline);
    this.membership.close();
    await this.#commitQueue;
  }

  async #commit(offsets: readonly TopicPartitionOffset[], deadline: number): Promise<void> {
    if (offsets.length === 0) return;
    let identity: CommitIdentity = { generationId: -1, memberId: '' };
    if (this.#subscriptions.hasAutoAssignment) {
      const generation = this.membership.generationForCommit();
      if (generation === null) throw new CommitFailedError(ErrorCode.REBALANCE_IN_PROGRESS, 'the group is rebalancing');
      identity = generation;
    }
    try {
      await this.#offsets.commit(offsets, identity, deadline);
    } catch (error) {
      if (error instanceof CommitFailedError && this.#subscriptions.hasAutoAssignment) {
        if (error.code === ErrorCode.REBALANCE_IN_PROGRESS) this.membership.requestRejoin('a commit found the group rebalancing');
        else this.membership.resetGeneration(`a commit was refused with ${error.errorName}`);
      }
      throw error;
    }
  }

  async #commitBestEffort(offsets: readonly TopicPartitionOffset[], when: string, deadline = Date.now() + this.#config.defaultApiTimeoutMs): Promise<void> {
    try {
      await this.commitSync(offsets, deadline);
    } catch (error) {
      this.#logger?.warn({ err: error }, `auto-commit ${when} failed`);
    }
  }

  #maybeAutoCommit(): void {
    if (!this.#config.enableAutoCommit || Date.now() < this.#nextAutoCommit) return;
    if (this.#subscriptions.hasAutoAssignment && this.membership.generationForCommit() === null) return;
    this.#nextAutoCommit = Date.now() + this.#config.autoCommitIntervalMs;
    this.commitAsync(this.#subscriptions.allConsumed());
  }

  #positionsOf(partitions: readonly TopicPartition[]): TopicPartitionOffset[] {
    const wanted = new Set(partitions.map((tp) => `${tp.topic}\u0000${tp.partition}`));
    return this.#subscriptions.allConsumed().filter((o) => wanted.has(`${o.topic}\u0000${o.partition}`));
  }

  /**
   * Every `metadataMaxAgeMs`: re-matches a pattern subscription against the cluster's topics, and on the leader
   * compares partition counts with those it assigned from; either change triggers a rejoin.
   */
  async #checkMetadata(): Promise<void> {
    const now = Date.now();
    if (now - this.#lastMetadataCheck < this.#config.metadataMaxAgeMs) return;
    this.#lastMetadataCheck = now;
    try {
      if (this.#subscriptions.type === SubscriptionType.AUTO_PATTERN) {
        const metadata = await this.#cluster.refreshMetadata(null);
        const topics = [...metadata.topics].filter(([, t]) => !t.isInternal).map(([name]) => name);
        if (this.#subscriptions.updatePatternMatches(topics)) this.membership.requestRejoin('the topics matching the pattern changed');
      }
      const assigned = this.#assignedMetadata;
      if (assigned !== null && this.membership.generation.generationId >= 0) {
        const metadata = await this.#cluster.refreshMetadata([...assigned.keys()]);
        for (const [topic, count] of assigned) {
          if ((metadata.topics.get(topic)?.partitions.length ?? 0) !== count) {
            this.membership.requestRejoin(`the partition count of ${topic} changed`);
            break;
          }
        }
      }
    } catch (error) {
      this.#logger?.warn({ err: error }, 'metadata check failed');
    }
  }

  async #invoke(kind: 'revoked' | 'assigned' | 'lost', partitions: TopicPartition[]): Promise<void> {
    const listener: RebalanceListener | null = this.#subscriptions.listener;
    this.#logger?.info({ partitions: partitions.map((tp) => `${tp.topic}-${tp.partition}`) }, `partitions ${kind}`);
    if (listener === null) return;
    try {
      if (kind === 'assigned') await listener.onPartitionsAssigned?.(partitions);
      else if (kind === 'revoked') await listener.onPartitionsRevoked?.(partitions);
      else if (listener.onPartitionsLost !== undefined) await listener.onPartitionsLost(partitions);
      else await listener.onPartitionsRevoked?.(partitions);
    } catch (error) {
      this.#logger?.error({ err: error }, `rebalance listener failed on partitions ${kind}`);
      this.#listenerError ??= { error };
    }
  }
}
