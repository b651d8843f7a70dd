import type { MetadataResponse } from '../protocol/messages/metadata.js';

export interface BrokerAddress {
  readonly host: string;
  readonly port: number;
}

export interface PartitionMetadata {
  readonly partition: number;
  /** -1 while the partition has no leader. */
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly errorCode: number;
}

export interface TopicMetadata {
  readonly errorCode: number;
  readonly isInternal: boolean;
  /** Sorted by partition number. */
  readonly partitions: readonly PartitionMetadata[];
}

/** One immutable snapshot of what the cluster said; a refresh makes a new one. */
export interface ClusterMetadata {
  readonly clusterId: string | null;
  /** -1 when the broker does not say (Metadata v0). */
  readonly controllerId: number;
  readonly brokers: ReadonlyMap<number, BrokerAddress>;
  readonly topics: ReadonlyMap<string, TopicMetadata>;
}

export const EMPTY_METADATA: ClusterMetadata = Object.freeze({
  clusterId: null,
  controllerId: -1,
  brokers: new Map(),
  topics: new Map(),
});

/**
 * The snapshot after a Metadata response: brokers, cluster and controller come from the response; topics it
 * names replace their previous entry, other topics are kept unless the response covered all topics (then a topic
 * it does not list no longer exists).
 */
export function mergeMetadata(previous: ClusterMetadata, response: MetadataResponse, allTopics: boolean): ClusterMetadata {
  const brokers = new Map<number, BrokerAddress>();
  for (const broker of response.brokers) brokers.set(broker.nodeId, { host: broker.host, port: broker.port });
  const topics = new Map<string, TopicMetadata>(allTopics ? [] : previous.topics);
  for (const topic of response.topics) {
    const partitions: PartitionMetadata[] = topic.partitions.map((p) => ({
      partition: p.partitionIndex,
      leader: p.leaderId,
      replicas: p.replicaNodes,
      isr: p.isrNodes,
      errorCode: p.errorCode,
    }));
    partitions.sort((a, b) => a.partition - b.partition);
    topics.set(topic.name, { errorCode: topic.errorCode, isInternal: topic.isInternal, partitions });
  }
  return { clusterId: response.clusterId, controllerId: response.controllerId, brokers, topics };
}

/** Whether `topic` is known with every partition led, so cached metadata can serve it without a refresh. */
export function isTopicUsable(topic: TopicMetadata | undefined): boolean {
  if (topic === undefined || topic.errorCode !== 0 || topic.partitions.length === 0) return false;
  for (const p of topic.partitions) if (p.leader < 0) return false;
  return true;
}
