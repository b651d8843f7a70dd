import type { Logger } from '../../common/logger.js';
import { ApiKey } from '../../protocol/apis.js';
import { ErrorCode, KafkaError, errorName } from '../../protocol/error-codes.js';
import type { HeartbeatResponse } from '../../protocol/messages/heartbeat.js';
import type {
  JoinGroupRequestProtocol,
  JoinGroupResponse,
  JoinGroupResponseMember,
} from '../../protocol/messages/join-group.js';
import type { LeaveGroupResponse } from '../../protocol/messages/leave-group.js';
import type { SyncGroupRequestAssignment, SyncGroupResponse } from '../../protocol/messages/sync-group.js';
import type { Cluster } from '../cluster.js';
import { ClientClosedError, ConnectionError } from '../errors.js';
import { isRetriableError, sleep } from '../with-retries.js';
import { ConsumerStateError, WakeupError } from './consumer-errors.js';
import type { PollNotifier } from './poll-notifier.js';

/** A member's place in the group: valid from a SyncGroup until the next rebalance or fencing. */
export interface Generation {
  readonly generationId: number;
  readonly memberId: string;
  readonly protocolName: string | null;
}

export const NO_GENERATION: Generation = Object.freeze({ generationId: -1, memberId: '', protocolName: null });

export const MemberState = {
  /** Not in the group (never joined, left, or fenced). */
  UNJOINED: 'UNJOINED',
  /** JoinGroup/SyncGroup in flight. */
  REBALANCING: 'REBALANCING',
  /** SyncGroup answered; `poll` has yet to apply the assignment. Heartbeats run. */
  ASSIGNED: 'ASSIGNED',
  STABLE: 'STABLE',
} as const;

export type MemberStateName = (typeof MemberState)[keyof typeof MemberState];

/** What an embedded protocol (`consumer`, Connect's `connect`) plugs into the membership. */
export interface GroupProtocol {
  readonly protocolType: string;
  /** The protocols this member supports, in preference order, with their metadata. */
  metadata(): JoinGroupRequestProtocol[];
  /** Before each (re)join. `lost`: the previous generation was fenced, so its assignment is no longer ours. */
  onJoinPrepare(previous: Generation, lost: boolean): Promise<void>;
  /** On the leader only: every member's assignment. */
  performAssignment(leaderId: string, protocolName: string, members: readonly JoinGroupResponseMember[]): Promise<SyncGroupRequestAssignment[]>;
  onJoinComplete(generation: Generation, assignment: Buffer): Promise<void>;
}

export interface MembershipConfig {
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly retryBackoffMs: number;
  readonly requestTimeoutMs: number;
}

interface JoinResult {
  readonly generation: Generation;
  readonly assignment: Buffer;
}

/** Kafka's `JOIN_GROUP_TIMEOUT_LAPSE`: JoinGroup may be held for the rebalance timeout, plus this. */
const JOIN_TIMEOUT_LAPSE_MS = 5000;

/** Heartbeat answers that mean this member no longer belongs to its generation. */
const FENCED: ReadonlySet<number> = new Set([ErrorCode.ILLEGAL_GENERATION, ErrorCode.UNKNOWN_MEMBER_ID, ErrorCode.FENCED_INSTANCE_ID]);
const COORDINATOR_MOVED: ReadonlySet<number> = new Set([ErrorCode.COORDINATOR_NOT_AVAILABLE, ErrorCode.NOT_COORDINATOR]);

/**
 * Kafka's `AbstractCoordinator`: membership of one group through its coordinator, independent of what the members
 * share (the embedded `GroupProtocol`).
 *
 * Lifecycle of a (re)join, driven by `ensureActiveGroup` from `poll`:
 * 1. `onJoinPrepare` runs in the caller (it may invoke user callbacks);
 * 2. JoinGroup — a v4+ coordinator answers MEMBER_ID_REQUIRED with an id to rejoin with; the leader gets every
 *    member's metadata, runs `performAssignment` and sends all assignments in SyncGroup, followers send none;
 *    this runs as a background task, so a poll that times out does not abort it;
 * 3. once SyncGroup answers, heartbeats start every `heartbeatIntervalMs`, and the next `ensureActiveGroup` applies
 *    the assignment through `onJoinComplete`.
 *
 * Heartbeat answers: REBALANCE_IN_PROGRESS requests a rejoin; ILLEGAL_GENERATION / UNKNOWN_MEMBER_ID reset the
 * member id and mark the assignment lost; no successful heartbeat for `sessionTimeoutMs`, or no `poll` for
 * `rebalanceTimeoutMs` (Kafka's max.poll.interval.ms, after which the member leaves), do the same.
 */
