/** A partition of a topic, as every consumer API names one. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** A partition and an offset: what `commitSync`/`commitAsync` take (the next offset to read, as in Kafka). */
export interface TopicPartitionOffset extends TopicPartition {
  readonly offset: number;
  /** Stored with the commit and returned by `committed()`. @default null */
  readonly metadata?: string | null;
  /** The leader epoch of the last record consumed, when known. @default null */
  readonly leaderEpoch?: number | null;
}

/** Kafka's `TopicPartition` order: by topic (UTF-16 code units, as Java's `String.compareTo`), then partition. */
export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  return a.partition - b.partition;
}

/** `topic-partition`, Kafka's `TopicPartition.toString()`. */
export function formatTopicPartition(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

/**
 * A map keyed by (topic, partition) without building a string key per lookup: the fetch path looks partitions up
 * for every fetched batch. Iteration follows insertion order of topics, then of partitions within a topic.
 */
export class TopicPartitionMap<V> {
  readonly #byTopic = new Map<string, Map<number, V>>();
  #size = 0;

  constructor(entries?: Iterable<readonly [TopicPartition, V]>) {
    if (entries !== undefined) for (const [tp, value] of entries) this.set(tp.topic, tp.partition, value);
  }

  get size(): number {
    return this.#size;
  }

  get(topic: string, partition: number): V | undefined {
    return this.#byTopic.get(topic)?.get(partition);
  }

  has(topic: string, partition: number): boolean {
    return this.#byTopic.get(topic)?.has(partition) ?? false;
  }

  set(topic: string, partition: number, value: V): this {
    let partitions = this.#byTopic.get(topic);
    if (partitions === undefined) {
      partitions = new Map();
      this.#byTopic.set(topic, partitions);
    }
    if (!partitions.has(partition)) this.#size++;
    partitions.set(partition, value);
    return this;
  }

  delete(topic: string, partition: number): boolean {
    const partitions = this.#byTopic.get(topic);
    if (partitions === undefined || !partitions.delete(partition)) return false;
    if (partitions.size === 0) this.#byTopic.delete(topic);
    this.#size--;
    return true;
  }

  clear(): void {
    this.#byTopic.clear();
    this.#size = 0;
  }

  /** The topics with at least one entry. */
  topics(): IterableIterator<string> {
    return this.#byTopic.keys();
  }

  /** The entries of one topic, keyed by partition. */
  partitionsOf(topic: string): ReadonlyMap<number, V> | undefined {
    return this.#byTopic.get(topic);
  }

  *keys(): IterableIterator<TopicPartition> {
    for (const [topic, partitions] of this.#byTopic) {
      for (const partition of partitions.keys()) yield { topic, partition };
    }
  }

  *values(): IterableIterator<V> {
    for (const partitions of this.#byTopic.values()) yield* partitions.values();
  }

  *entries(): IterableIterator<[TopicPartition, V]> {
    for (const [topic, partitions] of this.#byTopic) {
      for (const [partition, value] of partitions) yield [{ topic, partition }, value];
    }
  }

  [Symbol.iterator](): IterableIterator<[TopicPartition, V]> {
    return this.entries();
  }
}

/** Partitions grouped by topic, each topic's partition numbers ascending; topics in first-seen order. */
export function groupByTopic(tps: Iterable<TopicPartition>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const tp of tps) {
    let partitions = out.get(tp.topic);
    if (partitions === undefined) {
      partitions = [];
      out.set(tp.topic, partitions);
    }
    partitions.push(tp.partition);
  }
  for (const partitions of out.values()) partitions.sort((a, b) => a - b);
  return out;
}

/** The partitions of `a` that are not in `b`, in `a`'s order. */
export function subtractPartitions(a: readonly TopicPartition[], b: Iterable<TopicPartition>): TopicPartition[] {
  const remove = new TopicPartitionMap<true>();
  for (const tp of b) remove.set(tp.topic, tp.partition, true);
  return a.filter((tp) => !remove.has(tp.topic, tp.partition));
}

/** Validates a partition argument from user code, as Kafka's `TopicPartition` constructor would refuse it. */
export function isValidTopicPartition(tp: unknown): tp is TopicPartition {
  if (tp === null || typeof tp !== 'object') return false;
  const { topic, partition } = tp as { topic?: unknown; partition?: unknown };
  return typeof topic === 'string' && topic !== '' && Number.isInteger(partition) && (partition as number) >= 0;
}
