import type { TopicPartition } from '../topic-partition.js';
import { RebalanceProtocol, compareMembers, compareStrings, emptyAssignment } from './partition-assignor.js';
import type { GroupAssignment, MemberSubscription, PartitionAssignor, PartitionsPerTopic } from './partition-assignor.js';

/**
 * Kafka's `RoundRobinAssignor` (`roundrobin`): every partition of every subscribed topic, sorted by topic then
 * partition, dealt in turn to the members in member order, skipping members not subscribed to its topic.
 */
export class RoundRobinAssignor implements PartitionAssignor {
  readonly name = 'roundrobin';
  readonly supportedProtocols = [RebalanceProtocol.EAGER] as const;

  assign(partitionsPerTopic: PartitionsPerTopic, subscriptions: ReadonlyMap<string, MemberSubscription>): GroupAssignment {
    const assignment = emptyAssignment(subscriptions);
    const members = [...subscriptions]
      .map(([memberId, subscription]) => ({ memberId, groupInstanceId: subscription.groupInstanceId, topics: new Set(subscription.topics) }))
      .sort(compareMembers);
    if (members.length === 0) return assignment;

    const topics = new Set<string>();
    for (const member of members) for (const topic of member.topics) topics.add(topic);
    let next = 0;
    for (const topic of [...topics].sort(compareStrings)) {
      const partitionCount = partitionsPerTopic.get(topic);
      if (partitionCount === undefined) continue;
      for (let partition = 0; partition < partitionCount; partition++) {
        // Some member is subscribed to every topic in the set, so this loop ends within one turn.
        while (!members[next]!.topics.has(topic)) next = (next + 1) % members.length;
        assignment.get(members[next]!.memberId)!.push({ topic, partition });
        next = (next + 1) % members.length;
      }
    }
    return assignment;
  }

  subscriptionUserData(): Buffer | null {
    return null;
  }

  onAssignment(_partitions: readonly TopicPartition[], _generationId: number): void {}
}
