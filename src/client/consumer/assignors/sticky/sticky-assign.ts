import type { TopicPartition } from '../../topic-partition.js';
import { compareStrings } from '../partition-assignor.js';
import type { GroupAssignment, PartitionsPerTopic } from '../partition-assignor.js';
import { constrainedAssign } from './constrained-assignment.js';
import { DEFAULT_GENERATION, GeneralAssignmentBuilder } from './general-assignment.js';
import type { StickyMember } from './general-assignment.js';
import { PartitionRegistry, removeItem } from './partition-registry.js';

export interface StickyAssignment {
  readonly assignment: GroupAssignment;
  /**
   * Owned partitions given to another member (partition → new owner), as the constrained algorithm tracks them;
   * null after the general algorithm, whose caller computes them from owned vs. assigned.
   */
  readonly transferring: Map<TopicPartition, string> | null;
}

/**
 * Kafka's `AbstractStickyAssignor.assignPartitions`: validates what each member claims to own (dropping topics no
 * longer assignable, resolving partitions claimed twice by generation) and runs the constrained algorithm when all
 * members subscribe to the same topics, the general one otherwise.
 *
 * Members are visited in member-id order where Kafka iterates a HashMap, so the result is deterministic. Kafka
 * compares a member's generation from its user data with the other claimant's protocol-level generation only;
 * here both sides use the same (member data) generation, so two v1 members claiming one partition are resolved
 * alike whichever is visited first.
 */
export function stickyAssign(
  partitionsPerTopic: PartitionsPerTopic,
  members: ReadonlyMap<string, StickyMember>,
): StickyAssignment {
  const registry = new PartitionRegistry();
  const consumers = [...members.keys()].sort(compareStrings);
  const owned = new Map<string, TopicPartition[]>();
  const claimedTwice = new Set<TopicPartition>();
  const previousOwner = new Map<TopicPartition, string>();
  let maxGeneration = DEFAULT_GENERATION;
  let allEqual = true;
  let firstTopics: ReadonlySet<string> | undefined;

  for (const consumer of consumers) {
    const member = members.get(consumer)!;
    const topics = new Set(member.topics);
    if (firstTopics === undefined || firstTopics.size === 0) firstTopics = topics;
    else if (allEqual && !(topics.size === firstTopics.size && [...topics].every((t) => firstTopics!.has(t)))) allEqual = false;

    const generation = member.generation ?? DEFAULT_GENERATION;
    maxGeneration = Math.max(maxGeneration, generation);
    const ownedPartitions: TopicPartition[] = [];
    owned.set(consumer, ownedPartitions);
    for (const claimed of member.ownedPartitions) {
      if (!partitionsPerTopic.has(claimed.topic)) continue;
      const tp = registry.canonical(claimed);
      const other = previousOwner.get(tp);
      if (other === undefined) {
        ownedPartitions.push(tp);
        previousOwner.set(tp, consumer);
        continue;
      }
      const otherGeneration = members.get(other)!.generation ?? DEFAULT_GENERATION;
      if (generation === otherGeneration) {
        claimedTwice.add(tp);
        removeItem(owned.get(other)!, tp);
        previousOwner.set(tp, consumer);
      } else if (generation > otherGeneration) {
        ownedPartitions.push(tp);
        removeItem(owned.get(other)!, tp);
        previousOwner.set(tp, consumer);
      }
    }
  }

  if (allEqual) {
    const transferring = new Map<TopicPartition, string>();
    const assignment = constrainedAssign(registry, partitionsPerTopic, owned, claimedTwice, transferring);
    return { assignment, transferring };
  }
  const builder = new GeneralAssignmentBuilder(registry, partitionsPerTopic, members, owned, maxGeneration);
  return { assignment: builder.build(), transferring: null };
}
