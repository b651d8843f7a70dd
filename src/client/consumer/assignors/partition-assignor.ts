import type { Subscription } from '../consumer-protocol.js';
import type { TopicPartition } from '../topic-partition.js';

/**
 * Kafka's `RebalanceProtocol`. EAGER: every member revokes everything before rejoining. COOPERATIVE: members keep
 * what they own across the rebalance and revoke only partitions the new assignment moves away (a second rebalance
 * then hands those out).
 */
export const RebalanceProtocol = {
  EAGER: 'EAGER',
  COOPERATIVE: 'COOPERATIVE',
} as const;

export type RebalanceProtocolName = (typeof RebalanceProtocol)[keyof typeof RebalanceProtocol];

/** One member's subscription as the leader's assignor sees it. */
export interface MemberSubscription extends Subscription {
  /** Static membership id (`group.instance.id`); static members sort before dynamic ones. */
  readonly groupInstanceId: string | null;
}

/** Topic → partition count, for the topics some member subscribed to and the metadata knows. */
export type PartitionsPerTopic = ReadonlyMap<string, number>;

/** Member id → the partitions assigned to it. */
export type GroupAssignment = Map<string, TopicPartition[]>;

/**
 * Kafka's `ConsumerPartitionAssignor`: the algorithm the group leader runs over every member's subscription. The
 * `name` travels in JoinGroup as the protocol name, so members of different clients interoperate when their
 * assignors share a name and an algorithm.
 */
export interface PartitionAssignor {
  readonly name: string;
  /** The protocols this assignor supports; the consumer uses COOPERATIVE only if every configured assignor does. */
  readonly supportedProtocols: readonly RebalanceProtocolName[];
  assign(partitionsPerTopic: PartitionsPerTopic, subscriptions: ReadonlyMap<string, MemberSubscription>): GroupAssignment;
  /** The user data to put in this member's subscription; null for none. */
  subscriptionUserData(topics: ReadonlySet<string>): Buffer | null;
  /** Called on every member when a rebalance completes, with its own assignment. */
  onAssignment(partitions: readonly TopicPartition[], generationId: number): void;
}

/**
 * Kafka's `AbstractPartitionAssignor.MemberInfo` order: members with a `group.instance.id` first, ordered by it,
 * then the others by member id — so static members keep their partitions when their member id changes.
 */
export function compareMembers(
  a: { memberId: string; groupInstanceId: string | null },
  b: { memberId: string; groupInstanceId: string | null },
): number {
  if (a.groupInstanceId !== null && b.groupInstanceId !== null) return compareStrings(a.groupInstanceId, b.groupInstanceId);
  if (a.groupInstanceId !== null) return -1;
  if (b.groupInstanceId !== null) return 1;
  return compareStrings(a.memberId, b.memberId);
}

/** Java's `String.compareTo` sign: UTF-16 code unit order, which is also JavaScript's `<` on strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An empty assignment entry for every member, as Kafka's assignors start from. */
export function emptyAssignment(subscriptions: ReadonlyMap<string, unknown>): GroupAssignment {
  const assignment: GroupAssignment = new Map();
  for (const memberId of [...subscriptions.keys()].sort(compareStrings)) assignment.set(memberId, []);
  return assignment;
}
