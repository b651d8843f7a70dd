import { randomUUID } from 'node:crypto';
import type { Logger } from '../../common/logger.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type {
  CommitResultTopic,
  GroupDescription,
  GroupListing,
  HeartbeatParams,
  JoinGroupParams,
  LeaveGroupOutcome,
  MemberIdentity,
  OffsetCommitParams,
  OffsetFetchOutcome,
  SyncGroupParams,
} from './coordinator-types.js';
import { EMPTY_BYTES, GroupMember } from './group-member.js';
import type { JoinOutcome, JoinedMember, SyncOutcome } from './group-member.js';
import { GroupState } from './group-state.js';
import { Group } from './group.js';
import { GroupOffsetsStore } from './group-offsets-store.js';
import type { OffsetsLog } from './offsets-log.js';
import type { Cancel, Scheduler } from './scheduler.js';
import type { GroupCoordinatorConfig } from './group-coordinator-config.js';

export interface GroupCoordinatorOptions {
  readonly config: GroupCoordinatorConfig;
  readonly offsetsLog: OffsetsLog;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  /** Commits are accepted only for partitions that exist. */
  readonly partitionExists: (topic: string, partition: number) => boolean;
  /** A new member's id. @default `${clientId}-${randomUUID()}`, as Kafka */
  readonly newMemberId?: (clientId: string) => string;
}

function joinError(memberId: string, errorCode: number): JoinOutcome {
  return { errorCode, generationId: -1, protocolName: '', leaderId: '', memberId, members: [] };
}

function syncError(errorCode: number): SyncOutcome {
  return { errorCode, assignment: EMPTY_BYTES };
}

/**
 * The group coordinator of this broker (Kafka's GroupCoordinator with its GroupMetadataManager): consumer-group
 * and Connect-worker membership over JoinGroup / SyncGroup / Heartbeat / LeaveGroup, and committed offsets kept in
 * `__consumer_offsets`. On one broker it coordinates every group.
 *
 * Lifecycle: `open` (replays the offsets log — the coordinator answers as soon as it returns) → requests →
 * `shutdown`. Membership is not persisted: after a restart groups are Empty with their offsets, and members
 * rejoin. Static membership (group.instance.id) is not implemented: such joins get UNSUPPORTED_VERSION, as
 * Kafka answers when its inter-broker protocol predates it.
 *
 * Every timer goes through the injected Scheduler; everything runs on the event loop, so a request sees and
 * leaves the groups consistent.
 */
export class GroupCoordinator {
  readonly #config: GroupCoordinatorConfig;
  readonly #offsets: GroupOffsetsStore;
  readonly #scheduler: Scheduler;
  readonly #logger: Logger;
  readonly #newMemberId: (clientId: string) => string;
  readonly #groups = new Map<string, Group>();
  #cancelExpiryCheck: Cancel | null = null;
  #closed = false;

