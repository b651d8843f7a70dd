import type { TopicPartition } from '../topic-partition.js';
import { RebalanceProtocol } from './partition-assignor.js';
import type { GroupAssignment, MemberSubscription, PartitionAssignor, PartitionsPerTopic } from './partition-assignor.js';
import { DEFAULT_GENERATION } from './sticky/general-assignment.js';
import type { StickyMember } from './sticky/general-assignment.js';
import { stickyAssign } from './sticky/sticky-assign.js';

/**
 * Kafka's `CooperativeStickyAssignor` (`cooperative-sticky`): a balanced assignment that keeps each member's owned
 * partitions where balance allows, minus every partition that changes owner — those are first revoked by their
 * owner, and the follow-up rebalance that revocation triggers assigns them. No partition is ever owned by two
 * members at once, and members keep consuming the partitions that do not move.
 *
 * The member's generation travels as 4 bytes of user data (Kafka's encoding for v0/v1 subscriptions), so the
 * leader can tell current owned partitions from stale ones.
 */
export class CooperativeStickyAssignor implements PartitionAssignor {
  readonly name = 'cooperative-sticky';
  readonly supportedProtocols = [RebalanceProtocol.COOPERATIVE, RebalanceProtocol.EAGER] as const;
  #generation = DEFAULT_GENERATION;

  assign(partitionsPerTopic: PartitionsPerTopic, subscriptions: ReadonlyMap<string, MemberSubscription>): GroupAssignment {
    const members = new Map<string, StickyMember>();
    for (const [memberId, subscription] of subscriptions) members.set(memberId, memberData(subscription));
    const { assignment, transferring } = stickyAssign(partitionsPerTopic, members);
    const moving = transferring ?? partitionsChangingOwner(subscriptions, assignment);
    for (const [tp, newOwner] of moving) {
      const partitions = assignment.get(newOwner)!;
      const index = partitions.findIndex((p) => p.topic === tp.topic && p.partition === tp.partition);
      if (index >= 0) partitions.splice(index, 1);
    }
    return assignment;
  }

  subscriptionUserData(): Buffer {
    const userData = Buffer.allocUnsafe(4);
    userData.writeInt32BE(this.#generation, 0);
    return userData;
  }

  onAssignment(_partitions: readonly TopicPartition[], generationId: number): void {
    this.#generation = generationId;
  }
}

/** Kafka's `CooperativeStickyAssignor.memberData`: the v2+ generation field, else the one in user data. */
export function memberData(subscription: MemberSubscription): StickyMember {
  let generation = subscription.generationId;
  if (generation === null && subscription.userData !== null && subscription.userData.length >= 4) {
    generation = subscription.userData.readInt32BE(0);
  }
  return { topics: subscription.topics, ownedPartitions: subscription.ownedPartitions, generation };
}

/** Assigned partitions that some other member reported owning: they must be revoked before being handed over. */
function partitionsChangingOwner(
  subscriptions: ReadonlyMap<string, MemberSubscription>,
  assignment: GroupAssignment,
): Map<TopicPartition, string> {
  const key = (tp: TopicPartition): string => `${tp.topic}\u0000${tp.partition}`;
  const added = new Map<string, [TopicPartition, string]>();
  const revoked = new Set<string>();
  for (const [consumer, assigned] of assignment) {
    const owned = subscriptions.get(consumer)!.ownedPartitions;
    const ownedKeys = new Set(owned.map(key));
    const assignedKeys = new Set(assigned.map(key));
    for (const tp of assigned) if (!ownedKeys.has(key(tp))) added.set(key(tp), [tp, consumer]);
    for (const tp of owned) if (!assignedKeys.has(key(tp))) revoked.add(key(tp));
  }
  const moving = new Map<TopicPartition, string>();
  for (const [k, [tp, consumer]] of added) if (revoked.has(k)) moving.set(tp, consumer);
  return moving;
}