export class GroupMembership {
  readonly #cluster: Cluster;
  readonly #config: MembershipConfig;
  readonly #protocol: GroupProtocol;
  readonly #notifier: PollNotifier;
  readonly #logger: Logger | undefined;
  #generation: Generation = NO_GENERATION;
  #state: MemberStateName = MemberState.UNJOINED;
  #rejoinNeeded = true;
  #needsJoinPrepare = true;
  #lost = false;
  #joinTask: Promise<JoinResult> | null = null;
  /** Bumped when the member leaves: a join still in flight then belongs to no one and must not touch state. */
  #joinEpoch = 0;
  #heartbeatTimer: NodeJS.Timeout | null = null;
  #lastHeartbeatOk = 0;
  #lastPoll = Date.now();
  #closed = false;

  constructor(cluster: Cluster, config: MembershipConfig, protocol: GroupProtocol, notifier: PollNotifier, logger?: Logger) {
    this.#cluster = cluster;
    this.#config = config;
    this.#protocol = protocol;
    this.#notifier = notifier;
    this.#logger = logger;
  }

  get generation(): Generation {
    return this.#generation;
  }

  get state(): MemberStateName {
    return this.#state;
  }

  /** Whether the member holds a generation the coordinator may still accept (for commits and leaving). */
  get isMember(): boolean {
    return this.#generation.generationId >= 0;
  }

  /** Whether the next `ensureActiveGroup` has work to do. */
  get needsRejoin(): boolean {
    return this.#rejoinNeeded || this.#state !== MemberState.STABLE;
  }

  /** The generation to commit with, or null while it is not settled (rebalancing or fenced). */
  generationForCommit(): Generation | null {
    return this.#state === MemberState.STABLE ? this.#generation : null;
  }

  /** Records that the application polled: the clock Kafka's max.poll.interval.ms runs against. */
  notePoll(): void {
    this.#lastPoll = Date.now();
  }

