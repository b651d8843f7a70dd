import { ConsumerStateError } from '../../consumer-errors.js';
import type { TopicPartition } from '../../topic-partition.js';
import { compareTopicPartitions } from '../../topic-partition.js';
import { compareStrings } from '../partition-assignor.js';
import type { GroupAssignment, PartitionsPerTopic } from '../partition-assignor.js';
import type { PartitionRegistry } from './partition-registry.js';

/**
 * Kafka's `AbstractStickyAssignor.ConstrainedAssignmentBuilder`, for the common case where every member subscribes
 * to the same topics (rack awareness left out: Millrace consumers have no `client.rack`):
 *
 * 1. each member keeps its previously owned partitions up to its quota — `maxQuota` while fewer than
 *    `partitions % members` members have been given that many, else `minQuota`; the rest are revoked;
 * 2. the unassigned partitions, sorted, are dealt round-robin to members below `minQuota`, then one each to
 *    members at `minQuota` until the expected number of members reach `maxQuota`.
 *
 * Owned partitions that end up with a different member are recorded in `transferring` (partition → new owner),
 * which the cooperative assignor takes out of this round's assignment.
 */
export function constrainedAssign(
  registry: PartitionRegistry,
  partitionsPerTopic: PartitionsPerTopic,
  consumerToOwnedPartitions: ReadonlyMap<string, readonly TopicPartition[]>,
  partitionsWithMultiplePreviousOwners: ReadonlySet<TopicPartition>,
  transferring: Map<TopicPartition, string>,
): GroupAssignment {
  const assignment: GroupAssignment = new Map();
  const consumers = [...consumerToOwnedPartitions.keys()].sort(compareStrings);
  for (const consumer of consumers) assignment.set(consumer, []);
  if (consumers.length === 0) return assignment;

  let totalPartitions = 0;
  for (const count of partitionsPerTopic.values()) totalPartitions += count;
  const minQuota = Math.floor(totalPartitions / consumers.length);
  const maxQuota = Math.ceil(totalPartitions / consumers.length);
  const expectedOverMinQuota = totalPartitions % consumers.length;
  let currentOverMinQuota = 0;

  const revoked = new Set<TopicPartition>();
  const assigned = new Set<TopicPartition>();
  const underMinQuota: string[] = [];
  let exactlyMinQuota: string[] = [];

  for (const consumer of consumers) {
    const owned = consumerToOwnedPartitions
      .get(consumer)!
      .filter((tp) => !partitionsWithMultiplePreviousOwners.has(tp))
      .sort((a, b) => a.partition - b.partition || compareStrings(a.topic, b.topic));
    const target = assignment.get(consumer)!;
    if (owned.length < minQuota) {
      for (const tp of owned) keep(tp, target);
      underMinQuota.push(consumer);
    } else if (owned.length >= maxQuota && currentOverMinQuota < expectedOverMinQuota) {
      currentOverMinQuota++;
      if (currentOverMinQuota === expectedOverMinQuota) exactlyMinQuota = [];
      for (let i = 0; i < owned.length; i++) {
        if (i < maxQuota) keep(owned[i]!, target);
        else revoked.add(owned[i]!);
      }
    } else {
      for (let i = 0; i < owned.length; i++) {
        if (i < minQuota) keep(owned[i]!, target);
        else revoked.add(owned[i]!);
      }
      if (currentOverMinQuota < expectedOverMinQuota) exactlyMinQuota.push(consumer);
    }
  }

  const unassigned: TopicPartition[] = [];
  for (const topic of [...partitionsPerTopic.keys()].sort(compareStrings)) {
    for (const tp of registry.partitionsOf(topic, partitionsPerTopic.get(topic)!)) if (!assigned.has(tp)) unassigned.push(tp);
  }
  underMinQuota.sort(compareStrings);
  exactlyMinQuota.sort(compareStrings);

  // The round-robin fill, with Kafka's iterator semantics over a list that shrinks as members reach minQuota.
  let cursor = 0;
  for (let i = 0; i < unassigned.length; i++) {
    const tp = unassigned[i]!;
    let consumer: string;
    if (cursor < underMinQuota.length) {
      consumer = underMinQuota[cursor++]!;
    } else if (underMinQuota.length === 0) {
      const next = exactlyMinQuota.shift();
      if (next === undefined) {
        throw new ConsumerStateError(`sticky assignment: no member can take ${unassigned.length - i} remaining partitions`);
      }
      consumer = next;
    } else {
      cursor = 0;
      consumer = underMinQuota[cursor++]!;
    }
    const target = assignment.get(consumer)!;
    target.push(tp);
    if (revoked.has(tp) || partitionsWithMultiplePreviousOwners.has(tp)) transferring.set(tp, consumer);
    if (target.length === minQuota) {
      underMinQuota.splice(--cursor, 1);
      exactlyMinQuota.push(consumer);
    } else if (target.length === maxQuota) {
      currentOverMinQuota++;
    }
  }

  for (const consumer of underMinQuota) {
    if (currentOverMinQuota !== expectedOverMinQuota || assignment.get(consumer)!.length !== minQuota) {
      throw new ConsumerStateError(`sticky assignment: member ${consumer} was left below its quota of ${minQuota}`);
    }
  }
  for (const partitions of assignment.values()) partitions.sort(compareTopicPartitions);
  return assignment;

  function keep(tp: TopicPartition, target: TopicPartition[]): void {
    target.push(tp);
    assigned.add(tp);
  }
}
