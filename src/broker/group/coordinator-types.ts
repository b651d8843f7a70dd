/**
 * The group coordinator's requests and answers, independent of wire versions: request handlers translate the
 * protocol messages into these and back.
 */
import type { MemberProtocol } from './group-member.js';

export interface JoinGroupParams {
  readonly groupId: string;
  /** '' for a member joining for the first time. */
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly sessionTimeoutMs: number;
  /** JoinGroup v0 has none: the handler passes the session timeout, as Kafka does. */
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly MemberProtocol[];
  /** JoinGroup v4+: a new member first gets its id with MEMBER_ID_REQUIRED and joins again with it. */
  readonly requireKnownMemberId: boolean;
}

export interface MemberAssignment {
  readonly memberId: string;
  readonly assignment: Buffer;
}

export interface SyncGroupParams {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** The leader's assignment for every member; followers send none. */
  readonly assignments: readonly MemberAssignment[];
}

export interface HeartbeatParams {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

export interface MemberIdentity {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

export interface LeaveGroupOutcome {
  /** A group-level error; members then carry none. */
  readonly errorCode: number;
  readonly members: readonly (MemberIdentity & { readonly errorCode: number })[];
}

export interface CommitPartition {
  readonly partitionIndex: number;
  readonly committedOffset: bigint;
  readonly committedLeaderEpoch: number;
  /** OffsetCommit v1 only; -1 means "now". */
  readonly commitTimestamp: number;
  readonly committedMetadata: string | null;
}

export interface OffsetCommitParams {
  readonly groupId: string;
  /** -1 (and an empty member id) from a client outside group management, e.g. a simple consumer. */
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** OffsetCommit v2–4: -1 keeps the broker's retention; otherwise the offsets expire this long after the commit. */
  readonly retentionTimeMs: number;
  readonly topics: readonly { readonly name: string; readonly partitions: readonly CommitPartition[] }[];
}

export interface CommitResultTopic {
  name: string;
  partitions: { partitionIndex: number; errorCode: number }[];
}

export interface FetchedOffset {
  partitionIndex: number;
  /** -1 when nothing was committed. */
  committedOffset: bigint;
  committedLeaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}

export interface OffsetFetchOutcome {
  /** A group-level error (v2+ answers it at the top; older versions on every partition). */
  errorCode: number;
  topics: { name: string; partitions: FetchedOffset[] }[];
}

export interface DescribedMember {
  memberId: string;
  clientId: string;
  clientHost: string;
  memberMetadata: Buffer;
  memberAssignment: Buffer;
}

export interface GroupDescription {
  errorCode: number;
  groupId: string;
  groupState: string;
  protocolType: string;
  /** The chosen protocol, only while Stable. */
  protocolData: string;
  members: DescribedMember[];
}

export interface GroupListing {
  groupId: string;
  protocolType: string;
}
