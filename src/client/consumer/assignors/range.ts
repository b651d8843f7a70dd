import type { TopicPartition } from '../topic-partition.js';
import { RebalanceProtocol, compareMembers, compareStrings, emptyAssignment } from './partition-assignor.js';
import type { GroupAssignment, MemberSubscription, PartitionAssignor, PartitionsPerTopic } from './partition-assignor.js';

/**
 * Kafka's `RangeAssignor` (`range`): per topic, the partitions are split into contiguous ranges over the members
 * subscribed to it, in member order; the first `partitions % members` members get one extra. Topics are handled
 * independently, so with many topics of few partitions the first members get more in total.
 */
export class RangeAssignor implements PartitionAssignor {
  readonly name = 'range';
  readonly supportedProtocols = [RebalanceProtocol.EAGER] as const;

  assign(partitionsPerTopic: PartitionsPerTopic, subscriptions: ReadonlyMap<string, MemberSubscription>): GroupAssignment {
    const assignment = emptyAssignment(subscriptions);
    const consumersPerTopic = new Map<string, { memberId: string; groupInstanceId: string | null }[]>();
    for (const [memberId, subscription] of subscriptions) {
      for (const topic of new Set(subscription.topics)) {
        let members = consumersPerTopic.get(topic);
        if (members === undefined) {
          members = [];
          consumersPerTopic.set(topic, members);
        }
        members.push({ memberId, groupInstanceId: subscription.groupInstanceId });
      }
    }
    // Kafka walks a HashMap of topics; sorting makes each member's list come out topic by topic, in order.
    for (const topic of [...consumersPerTopic.keys()].sort(compareStrings)) {
      const partitionCount = partitionsPerTopic.get(topic);
      if (partitionCount === undefined) continue;
      const members = consumersPerTopic.get(topic)!.sort(compareMembers);
      const perMember = Math.floor(partitionCount / members.length);
      const withExtra = partitionCount % members.length;
      for (let i = 0; i < members.length; i++) {
        const start = perMember * i + Math.min(i, withExtra);
        const length = perMember + (i + 1 > withExtra ? 0 : 1);
        const target = assignment.get(members[i]!.memberId)!;
        for (let p = start; p < start + length; p++) target.push({ topic, partition: p });
      }
    }
    return assignment;
  }

  subscriptionUserData(): Buffer | null {
    return null;
  }

  onAssignment(_partitions: readonly TopicPartition[], _generationId: number): void {}
}