  private constructor(options: GroupCoordinatorOptions) {
    this.#config = options.config;
    this.#scheduler = options.scheduler;
    this.#logger = options.logger;
    this.#offsets = new GroupOffsetsStore({
      offsetsLog: options.offsetsLog,
      retentionMs: options.config.offsetsRetentionMs,
      maxMetadataBytes: options.config.maxMetadataBytes,
      partitionExists: options.partitionExists,
      logger: options.logger,
    });
    this.#newMemberId = options.newMemberId ?? ((clientId) => `${clientId}-${randomUUID()}`);
  }

  /** Loads the committed offsets and starts the periodic expiry check. */
  static open(options: GroupCoordinatorOptions): GroupCoordinator {
    const coordinator = new GroupCoordinator(options);
    coordinator.#offsets.load(coordinator.#groups, options.scheduler.now());
    coordinator.#scheduleExpiryCheck();
    return coordinator;
  }

  /** Stops the timers and answers every held join and sync with COORDINATOR_NOT_AVAILABLE. */
  shutdown(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#cancelExpiryCheck?.();
    for (const group of this.#groups.values()) {
      group.cancelJoinTimer?.();
      for (const cancel of group.pendingMembers.values()) cancel();
      for (const member of group.members.values()) {
        member.cancelSessionTimer?.();
        member.awaitingJoin?.(joinError(member.memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
        member.awaitingSync?.(syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE));
        member.awaitingJoin = null;
        member.awaitingSync = null;
      }
    }
  }

  // ---- membership ----

  joinGroup(params: JoinGroupParams): Promise<JoinOutcome> {
    const code = this.#joinProblem(params);
    if (code !== ErrorCode.NONE) return Promise.resolve(joinError(params.memberId, code));
    let group = this.#groups.get(params.groupId);
    if (!group) {
      if (params.memberId !== '') return Promise.resolve(joinError(params.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
      group = new Group(params.groupId, this.#scheduler.now());
      this.#groups.set(params.groupId, group);
    }
    return params.memberId === '' ? this.#joinNewMember(group, params) : this.#joinKnownMember(group, params);
  }

  syncGroup(params: SyncGroupParams): Promise<SyncOutcome> {
    if (this.#closed) return Promise.resolve(syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE));
    const group = this.#groups.get(params.groupId);
    const member = group?.members.get(params.memberId);
    if (!group || !member) return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    if (params.generationId !== group.generationId) return Promise.resolve(syncError(ErrorCode.ILLEGAL_GENERATION));
    this.#touch(member);
    if (group.is(GroupState.PreparingRebalance)) return Promise.resolve(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
    if (group.is(GroupState.Stable)) return Promise.resolve({ errorCode: ErrorCode.NONE, assignment: member.assignment });
    // CompletingRebalance: everyone waits for the leader's assignment.
    const synced = new Promise<SyncOutcome>((resolve) => {
      member.awaitingSync?.(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
      member.awaitingSync = resolve;
    });
    if (member.memberId === group.leaderId) this.#completeSync(group, params.assignments);
    return synced;
  }

  heartbeat(params: HeartbeatParams): number {
    if (this.#closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const group = this.#groups.get(params.groupId);
    if (!group || group.is(GroupState.Empty)) return ErrorCode.UNKNOWN_MEMBER_ID;
    const member = group.members.get(params.memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (params.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.#touch(member);
    return group.is(GroupState.PreparingRebalance) ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  leaveGroup(groupId: string, leaving: readonly MemberIdentity[]): LeaveGroupOutcome {
    if (this.#closed) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    const group = this.#groups.get(groupId);
    const members = leaving.map((identity) => ({ ...identity, errorCode: group ? this.#leave(group, identity) : ErrorCode.UNKNOWN_MEMBER_ID }));
    return { errorCode: ErrorCode.NONE, members };
  }

  // ---- offsets ----

  /** Checks the committer, then appends every valid partition's offset in one batch before answering. */
  commitOffsets(params: OffsetCommitParams): CommitResultTopic[] {
    let group = this.#groups.get(params.groupId);
    const code = this.#commitProblem(group, params);
    if (code !== ErrorCode.NONE) {
      return params.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: code })) }));
    }
    if (!group) {
      group = new Group(params.groupId, this.#scheduler.now());
      this.#groups.set(params.groupId, group);
    }
    return this.#offsets.store(group, params, this.#scheduler.now());
  }

  /** `topics` null: every partition the group has an offset for. */
  fetchOffsets(groupId: string, topics: readonly { name: string; partitionIndexes: readonly number[] }[] | null): OffsetFetchOutcome {
    if (this.#closed) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, topics: this.#offsets.fetch(undefined, topics) };
    return { errorCode: ErrorCode.NONE, topics: this.#offsets.fetch(this.#groups.get(groupId), topics) };
  }

  // ---- inspection ----

  describeGroup(groupId: string): GroupDescription {
    const group = this.#closed ? undefined : this.#groups.get(groupId);
    const errorCode = this.#closed ? ErrorCode.COORDINATOR_NOT_AVAILABLE : ErrorCode.NONE;
    if (!group) return { errorCode, groupId, groupState: GroupState.Dead, protocolType: '', protocolData: '', members: [] };
    const stable = group.is(GroupState.Stable);
    const protocol = group.protocolName ?? '';
    return {
      errorCode,
      groupId,
      groupState: group.state,
      protocolType: group.protocolType ?? '',
      protocolData: stable ? protocol : '',
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        memberMetadata: stable ? m.metadataFor(protocol) : EMPTY_BYTES,
        memberAssignment: stable ? m.assignment : EMPTY_BYTES,
      })),
    };
  }

  listGroups(): GroupListing[] {
    if (this.#closed) return [];
    return [...this.#groups.values()].map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '' }));
  }

  // ---- join ----

  #joinProblem(params: JoinGroupParams): number {
    if (this.#closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (params.groupId === '') return ErrorCode.INVALID_GROUP_ID;
    if (params.groupInstanceId !== null) return ErrorCode.UNSUPPORTED_VERSION;
    const { minSessionTimeoutMs, maxSessionTimeoutMs } = this.#config;
    if (params.sessionTimeoutMs < minSessionTimeoutMs || params.sessionTimeoutMs > maxSessionTimeoutMs) return ErrorCode.INVALID_SESSION_TIMEOUT;
    return ErrorCode.NONE;
  }

  #joinNewMember(group: Group, params: JoinGroupParams): Promise<JoinOutcome> {
    if (!group.supportsProtocols(params.protocolType, params.protocols)) {
      return Promise.resolve(joinError(params.memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    const memberId = this.#newMemberId(params.clientId);
    if (params.requireKnownMemberId) {
      // The id is handed out first so that a client whose join times out does not leave a stray member behind.
      const cancel = this.#schedule(params.sessionTimeoutMs, () => this.#expirePending(group, memberId));
      group.pendingMembers.set(memberId, cancel);
      return Promise.resolve(joinError(memberId, ErrorCode.MEMBER_ID_REQUIRED));
    }
    return this.#addMemberAndRebalance(group, memberId, params);
  }

  #joinKnownMember(group: Group, params: JoinGroupParams): Promise<JoinOutcome> {
    const pending = group.pendingMembers.get(params.memberId);
    const member = group.members.get(params.memberId);
    if (!pending && !member) return Promise.resolve(joinError(params.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    if (!group.supportsProtocols(params.protocolType, params.protocols)) {
      return Promise.resolve(joinError(params.memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    if (pending) {
      pending();
      group.pendingMembers.delete(params.memberId);
      return this.#addMemberAndRebalance(group, params.memberId, params);
    }
    const known = member!;
    switch (group.state) {
      case GroupState.CompletingRebalance:
        if (known.matches(params.protocols)) return Promise.resolve(this.#currentJoinOutcome(group, known));
        return this.#updateMemberAndRebalance(group, known, params);
      case GroupState.Stable:
        // A follower rejoining unchanged just learns the current generation again; the leader may rejoin to
        // force a new assignment (e.g. after a subscription's topics changed).
        if (known.memberId !== group.leaderId && known.matches(params.protocols)) return Promise.resolve(this.#currentJoinOutcome(group, known));
        return this.#updateMemberAndRebalance(group, known, params);
      default:
        return this.#updateMemberAndRebalance(group, known, params);
    }
  }

  #addMemberAndRebalance(group: Group, memberId: string, params: JoinGroupParams): Promise<JoinOutcome> {
    const member = new GroupMember(
      memberId,
      params.groupInstanceId,
      params.clientId,
      params.clientHost,
      params.sessionTimeoutMs,
      params.rebalanceTimeoutMs,
      params.protocolType,
      params.protocols,
    );
    if (group.inInitialDelay) group.newMemberAdded = true;
    group.add(member);
    const joined = this.#awaitJoin(member);
    this.#touch(member, group);
    this.#maybePrepareRebalance(group, `member ${memberId} joined`);
    return joined;
  }

  #updateMemberAndRebalance(group: Group, member: GroupMember, params: JoinGroupParams): Promise<JoinOutcome> {
    member.protocols = params.protocols;
    member.sessionTimeoutMs = params.sessionTimeoutMs;
    member.rebalanceTimeoutMs = params.rebalanceTimeoutMs;
    const joined = this.#awaitJoin(member);
    this.#touch(member);
    this.#maybePrepareRebalance(group, `member ${member.memberId} rejoined`);
    return joined;
  }

  #awaitJoin(member: GroupMember): Promise<JoinOutcome> {
    return new Promise<JoinOutcome>((resolve) => {
      // A client that re-sent its join (say, on a new connection) supersedes the earlier one.
      member.awaitingJoin?.(joinError(member.memberId, ErrorCode.REBALANCE_IN_PROGRESS));
      member.awaitingJoin = resolve;
    });
  }

  #currentJoinOutcome(group: Group, member: GroupMember): JoinOutcome {
    return {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolName: group.protocolName ?? '',
      leaderId: group.leaderId ?? '',
      memberId: member.memberId,
      members: member.memberId === group.leaderId ? this.#memberList(group) : [],
    };
  }

  #memberList(group: Group): JoinedMember[] {
    const protocol = group.protocolName ?? '';
    return [...group.members.values()].map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadataFor(protocol) }));
  }

  #maybePrepareRebalance(group: Group, reason: string): void {
    if (group.is(GroupState.PreparingRebalance)) this.#tryCompleteJoin(group);
    else this.#prepareRebalance(group, reason);
  }

  /**
   * Starts a join phase. From Empty it is Kafka's InitialDelayedJoin: wait `group.initial.rebalance.delay.ms`,
   * and again (up to the rebalance timeout in all) while members keep arriving, so that a group starting up
   * rebalances once rather than once per member. Otherwise the joins are held until every member rejoined or
   * the rebalance timeout passed.
   */
  #prepareRebalance(group: Group, reason: string): void {
    if (group.is(GroupState.CompletingRebalance)) this.#failPendingSyncs(group, ErrorCode.REBALANCE_IN_PROGRESS);
    const fromEmpty = group.is(GroupState.Empty);
    group.cancelJoinTimer?.();
    group.transitionTo(GroupState.PreparingRebalance, this.#scheduler.now());
    this.#logger.info(`Preparing to rebalance group ${group.groupId} with old generation ${group.generationId} (reason: ${reason})`);
    if (fromEmpty) {
      const delay = this.#config.initialRebalanceDelayMs;
      const remaining = Math.max(group.rebalanceTimeoutMs() - delay, 0);
      group.inInitialDelay = true;
      group.newMemberAdded = false;
      group.cancelJoinTimer = this.#schedule(delay, () => this.#onInitialDelay(group, remaining));
      return;
    }
    group.cancelJoinTimer = this.#schedule(group.rebalanceTimeoutMs(), () => this.#completeJoin(group));
    this.#tryCompleteJoin(group);
  }

  #onInitialDelay(group: Group, remainingMs: number): void {
    group.cancelJoinTimer = null;
    if (group.newMemberAdded && remainingMs > 0) {
      const delay = this.#config.initialRebalanceDelayMs;
      group.newMemberAdded = false;
      group.cancelJoinTimer = this.#schedule(Math.min(delay, remainingMs), () => this.#onInitialDelay(group, Math.max(remainingMs - delay, 0)));
      return;
    }
    this.#completeJoin(group);
  }

  #tryCompleteJoin(group: Group): void {
    if (group.is(GroupState.PreparingRebalance) && !group.inInitialDelay && group.allMembersJoined()) this.#completeJoin(group);
  }

  /** Ends the join phase: members that did not rejoin are removed, the generation advances, joins are answered. */
  #completeJoin(group: Group): void {
    group.cancelJoinTimer?.();
    group.cancelJoinTimer = null;
    group.inInitialDelay = false;
    group.newMemberAdded = false;
    for (const member of [...group.members.values()]) {
      if (member.awaitingJoin !== null) continue;
      this.#logger.info(`Removing member ${member.memberId} of group ${group.groupId}: it did not rejoin within the rebalance timeout`);
      this.#dropMember(group, member);
    }
    const now = this.#scheduler.now();
    group.generationId++;
    if (group.members.size === 0) {
      group.protocolName = null;
      group.transitionTo(GroupState.Empty, now);
      this.#logger.info(`Group ${group.groupId} with generation ${group.generationId} is now empty`);
      return;
    }
    group.protocolName = group.selectProtocol();
    group.transitionTo(GroupState.CompletingRebalance, now);
    const everyone = this.#memberList(group);
    for (const member of group.members.values()) {
      const answer = member.awaitingJoin!;
      member.awaitingJoin = null;
      this.#touch(member);
      answer({
        errorCode: ErrorCode.NONE,
        generationId: group.generationId,
        protocolName: group.protocolName,
        leaderId: group.leaderId ?? '',
        memberId: member.memberId,
        members: member.memberId === group.leaderId ? everyone : [],
      });
    }
    this.#logger.info(`Group ${group.groupId} completed its join phase: generation ${group.generationId}, protocol ${group.protocolName}, ${group.members.size} member(s), leader ${group.leaderId}`);
  }

  // ---- sync, leave, expiry ----

  #completeSync(group: Group, assignments: SyncGroupParams['assignments']): void {
    const byMember = new Map<string, Buffer>();
    for (const a of assignments) byMember.set(a.memberId, a.assignment);
    for (const member of group.members.values()) member.assignment = byMember.get(member.memberId) ?? EMPTY_BYTES;
    group.transitionTo(GroupState.Stable, this.#scheduler.now());
    for (const member of group.members.values()) {
      const answer = member.awaitingSync;
      member.awaitingSync = null;
      answer?.({ errorCode: ErrorCode.NONE, assignment: member.assignment });
    }
    this.#logger.info(`Assignment received from leader ${group.leaderId} for group ${group.groupId} for generation ${group.generationId}; the group is stable`);
  }

  #failPendingSyncs(group: Group, errorCode: number): void {
    for (const member of group.members.values()) {
      member.assignment = EMPTY_BYTES;
      const answer = member.awaitingSync;
      member.awaitingSync = null;
      answer?.(syncError(errorCode));
    }
  }

  #leave(group: Group, identity: MemberIdentity): number {
    if (identity.groupInstanceId !== null) return ErrorCode.UNKNOWN_MEMBER_ID;
    const pending = group.pendingMembers.get(identity.memberId);
    if (pending) {
      pending();
      group.pendingMembers.delete(identity.memberId);
      this.#tryCompleteJoin(group);
      return ErrorCode.NONE;
    }
    const member = group.members.get(identity.memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.#logger.info(`Member ${member.memberId} left group ${group.groupId}`);
    this.#removeMemberAndUpdateGroup(group, member, `member ${member.memberId} left`);
    return ErrorCode.NONE;
  }

  #removeMemberAndUpdateGroup(group: Group, member: GroupMember, reason: string): void {
    this.#dropMember(group, member);
    if (group.is(GroupState.Stable) || group.is(GroupState.CompletingRebalance)) this.#prepareRebalance(group, reason);
    else this.#tryCompleteJoin(group);
  }

  #dropMember(group: Group, member: GroupMember): void {
    member.cancelSessionTimer?.();
    member.cancelSessionTimer = null;
    member.awaitingJoin?.(joinError(member.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    member.awaitingSync?.(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    member.awaitingJoin = null;
    member.awaitingSync = null;
    group.remove(member.memberId);
  }

  /**
   * Pushes the member's session deadline forward. The session timer is armed once and re-armed when it fires
   * early, so heartbeats cost no timer churn. `group` is given when the member is new (its timer is not armed).
   */
  #touch(member: GroupMember, group?: Group): void {
    member.heartbeatDeadline = this.#scheduler.now() + member.sessionTimeoutMs;
    if (group) this.#armSessionTimer(group, member);
  }

  #armSessionTimer(group: Group, member: GroupMember): void {
    const delay = member.heartbeatDeadline - this.#scheduler.now();
    member.cancelSessionTimer = this.#schedule(delay, () => this.#onSessionTimer(group, member));
  }

  #onSessionTimer(group: Group, member: GroupMember): void {
    member.cancelSessionTimer = null;
    if (group.members.get(member.memberId) !== member) return;
    // A member held in a join or sync cannot heartbeat on that connection; the rebalance bounds its wait.
    if (member.awaitingJoin !== null || member.awaitingSync !== null) this.#touch(member);
    if (this.#scheduler.now() < member.heartbeatDeadline) {
      this.#armSessionTimer(group, member);
      return;
    }
    this.#logger.info(`Member ${member.memberId} of group ${group.groupId} has failed: no heartbeat within its session timeout of ${member.sessionTimeoutMs} ms`);
    this.#removeMemberAndUpdateGroup(group, member, `member ${member.memberId} session expired`);
  }

  #expirePending(group: Group, memberId: string): void {
    if (!group.pendingMembers.delete(memberId)) return;
    this.#logger.info(`Pending member ${memberId} of group ${group.groupId} did not join with its id in time`);
    this.#tryCompleteJoin(group);
  }

  // ---- offsets ----

  #commitProblem(group: Group | undefined, params: OffsetCommitParams): number {
    if (this.#closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (params.groupId === '') return ErrorCode.INVALID_GROUP_ID;
    if (params.groupInstanceId !== null) return ErrorCode.UNKNOWN_MEMBER_ID;
    // Outside group management (generation -1) only a group without members may be committed to.
    if (!group) return params.generationId < 0 ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
    if (params.generationId < 0 && group.is(GroupState.Empty)) return ErrorCode.NONE;
    if (group.is(GroupState.CompletingRebalance)) return ErrorCode.REBALANCE_IN_PROGRESS;
    const member = group.members.get(params.memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    // During PreparingRebalance the current generation may still commit, as in Kafka: clients commit what they
    // consumed when their partitions are revoked, before rejoining.
    if (params.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.#touch(member);
    return ErrorCode.NONE;
  }

  /** Every timer runs through here: a failure in one is logged, never thrown into the event loop. */
  #schedule(delayMs: number, task: () => void): Cancel {
    return this.#scheduler.schedule(delayMs, () => {
      try {
        task();
      } catch (err) {
        this.#logger.error(`Group coordinator timer failed: ${(err as Error)?.stack ?? String(err)}`);
      }
    });
  }

  #scheduleExpiryCheck(): void {
    this.#cancelExpiryCheck = this.#schedule(this.#config.offsetsRetentionCheckIntervalMs, () => {
      this.#scheduleExpiryCheck();
      this.#offsets.expire(this.#groups, this.#scheduler.now());
    });
  }
}

