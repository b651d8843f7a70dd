import type { TopicPartition } from '../../topic-partition.js';

/**
 * One object per (topic, partition) for the duration of an assignment, so the sticky algorithms can use `Set` and
 * `Map` membership (Java's `TopicPartition.equals`) by identity.
 */
export class PartitionRegistry {
  readonly #byTopic = new Map<string, TopicPartition[]>();

  get(topic: string, partition: number): TopicPartition {
    let partitions = this.#byTopic.get(topic);
    if (partitions === undefined) {
      partitions = [];
      this.#byTopic.set(topic, partitions);
    }
    let tp = partitions[partition];
    if (tp === undefined) {
      tp = { topic, partition };
      partitions[partition] = tp;
    }
    return tp;
  }

  canonical(tp: TopicPartition): TopicPartition {
    return this.get(tp.topic, tp.partition);
  }

  /** Partitions 0..count-1 of `topic`. */
  partitionsOf(topic: string, count: number): TopicPartition[] {
    const out: TopicPartition[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = this.get(topic, i);
    return out;
  }
}

/** Removes the first occurrence of `item` (Java's `List.remove(Object)`); true when it was there. */
export function removeItem<T>(list: T[], item: T): boolean {
  const index = list.indexOf(item);
  if (index < 0) return false;
  list.splice(index, 1);
  return true;
}
