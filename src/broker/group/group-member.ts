import type { Cancel } from './scheduler.js';

/** One protocol a member supports (for consumers: an assignor name and its subscription metadata). */
export interface MemberProtocol {
  readonly name: string;
  readonly metadata: Buffer;
}

/** A member as the leader sees it in its JoinGroup response. */
export interface JoinedMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly metadata: Buffer;
}

/** What a JoinGroup is answered with. */
export interface JoinOutcome {
  readonly errorCode: number;
  readonly generationId: number;
  /** The protocol the group chose; '' on errors. */
  readonly protocolName: string;
  readonly leaderId: string;
  readonly memberId: string;
  /** Every member with its metadata for the chosen protocol, for the leader; empty for followers. */
  readonly members: readonly JoinedMember[];
}

/** What a SyncGroup is answered with. */
export interface SyncOutcome {
  readonly errorCode: number;
  readonly assignment: Buffer;
}

export const EMPTY_BYTES: Buffer = Buffer.alloc(0);

/**
 * One member of a group (Kafka's MemberMetadata). The member is kept alive by heartbeats, joins, syncs and
 * commits, each of which pushes `heartbeatDeadline` forward; a join or sync it is waiting on is answered through
 * `awaitingJoin` / `awaitingSync`.
 */
export class GroupMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: readonly MemberProtocol[];
  /** Handed out by the leader's SyncGroup; empty until then. */
  assignment: Buffer = EMPTY_BYTES;
  heartbeatDeadline = 0;
  awaitingJoin: ((outcome: JoinOutcome) => void) | null = null;
  awaitingSync: ((outcome: SyncOutcome) => void) | null = null;
  /** The session timer; re-armed lazily, so a heartbeat costs no timer churn. */
  cancelSessionTimer: Cancel | null = null;

  constructor(
    memberId: string,
    groupInstanceId: string | null,
    clientId: string,
    clientHost: string,
    sessionTimeoutMs: number,
    rebalanceTimeoutMs: number,
    protocolType: string,
    protocols: readonly MemberProtocol[],
  ) {
    this.memberId = memberId;
    this.groupInstanceId = groupInstanceId;
    this.clientId = clientId;
    this.clientHost = clientHost;
    this.sessionTimeoutMs = sessionTimeoutMs;
    this.rebalanceTimeoutMs = rebalanceTimeoutMs;
    this.protocolType = protocolType;
    this.protocols = protocols;
  }

  /** The member's metadata for `protocol`; empty when it does not support it (it always does once chosen). */
  metadataFor(protocol: string): Buffer {
    return this.protocols.find((p) => p.name === protocol)?.metadata ?? EMPTY_BYTES;
  }

  supports(protocol: string): boolean {
    return this.protocols.some((p) => p.name === protocol);
  }

  /** The member's most preferred protocol among `candidates` (its list is in preference order). */
  vote(candidates: ReadonlySet<string>): string | undefined {
    return this.protocols.find((p) => candidates.has(p.name))?.name;
  }

  /** Whether a rejoin brings the same protocols and metadata, so it needs no new rebalance. */
  matches(protocols: readonly MemberProtocol[]): boolean {
    if (protocols.length !== this.protocols.length) return false;
    return protocols.every((p, i) => p.name === this.protocols[i]!.name && p.metadata.equals(this.protocols[i]!.metadata));
  }
}
