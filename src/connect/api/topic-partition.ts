/** A partition of a topic. Plain data: any object with these two fields is one. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** `topic-partition`, as Kafka prints a `TopicPartition`. */
export function formatTopicPartition(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

/**
 * Offsets by partition, compared by value (two `{ topic, partition }` objects with equal fields are the same key),
 * which a `Map` keyed by objects would not do. Offsets are Kafka's: the next offset to consume.
 */
export class TopicPartitionOffsets implements Iterable<[TopicPartition, number]> {
  readonly #byTopic = new Map<string, Map<number, number>>();
  #size = 0;

  constructor(entries?: Iterable<readonly [TopicPartition, number]>) {
    if (entries !== undefined) for (const [tp, offset] of entries) this.set(tp, offset);
  }

  get size(): number {
    return this.#size;
  }

  get(tp: TopicPartition): number | undefined {
    return this.#byTopic.get(tp.topic)?.get(tp.partition);
  }

  has(tp: TopicPartition): boolean {
    return this.#byTopic.get(tp.topic)?.has(tp.partition) ?? false;
  }

  set(tp: TopicPartition, offset: number): this {
    let partitions = this.#byTopic.get(tp.topic);
    if (partitions === undefined) {
      partitions = new Map();
      this.#byTopic.set(tp.topic, partitions);
    }
    if (!partitions.has(tp.partition)) this.#size++;
    partitions.set(tp.partition, offset);
    return this;
  }

  delete(tp: TopicPartition): boolean {
    const partitions = this.#byTopic.get(tp.topic);
    if (partitions === undefined || !partitions.delete(tp.partition)) return false;
    if (partitions.size === 0) this.#byTopic.delete(tp.topic);
    this.#size--;
    return true;
  }

  clear(): void {
    this.#byTopic.clear();
    this.#size = 0;
  }

  *keys(): IterableIterator<TopicPartition> {
    for (const [topic, partitions] of this.#byTopic) {
      for (const partition of partitions.keys()) yield { topic, partition };
    }
  }

  *entries(): IterableIterator<[TopicPartition, number]> {
    for (const [topic, partitions] of this.#byTopic) {
      for (const [partition, offset] of partitions) yield [{ topic, partition }, offset];
    }
  }

  [Symbol.iterator](): IterableIterator<[TopicPartition, number]> {
    return this.entries();
  }
}
