import type { TopicPartition } from '../../topic-partition.js';
import { compareStrings } from '../partition-assignor.js';
import type { GroupAssignment, PartitionsPerTopic } from '../partition-assignor.js';
import type { PartitionRegistry } from './partition-registry.js';
import { removeItem } from './partition-registry.js';
import { PartitionMovements } from './partition-movements.js';

export const DEFAULT_GENERATION = -1;

/** What the sticky assignor knows of a member: its subscribed topics, owned partitions and their generation. */
export interface StickyMember {
  readonly topics: readonly string[];
  readonly ownedPartitions: readonly TopicPartition[];
  /** null when the member's subscription carries no generation. */
  readonly generation: number | null;
}

interface ConsumerGeneration {
  readonly consumer: string;
  readonly generation: number;
}

/**
 * Kafka's `AbstractStickyAssignor.GeneralAssignmentBuilder` (rack awareness left out), for members subscribed to
 * different topics:
 *
 * 1. keep every valid owned partition (topic still exists and is still subscribed by its owner);
 * 2. give each unassigned partition to the member with the fewest partitions that can take it, topics with the
 *    fewest potential members first;
 * 3. move partitions from members that have at least two more than another member subscribed to the topic,
 *    preferring the previous generation's owner and undoing earlier moves rather than making new ones;
 * 4. keep the result only if it is better balanced than step 2's (unless nothing was owned before).
 */
export class GeneralAssignmentBuilder {
  readonly #registry: PartitionRegistry;
  readonly #partitionsPerTopic: PartitionsPerTopic;
  readonly #members: ReadonlyMap<string, StickyMember>;
  readonly #maxGeneration: number;
  readonly #currentAssignment: GroupAssignment;
  readonly #topicConsumers = new Map<string, string[]>();
  readonly #consumerTopics = new Map<string, string[]>();
  readonly #consumerTopicSets = new Map<string, ReadonlySet<string>>();
  readonly #partitionConsumer = new Map<TopicPartition, string>();
  readonly #movements = new PartitionMovements();
  #sortedAllPartitions: TopicPartition[];
  /** Kafka's `sortedCurrentSubscriptions` TreeSet: members by (assigned count, member id), kept sorted by hand. */
  #sorted: string[] = [];
  #revocationRequired = false;

  /** `currentAssignment` holds each member's still-valid owned partitions and is updated in place. */
  constructor(
    registry: PartitionRegistry,
    partitionsPerTopic: PartitionsPerTopic,
    members: ReadonlyMap<string, StickyMember>,
    currentAssignment: GroupAssignment,
    maxGeneration: number,
  ) {
    this.#registry = registry;
    this.#partitionsPerTopic = partitionsPerTopic;
    this.#members = members;
    this.#currentAssignment = currentAssignment;
    this.#maxGeneration = maxGeneration;
    for (const topic of partitionsPerTopic.keys()) this.#topicConsumers.set(topic, []);
    for (const [consumer, member] of members) {
      const topics = member.topics.filter((topic) => partitionsPerTopic.has(topic));
      this.#consumerTopics.set(consumer, topics);
      this.#consumerTopicSets.set(consumer, new Set(member.topics));
      for (const topic of topics) this.#topicConsumers.get(topic)!.push(consumer);
      if (!currentAssignment.has(consumer)) currentAssignment.set(consumer, []);
    }
    for (const [consumer, partitions] of currentAssignment) for (const tp of partitions) this.#partitionConsumer.set(tp, consumer);
    const topics = [...this.#topicConsumers.keys()].sort(
      (a, b) => this.#topicConsumers.get(a)!.length - this.#topicConsumers.get(b)!.length || compareStrings(a, b),
    );
    this.#sortedAllPartitions = topics.flatMap((topic) => registry.partitionsOf(topic, partitionsPerTopic.get(topic)!));
  }

