import type { MemberSubscription } from '../../../../../src/client/consumer/assignors/partition-assignor.js';
import type { TopicPartition } from '../../../../../src/client/consumer/topic-partition.js';

export function tp(topic: string, partition: number): TopicPartition {
  return { topic, partition };
}

export function subscription(
  topics: string[],
  options: { owned?: TopicPartition[]; generationId?: number | null; userData?: Buffer | null; groupInstanceId?: string } = {},
): MemberSubscription {
  return {
    topics,
    userData: options.userData ?? null,
    ownedPartitions: options.owned ?? [],
    generationId: options.generationId ?? null,
    rackId: null,
    groupInstanceId: options.groupInstanceId ?? null,
  };
}

export function partitionCounts(entries: Record<string, number>): Map<string, number> {
  return new Map(Object.entries(entries));
}

/** `topic-partition` strings, for readable assertion output. */
export function names(partitions: readonly TopicPartition[] | undefined): string[] {
  return (partitions ?? []).map((p) => `${p.topic}-${p.partition}`);
}
