/**
 * `topics --describe` output in Kafka 2.3's layout (`TopicCommand.TopicDescription` / `PartitionDescription`):
 * one tab-separated header line per topic, then one tab-indented line per partition.
 */

export interface PartitionDescription {
  readonly partition: number;
  /** -1 when the partition has no leader (printed `none`). */
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

export interface TopicConfigEntry {
  readonly name: string;
  /** null for a sensitive value the broker withholds; Kafka prints it as `null`. */
  readonly value: string | null;
}

export interface TopicDescription {
  readonly name: string;
  /** Sorted by partition number. */
  readonly partitions: readonly PartitionDescription[];
  /** Only the configs that differ from Kafka's built-in defaults, in the broker's order. */
  readonly configs: readonly TopicConfigEntry[];
}

/** `Topic:t\tPartitionCount:1\tReplicationFactor:1\tConfigs:k=v,k2=v2\n` */
export function formatTopicLine(topic: TopicDescription): string {
  // Kafka takes the replication factor from the first partition's replica list.
  const replicationFactor = topic.partitions[0]?.replicas.length ?? 0;
  const configs = topic.configs.map((c) => `${c.name}=${c.value}`).join(',');
  return `Topic:${topic.name}\tPartitionCount:${topic.partitions.length}\tReplicationFactor:${replicationFactor}\tConfigs:${configs}\n`;
}

/** `\tTopic: t\tPartition: 0\tLeader: 0\tReplicas: 0\tIsr: 0\n` */
export function formatPartitionLine(topic: string, p: PartitionDescription): string {
  const leader = p.leader < 0 ? 'none' : String(p.leader);
  return `\tTopic: ${topic}\tPartition: ${p.partition}\tLeader: ${leader}\tReplicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}\n`;
}

/** Which partitions `--describe` reports (Kafka's `--under-replicated-partitions`, `--unavailable-partitions` …). */
export interface DescribeFilter {
  readonly underReplicated: boolean;
  readonly unavailable: boolean;
  readonly withOverrides: boolean;
}

/**
 * The describe text for one topic. As in Kafka, the partition filters print matching partition lines without the
 * topic header, and `--topics-with-overrides` prints only the header of topics that have configs.
 */
export function formatTopicDescription(topic: TopicDescription, filter: DescribeFilter): string {
  if (filter.underReplicated || filter.unavailable) {
    let out = '';
    for (const p of topic.partitions) {
      const under = p.isr.length < p.replicas.length;
      const down = p.leader < 0;
      if ((filter.underReplicated && under) || (filter.unavailable && down)) out += formatPartitionLine(topic.name, p);
    }
    return out;
  }
  if (filter.withOverrides) return topic.configs.length > 0 ? formatTopicLine(topic) : '';
  let out = formatTopicLine(topic);
  for (const p of topic.partitions) out += formatPartitionLine(topic.name, p);
  return out;
}