  build(): GroupAssignment {
    const prevAssignment = this.#previousOwners();
    const assigned = new Set(this.#assignOwnedPartitions());
    const unassigned = this.#sortedAllPartitions.filter((tp) => !assigned.has(tp));
    for (const consumer of this.#currentAssignment.keys()) this.#insertSorted(consumer);
    this.#balance(prevAssignment, unassigned);
    return this.#currentAssignment;
  }

  /** The owner in the generation before the newest one, per partition: where a move should preferably go back to. */
  #previousOwners(): Map<TopicPartition, ConsumerGeneration> {
    const prev = new Map<TopicPartition, ConsumerGeneration>();
    for (const [consumer, member] of this.#members) {
      let generation: number;
      if (member.generation !== null && member.generation < this.#maxGeneration) generation = member.generation;
      else if (member.generation === null && this.#maxGeneration > DEFAULT_GENERATION) generation = DEFAULT_GENERATION;
      else continue;
      for (const owned of member.ownedPartitions) {
        const tp = this.#registry.canonical(owned);
        const existing = prev.get(tp);
        if (existing === undefined || generation > existing.generation) prev.set(tp, { consumer, generation });
      }
    }
    return prev;
  }

  #assignOwnedPartitions(): TopicPartition[] {
    const assigned: TopicPartition[] = [];
    for (const [consumer, partitions] of this.#currentAssignment) {
      const subscribed = this.#consumerTopicSets.get(consumer)!;
      for (let i = 0; i < partitions.length; ) {
        const tp = partitions[i]!;
        if (!this.#topicConsumers.has(tp.topic)) {
          partitions.splice(i, 1);
          this.#partitionConsumer.delete(tp);
        } else if (!subscribed.has(tp.topic)) {
          partitions.splice(i, 1);
          this.#revocationRequired = true;
        } else {
          assigned.push(tp);
          i++;
        }
      }
    }
    return assigned;
  }

  #balance(prevAssignment: Map<TopicPartition, ConsumerGeneration>, unassigned: TopicPartition[]): void {
    const last = this.#sorted[this.#sorted.length - 1];
    const initializing = last === undefined || this.#currentAssignment.get(last)!.length === 0;

    for (const tp of unassigned) {
      if (this.#topicConsumers.get(tp.topic)!.length === 0) continue;
      const consumer = this.#sorted.find((c) => this.#consumerTopicSets.get(c)!.has(tp.topic));
      if (consumer === undefined) continue;
      this.#removeSorted(consumer);
      this.#currentAssignment.get(consumer)!.push(tp);
      this.#partitionConsumer.set(tp, consumer);
      this.#insertSorted(consumer);
    }

    const reassignable = (tp: TopicPartition): boolean => this.#topicConsumers.get(tp.topic)!.length >= 2;
    this.#sortedAllPartitions = this.#sortedAllPartitions.filter(reassignable);
    const reassignableUnassigned = unassigned.filter(reassignable);

    const fixed = new Map<string, TopicPartition[]>();
    for (const consumer of this.#consumerTopics.keys()) {
      if (this.#canConsumerParticipate(consumer)) continue;
      this.#removeSorted(consumer);
      fixed.set(consumer, this.#currentAssignment.get(consumer)!);
      this.#currentAssignment.delete(consumer);
    }

    const preBalance = copyAssignment(this.#currentAssignment);
    const preBalanceOwners = new Map(this.#partitionConsumer);
    if (!this.#revocationRequired) this.#performReassignments(reassignableUnassigned, prevAssignment);
    const reassigned = this.#performReassignments(this.#sortedAllPartitions, prevAssignment);
    if (!initializing && reassigned && balanceScore(this.#currentAssignment) >= balanceScore(preBalance)) {
      this.#currentAssignment.clear();
      for (const [consumer, partitions] of preBalance) this.#currentAssignment.set(consumer, partitions);
      this.#partitionConsumer.clear();
      for (const [tp, consumer] of preBalanceOwners) this.#partitionConsumer.set(tp, consumer);
    }

    for (const [consumer, partitions] of fixed) this.#currentAssignment.set(consumer, partitions);
  }

  #performReassignments(reassignable: readonly TopicPartition[], prevAssignment: Map<TopicPartition, ConsumerGeneration>): boolean {
    let reassignmentPerformed = false;
    let modified: boolean;
    do {
      modified = false;
      for (const tp of reassignable) {
        if (this.#isBalanced()) break;
        const consumer = this.#partitionConsumer.get(tp)!;
        const size = this.#currentAssignment.get(consumer)!.length;
        const previous = prevAssignment.get(tp);
        // Kafka moves back to the previous owner unchecked; a previous owner that has since unsubscribed cannot take it.
        if (
          previous !== undefined &&
          this.#consumerTopicSets.get(previous.consumer)?.has(tp.topic) === true &&
          size > (this.#currentAssignment.get(previous.consumer)?.length ?? Infinity) + 1
        ) {
          this.#reassign(tp, previous.consumer);
          reassignmentPerformed = modified = true;
          continue;
        }
        for (const other of this.#topicConsumers.get(tp.topic)!) {
          if (size > this.#currentAssignment.get(other)!.length + 1) {
            const target = this.#sorted.find((c) => this.#consumerTopicSets.get(c)!.has(tp.topic))!;
            this.#reassign(tp, target);
            reassignmentPerformed = modified = true;
            break;
          }
        }
      }
    } while (modified);
    return reassignmentPerformed;
  }

  #reassign(partition: TopicPartition, newConsumer: string): void {
    const consumer = this.#partitionConsumer.get(partition)!;
    const moved = this.#movements.actualPartitionToMove(partition, consumer, newConsumer);
    const oldConsumer = this.#partitionConsumer.get(moved)!;
    this.#removeSorted(oldConsumer);
    this.#removeSorted(newConsumer);
    this.#movements.movePartition(moved, oldConsumer, newConsumer);
    removeItem(this.#currentAssignment.get(oldConsumer)!, moved);
    this.#currentAssignment.get(newConsumer)!.push(moved);
    this.#partitionConsumer.set(moved, newConsumer);
    this.#insertSorted(newConsumer);
    this.#insertSorted(oldConsumer);
  }

  #isBalanced(): boolean {
    const first = this.#sorted[0];
    const last = this.#sorted[this.#sorted.length - 1];
    if (first === undefined || last === undefined) return true;
    if (this.#currentAssignment.get(first)!.length >= this.#currentAssignment.get(last)!.length - 1) return true;
    const owner = new Map<TopicPartition, string>();
    for (const [consumer, partitions] of this.#currentAssignment) for (const tp of partitions) owner.set(tp, consumer);
    for (const consumer of this.#sorted) {
      const own = this.#currentAssignment.get(consumer)!;
      const topics = this.#consumerTopics.get(consumer)!;
      if (own.length === this.#maxAssignmentSize(topics)) continue;
      const ownSet = new Set(own);
      for (const topic of topics) {
        for (const tp of this.#registry.partitionsOf(topic, this.#partitionsPerTopic.get(topic)!)) {
          if (ownSet.has(tp)) continue;
          const other = owner.get(tp);
          if (other !== undefined && own.length + 1 < this.#currentAssignment.get(other)!.length) return false;
        }
      }
    }
    return true;
  }

  #canConsumerParticipate(consumer: string): boolean {
    const partitions = this.#currentAssignment.get(consumer)!;
    if (partitions.length < this.#maxAssignmentSize(this.#consumerTopics.get(consumer)!)) return true;
    return partitions.some((tp) => this.#topicConsumers.get(tp.topic)!.length >= 2);
  }

  #maxAssignmentSize(topics: readonly string[]): number {
    let size = 0;
    for (const topic of topics) size += this.#partitionsPerTopic.get(topic)!;
    return size;
  }

  #compare(a: string, b: string): number {
    return this.#currentAssignment.get(a)!.length - this.#currentAssignment.get(b)!.length || compareStrings(a, b);
  }

  #insertSorted(consumer: string): void {
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compare(this.#sorted[mid]!, consumer) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.#sorted.splice(lo, 0, consumer);
  }

  #removeSorted(consumer: string): void {
    removeItem(this.#sorted, consumer);
  }
}

function copyAssignment(assignment: GroupAssignment): GroupAssignment {
  const copy: GroupAssignment = new Map();
  for (const [consumer, partitions] of assignment) copy.set(consumer, [...partitions]);
  return copy;
}

/** Sum over member pairs of the difference in partition counts; 0 is perfectly balanced. */
function balanceScore(assignment: GroupAssignment): number {
  const sizes = [...assignment.values()].map((partitions) => partitions.length);
  let score = 0;
  for (let i = 0; i < sizes.length; i++) for (let j = i + 1; j < sizes.length; j++) score += Math.abs(sizes[i]! - sizes[j]!);
  return score;
}