  requestRejoin(reason: string): void {
    if (!this.#rejoinNeeded) this.#logger?.info({ group: this.#config.groupId, reason }, 'requesting a rejoin');
    this.#rejoinNeeded = true;
    this.#notifier.notify();
  }

  /** Forgets the generation (and the member id) after being fenced: the assignment is lost. */
  resetGeneration(reason: string): void {
    this.#logger?.info({ group: this.#config.groupId, generation: this.#generation.generationId, reason }, 'leaving generation');
    this.#generation = NO_GENERATION;
    this.#state = MemberState.UNJOINED;
    this.#lost = true;
    this.#stopHeartbeat();
    this.requestRejoin(reason);
  }

  /**
   * Joins (or rejoins) the group if needed, waiting until `deadline`; true once the member is stable.
   * @throws KafkaError for fatal JoinGroup/SyncGroup errors (INCONSISTENT_GROUP_PROTOCOL, INVALID_SESSION_TIMEOUT …)
   */
  async ensureActiveGroup(deadline: number): Promise<boolean> {
    for (;;) {
      if (this.#closed) throw new ClientClosedError('consumer');
      if (this.#state === MemberState.STABLE && !this.#rejoinNeeded) return true;
      if (this.#joinTask === null) {
        if (this.#needsJoinPrepare) {
          // Cleared first: if a user callback throws, the next poll joins without preparing twice (as Kafka).
          this.#needsJoinPrepare = false;
          const lost = this.#lost;
          this.#lost = false;
          await this.#protocol.onJoinPrepare(this.#generation, lost);
        }
        this.#rejoinNeeded = false;
        this.#state = MemberState.REBALANCING;
        this.#stopHeartbeat();
        const task = this.#join();
        task.catch(() => undefined);
        this.#joinTask = task;
      }
      let outcome;
      try {
        outcome = await this.#notifier.race(this.#joinTask, deadline);
      } catch (error) {
        // A wakeup interrupts the wait, not the join: the next call waits for the same task.
        if (error instanceof WakeupError) throw error;
        this.#joinTask = null;
        this.#state = MemberState.UNJOINED;
        this.#rejoinNeeded = true;
        throw error;
      }
      if (!outcome.settled) return false;
      this.#joinTask = null;
      this.#state = MemberState.STABLE;
      this.#needsJoinPrepare = true;
      await this.#protocol.onJoinComplete(outcome.value.generation, outcome.value.assignment);
    }
  }

  /** Sends LeaveGroup (best effort) so the group rebalances now rather than after the session timeout. */
  async leaveGroup(reason: string): Promise<void> {
    const { memberId } = this.#generation;
    this.#joinEpoch++;
    this.#joinTask = null;
    this.#stopHeartbeat();
    if (memberId !== '') {
      this.#logger?.info({ group: this.#config.groupId, memberId, reason }, 'leaving group');
      try {
        const connection = await this.#cluster.coordinatorConnection(this.#config.groupId);
        const version = connection.versionFor(ApiKey.LeaveGroup);
        // v3 replaced the single member id with a list of members (for static membership).
        const body = version >= 3 ? { groupId: this.#config.groupId, members: [{ memberId, groupInstanceId: null }] } : { groupId: this.#config.groupId, memberId };
        const response = await connection.send<LeaveGroupResponse>(ApiKey.LeaveGroup, body, { version });
        if (response.errorCode !== ErrorCode.NONE) {
          this.#logger?.debug({ group: this.#config.groupId, error: errorName(response.errorCode) }, 'LeaveGroup refused');
        }
      } catch (error) {
        this.#logger?.debug({ group: this.#config.groupId, err: error }, 'LeaveGroup failed');
      }
    }
    this.#generation = NO_GENERATION;
    this.#state = MemberState.UNJOINED;
    this.#rejoinNeeded = true;
  }

  close(): void {
    this.#closed = true;
    this.#stopHeartbeat();
    this.#notifier.notify();
  }

  /** JoinGroup then SyncGroup, retried until they succeed or fail for good. */
  async #join(): Promise<JoinResult> {
    const epoch = this.#joinEpoch;
    for (;;) {
      if (this.#closed) throw new ClientClosedError('consumer');
      try {
        const result = await this.#joinOnce(epoch);
        if (result !== null) return result;
      } catch (error) {
        if (!isRetriableError(error)) throw error;
        if (error instanceof ConnectionError || COORDINATOR_MOVED.has(error.code)) this.#cluster.invalidateCoordinator(this.#config.groupId);
        this.#logger?.debug({ group: this.#config.groupId, err: error }, 'join failed, retrying');
        await sleep(this.#config.retryBackoffMs, this.#cluster.closeSignal);
      }
    }
  }

  /** One JoinGroup/SyncGroup round; null when it is to be repeated at once (e.g. with a member id just given). */
  async #joinOnce(epoch: number): Promise<JoinResult | null> {
    const { groupId, sessionTimeoutMs, rebalanceTimeoutMs } = this.#config;
    const timeoutMs = Math.max(this.#config.requestTimeoutMs, rebalanceTimeoutMs + JOIN_TIMEOUT_LAPSE_MS);
    const connection = await this.#cluster.coordinatorConnection(groupId);
    const join = await connection.send<JoinGroupResponse>(
      ApiKey.JoinGroup,
      {
        groupId,
        sessionTimeoutMs,
        rebalanceTimeoutMs,
        memberId: this.#generation.memberId,
        groupInstanceId: null,
        protocolType: this.#protocol.protocolType,
        protocols: this.#protocol.metadata(),
      },
      { timeoutMs },
    );
    this.#checkEpoch(epoch);
    switch (join.errorCode) {
      case ErrorCode.NONE:
        break;
      case ErrorCode.MEMBER_ID_REQUIRED:
        this.#generation = { ...NO_GENERATION, memberId: join.memberId };
        return null;
      case ErrorCode.UNKNOWN_MEMBER_ID:
      case ErrorCode.ILLEGAL_GENERATION:
        this.#generation = NO_GENERATION;
        return null;
      case ErrorCode.REBALANCE_IN_PROGRESS:
        await sleep(this.#config.retryBackoffMs, this.#cluster.closeSignal);
        return null;
      default:
        throw new KafkaError(join.errorCode, `JoinGroup for group ${groupId} failed: ${errorName(join.errorCode)}`);
    }
    const generation: Generation = { generationId: join.generationId, memberId: join.memberId, protocolName: join.protocolName };
    this.#generation = generation;
    const isLeader = join.leader === join.memberId;
    this.#logger?.info({ group: groupId, generation: join.generationId, memberId: join.memberId, leader: isLeader, protocol: join.protocolName }, 'joined group');
    const assignments = isLeader ? await this.#protocol.performAssignment(join.leader, join.protocolName, join.members) : [];
    const sync = await connection.send<SyncGroupResponse>(
      ApiKey.SyncGroup,
      { groupId, generationId: generation.generationId, memberId: generation.memberId, groupInstanceId: null, assignments },
      { timeoutMs },
    );
    this.#checkEpoch(epoch);
    switch (sync.errorCode) {
      case ErrorCode.NONE:
        break;
      case ErrorCode.REBALANCE_IN_PROGRESS:
        return null;
      case ErrorCode.UNKNOWN_MEMBER_ID:
      case ErrorCode.ILLEGAL_GENERATION:
        this.#generation = NO_GENERATION;
        return null;
      default:
        throw new KafkaError(sync.errorCode, `SyncGroup for group ${groupId} failed: ${errorName(sync.errorCode)}`);
    }
    this.#state = MemberState.ASSIGNED;
    this.#lastHeartbeatOk = Date.now();
    this.#scheduleHeartbeat();
    return { generation, assignment: sync.assignment };
  }

  #checkEpoch(epoch: number): void {
    if (epoch !== this.#joinEpoch) throw new ConsumerStateError('the join was abandoned: the member left the group meanwhile');
  }

  #scheduleHeartbeat(): void {
    if (this.#heartbeatTimer !== null || this.#closed) return;
    this.#heartbeatTimer = setTimeout(() => {
      this.#heartbeatTimer = null;
      void this.#heartbeat();
    }, this.#config.heartbeatIntervalMs);
  }

  #stopHeartbeat(): void {
    if (this.#heartbeatTimer !== null) clearTimeout(this.#heartbeatTimer);
    this.#heartbeatTimer = null;
  }

  #heartbeating(generation: Generation): boolean {
    return (
      !this.#closed &&
      this.#generation === generation &&
      (this.#state === MemberState.ASSIGNED || this.#state === MemberState.STABLE)
    );
  }

  async #heartbeat(): Promise<void> {
    const generation = this.#generation;
    if (!this.#heartbeating(generation)) return;
    const now = Date.now();
    if (now - this.#lastPoll > this.#config.rebalanceTimeoutMs) {
      this.#logger?.warn(
        { group: this.#config.groupId, sincePollMs: now - this.#lastPoll },
        'poll() was not called within max.poll.interval.ms (rebalanceTimeoutMs): leaving the group so its partitions can be reassigned',
      );
      await this.leaveGroup('consumer poll timeout has expired');
      this.#lost = true;
      return;
    }
    if (now - this.#lastHeartbeatOk > this.#config.sessionTimeoutMs) {
      this.resetGeneration('no successful heartbeat within the session timeout');
      return;
    }
    try {
      const connection = await this.#cluster.coordinatorConnection(this.#config.groupId);
      const response = await connection.send<HeartbeatResponse>(ApiKey.Heartbeat, {
        groupId: this.#config.groupId,
        generationId: generation.generationId,
        memberId: generation.memberId,
        groupInstanceId: null,
      });
      if (!this.#heartbeating(generation)) return;
      const code = response.errorCode;
      if (code === ErrorCode.NONE || code === ErrorCode.REBALANCE_IN_PROGRESS) this.#lastHeartbeatOk = Date.now();
      if (code === ErrorCode.REBALANCE_IN_PROGRESS) this.requestRejoin('the group is rebalancing');
      else if (FENCED.has(code)) this.resetGeneration(`heartbeat answered ${errorName(code)}`);
      else if (COORDINATOR_MOVED.has(code)) this.#cluster.invalidateCoordinator(this.#config.groupId);
      else if (code !== ErrorCode.NONE) this.#logger?.warn({ group: this.#config.groupId, error: errorName(code) }, 'heartbeat failed');
    } catch (error) {
      if (error instanceof ConnectionError) this.#cluster.invalidateCoordinator(this.#config.groupId);
      this.#logger?.debug({ group: this.#config.groupId, err: error }, 'heartbeat failed');
    } finally {
      if (this.#heartbeating(this.#generation)) this.#scheduleHeartbeat();
    }
  }
}
