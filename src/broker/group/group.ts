import type { GroupMember, MemberProtocol } from './group-member.js';
import { GroupState, assertTransition } from './group-state.js';
import type { GroupStateName } from './group-state.js';
import type { Cancel } from './scheduler.js';

/** One committed offset, as Kafka's OffsetAndMetadata. */
export interface CommittedOffset {
  readonly offset: bigint;
  /** -1 when the client sent none. */
  readonly leaderEpoch: number;
  readonly metadata: string;
  readonly commitTimestamp: number;
  /** -1: expires by `offsets.retention.minutes` once the group is empty; else at this time (v2–4 commits). */
  readonly expireTimestamp: number;
}

/** topic → partition → committed offset. */
export type GroupOffsets = Map<string, Map<number, CommittedOffset>>;

/**
 * One group's membership and committed offsets (Kafka's GroupMetadata). It holds state and answers questions
 * about it; the protocol — what a join, sync, heartbeat or expiry does — lives in the GroupCoordinator.
 */
export class Group {
  readonly groupId: string;
  #state: GroupStateName = GroupState.Empty;
  /** When the group entered its current state: the base of offset expiry once it is Empty. */
  stateTimestamp: number;
  generationId = 0;
  /** Set by the first member; kept while empty so that ListGroups can tell consumer groups from simple ones. */
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** In join order: the first member of a rebalance becomes leader when the old one is gone. */
  readonly members = new Map<string, GroupMember>();
  /** Member ids handed out with MEMBER_ID_REQUIRED whose owners have not joined with them yet. */
  readonly pendingMembers = new Map<string, Cancel>();
  readonly offsets: GroupOffsets = new Map();
  /** The timer completing the current join phase (initial delay or rebalance timeout). */
  cancelJoinTimer: Cancel | null = null;
  /** The initial delayed join of an empty group is running; it is completed by its timer only. */
  inInitialDelay = false;
  /** A member joined during the initial delay, so the delay may be extended once more. */
  newMemberAdded = false;

  constructor(groupId: string, now: number) {
    this.groupId = groupId;
    this.stateTimestamp = now;
  }

  get state(): GroupStateName {
    return this.#state;
  }

  is(state: GroupStateName): boolean {
    return this.#state === state;
  }

  transitionTo(state: GroupStateName, now: number): void {
    assertTransition(this.groupId, this.#state, state);
    this.#state = state;
    this.stateTimestamp = now;
  }

  add(member: GroupMember): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    this.members.set(member.memberId, member);
    this.leaderId ??= member.memberId;
  }

  /** Removes the member; a departing leader is replaced by the longest-standing member left. */
  remove(memberId: string): void {
    this.members.delete(memberId);
    if (this.leaderId === memberId) this.leaderId = this.members.keys().next().value ?? null;
  }

  /**
   * Kafka's supportsProtocols: the first member must name a protocol type and at least one protocol; later ones
   * must match the type and share a protocol with every current member.
   */
  supportsProtocols(protocolType: string, protocols: readonly MemberProtocol[]): boolean {
    if (this.members.size === 0) return protocolType !== '' && protocols.length > 0;
    if (protocolType !== this.protocolType) return false;
    const candidates = this.candidateProtocols();
    return protocols.some((p) => candidates.has(p.name));
  }

  /** Protocols every member supports, in the leader's order of preference. */
  candidateProtocols(): Set<string> {
    const leader = (this.leaderId !== null ? this.members.get(this.leaderId) : undefined) ?? this.members.values().next().value;
    const candidates = new Set<string>();
    if (!leader) return candidates;
    for (const { name } of leader.protocols) {
      let all = true;
      for (const member of this.members.values()) {
        if (!member.supports(name)) {
          all = false;
          break;
        }
      }
      if (all) candidates.add(name);
    }
    return candidates;
  }

  /** Each member votes for its favourite candidate; the most votes win, ties going to the leader's preference. */
  selectProtocol(): string {
    const candidates = this.candidateProtocols();
    const votes = new Map<string, number>();
    for (const member of this.members.values()) {
      const choice = member.vote(candidates);
      if (choice !== undefined) votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best = '';
    let bestVotes = 0;
    for (const name of candidates) {
      const count = votes.get(name) ?? 0;
      if (count > bestVotes) {
        best = name;
        bestVotes = count;
      }
    }
    return best;
  }

  /** Every member has a join outstanding and no handed-out member id is still on its way back. */
  allMembersJoined(): boolean {
    if (this.pendingMembers.size > 0) return false;
    for (const member of this.members.values()) if (member.awaitingJoin === null) return false;
    return true;
  }

  /** How long a rebalance may wait for members: the largest rebalance timeout any member asked for. */
  rebalanceTimeoutMs(): number {
    let max = 0;
    for (const member of this.members.values()) max = Math.max(max, member.rebalanceTimeoutMs);
    return max;
  }

  offset(topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.get(topic)?.get(partition);
  }

  setOffset(topic: string, partition: number, committed: CommittedOffset): void {
    let partitions = this.offsets.get(topic);
    if (!partitions) {
      partitions = new Map();
      this.offsets.set(topic, partitions);
    }
    partitions.set(partition, committed);
  }

  deleteOffset(topic: string, partition: number): void {
    const partitions = this.offsets.get(topic);
    if (!partitions) return;
    partitions.delete(partition);
    if (partitions.size === 0) this.offsets.delete(topic);
  }

  get hasOffsets(): boolean {
    return this.offsets.size > 0;
  }
}
