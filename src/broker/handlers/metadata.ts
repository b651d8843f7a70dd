import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import type { MetadataRequest, MetadataResponse } from '../../protocol/messages/metadata.js';
import { topicNameProblem } from '../../protocol/topic-name.js';
import type { BrokerContext } from '../broker-context.js';
import type { TopicMetadata } from '../metadata/metadata-store.js';
import type { RequestHandler } from './handler.js';
import { errorCodeOf } from './error-code-of.js';

type TopicEntry = MetadataResponse['topics'][number];

export const handleMetadata: RequestHandler<MetadataRequest, MetadataResponse> = (broker, request, context) => {
  // v0 has no null: an empty list meant "all topics"; from v1 null means all and empty means none.
  const wantsAll = request.topics === null || (context.apiVersion === 0 && request.topics.length === 0);
  const allowAutoCreate = context.apiVersion < 4 || request.allowAutoTopicCreation;
  const topics: TopicEntry[] = [];
  if (wantsAll) {
    for (const topic of broker.topics.topics()) topics.push(describeTopic(broker, topic));
  } else {
    const seen = new Set<string>();
    for (const { name } of request.topics ?? []) {
      if (name === null || seen.has(name)) continue;
      seen.add(name);
      topics.push(lookupTopic(broker, name, allowAutoCreate));
    }
  }
  return {
    throttleTimeMs: 0,
    brokers: broker.brokers(context.listenerName).map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack })),
    clusterId: broker.clusterId,
    controllerId: broker.controllerId,
    topics,
    clusterAuthorizedOperations: -2147483648,
  };
};

function lookupTopic(broker: BrokerContext, name: string, allowAutoCreate: boolean): TopicEntry {
  const existing = broker.topics.topic(name);
  if (existing) return describeTopic(broker, existing);
  const problem = topicNameProblem(name);
  if (problem) return errorTopic(name, ErrorCode.INVALID_TOPIC_EXCEPTION);
  if (allowAutoCreate) {
    try {
      const created = broker.topics.autoCreate(name);
      if (created) return describeTopic(broker, created);
    } catch (err) {
      // Two clients racing to auto-create the same topic: the loser simply sees it.
      if (err instanceof KafkaError && err.code === ErrorCode.TOPIC_ALREADY_EXISTS) {
        return describeTopic(broker, broker.topics.topic(name)!);
      }
      return errorTopic(name, errorCodeOf(err, broker.logger, `auto-creating topic ${name}`));
    }
  }
  return errorTopic(name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
}

function describeTopic(broker: BrokerContext, topic: TopicMetadata): TopicEntry {
  const partitions = broker.topics.partitions(topic.name) ?? [];
  const self = broker.config.brokerId;
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    isInternal: false,
    partitions: partitions.map((p) => ({
      errorCode: ErrorCode.NONE,
      partitionIndex: p.index,
      leaderId: self,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: [self],
      isrNodes: [self],
      offlineReplicas: [],
    })),
  };
}

function errorTopic(name: string, errorCode: number): TopicEntry {
  return { errorCode, name, isInternal: false, partitions: [] };
}
