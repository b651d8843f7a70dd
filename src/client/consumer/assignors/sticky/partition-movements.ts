import type { TopicPartition } from '../../topic-partition.js';

interface Movement {
  readonly src: string;
  readonly dst: string;
}

/**
 * Kafka's `AbstractStickyAssignor.PartitionMovements`: the moves made so far while balancing, per topic and
 * (source, destination) member pair. When a partition of a topic is about to move from A to B while another
 * partition of that topic already moved from B to A, moving that one back instead keeps both where they were.
 */
export class PartitionMovements {
  /** topic → "src\0dst" → the partitions of that topic that moved along that pair. */
  readonly #byTopic = new Map<string, Map<string, Set<TopicPartition>>>();
  readonly #movements = new Map<TopicPartition, Movement>();

  /** The partition to move from `oldConsumer` to `newConsumer` in place of `partition`, honouring stickiness. */
  actualPartitionToMove(partition: TopicPartition, oldConsumer: string, newConsumer: string): TopicPartition {
    const forTopic = this.#byTopic.get(partition.topic);
    if (forTopic === undefined) return partition;
    const earlier = this.#movements.get(partition);
    const source = earlier === undefined ? oldConsumer : earlier.src;
    const reverse = forTopic.get(pairKey(newConsumer, source));
    if (reverse === undefined) return partition;
    return reverse.values().next().value!;
  }

  movePartition(partition: TopicPartition, oldConsumer: string, newConsumer: string): void {
    const earlier = this.#movements.get(partition);
    if (earlier === undefined) {
      this.#add(partition, { src: oldConsumer, dst: newConsumer });
      return;
    }
    this.#remove(partition, earlier);
    // A partition moving back to where it started is no movement at all.
    if (earlier.src !== newConsumer) this.#add(partition, { src: earlier.src, dst: newConsumer });
  }

  #add(partition: TopicPartition, movement: Movement): void {
    this.#movements.set(partition, movement);
    let forTopic = this.#byTopic.get(partition.topic);
    if (forTopic === undefined) {
      forTopic = new Map();
      this.#byTopic.set(partition.topic, forTopic);
    }
    const key = pairKey(movement.src, movement.dst);
    let partitions = forTopic.get(key);
    if (partitions === undefined) {
      partitions = new Set();
      forTopic.set(key, partitions);
    }
    partitions.add(partition);
  }

  #remove(partition: TopicPartition, movement: Movement): void {
    this.#movements.delete(partition);
    const forTopic = this.#byTopic.get(partition.topic)!;
    const key = pairKey(movement.src, movement.dst);
    const partitions = forTopic.get(key)!;
    partitions.delete(partition);
    if (partitions.size === 0) forTopic.delete(key);
    if (forTopic.size === 0) this.#byTopic.delete(partition.topic);
  }
}

function pairKey(src: string, dst: string): string {
  return `${src}\u0000${dst}`;
}
