/**
 * Fetch (key 1), transcribed from Kafka's FetchRequest.json / FetchResponse.json. Fields that exist only from v12
 * (flexible: ClusterId, LastFetchedEpoch, DivergingEpoch, CurrentLeader, SnapshotId) and v13 (TopicId) are left
 * out: Millrace advertises up to v11.
 */
import type { MessageSpec } from '../message-spec.js';

export interface FetchRequestPartition {
  partition: number;
  currentLeaderEpoch: number;
  fetchOffset: bigint;
  logStartOffset: bigint;
  partitionMaxBytes: number;
}

export interface FetchRequestTopic {
  topic: string;
  partitions: FetchRequestPartition[];
}

export interface FetchRequestForgottenTopic {
  topic: string;
  partitions: number[];
}

export interface FetchRequest {
  replicaId: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  sessionId: number;
  sessionEpoch: number;
  topics: FetchRequestTopic[];
  forgottenTopicsData: FetchRequestForgottenTopic[];
  rackId: string;
}

export interface FetchResponseAbortedTransaction {
  producerId: bigint;
  firstOffset: bigint;
}

export interface FetchResponsePartition {
  partitionIndex: number;
  errorCode: number;
  highWatermark: bigint;
  lastStableOffset: bigint;
  logStartOffset: bigint;
  abortedTransactions: FetchResponseAbortedTransaction[] | null;
  preferredReadReplica: number;
  /** A list of buffers lets the broker answer with segment slices without concatenating them. */
  records: Buffer | Buffer[] | null;
}

export interface FetchResponseTopic {
  topic: string;
  partitions: FetchResponsePartition[];
}

export interface FetchResponse {
  throttleTimeMs: number;
  errorCode: number;
  sessionId: number;
  responses: FetchResponseTopic[];
}

export const fetchRequest: MessageSpec = {
  apiKey: 1,
  type: 'request',
  name: 'FetchRequest',
  validVersions: '0-11',
  flexibleVersions: '12+',
  fields: [
    { name: 'ReplicaId', type: 'int32', versions: '0+', entityType: 'brokerId', about: '-1 for a consumer.' },
    { name: 'MaxWaitMs', type: 'int32', versions: '0+' },
    { name: 'MinBytes', type: 'int32', versions: '0+' },
    { name: 'MaxBytes', type: 'int32', versions: '3+', default: 0x7fffffff, ignorable: true },
    { name: 'IsolationLevel', type: 'int8', versions: '4+', default: 0, ignorable: true, about: '0 read_uncommitted, 1 read_committed.' },
    { name: 'SessionId', type: 'int32', versions: '7+', default: 0, ignorable: true },
    { name: 'SessionEpoch', type: 'int32', versions: '7+', default: -1, ignorable: true },
    {
      name: 'Topics',
      type: '[]FetchTopic',
      versions: '0+',
      fields: [
        { name: 'Topic', type: 'string', versions: '0-12', entityType: 'topicName', ignorable: true },
        {
          name: 'Partitions',
          type: '[]FetchPartition',
          versions: '0+',
          fields: [
            { name: 'Partition', type: 'int32', versions: '0+' },
            { name: 'CurrentLeaderEpoch', type: 'int32', versions: '9+', default: -1, ignorable: true },
            { name: 'FetchOffset', type: 'int64', versions: '0+' },
            { name: 'LogStartOffset', type: 'int64', versions: '5+', default: -1n, ignorable: true, about: 'Only used by follower replicas.' },
            { name: 'PartitionMaxBytes', type: 'int32', versions: '0+' },
          ],
        },
      ],
    },
    {
      name: 'ForgottenTopicsData',
      type: '[]ForgottenTopic',
      versions: '7+',
      ignorable: false,
      fields: [
        { name: 'Topic', type: 'string', versions: '7-12', entityType: 'topicName', ignorable: true },
        { name: 'Partitions', type: '[]int32', versions: '7+' },
      ],
    },
    { name: 'RackId', type: 'string', versions: '11+', default: '', ignorable: true },
  ],
};

export const fetchResponse: MessageSpec = {
  apiKey: 1,
  type: 'response',
  name: 'FetchResponse',
  validVersions: '0-11',
  flexibleVersions: '12+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '7+', ignorable: true },
    { name: 'SessionId', type: 'int32', versions: '7+', default: 0, ignorable: false },
    {
      name: 'Responses',
      type: '[]FetchableTopicResponse',
      versions: '0+',
      fields: [
        { name: 'Topic', type: 'string', versions: '0-12', ignorable: true, entityType: 'topicName' },
        {
          name: 'Partitions',
          type: '[]PartitionData',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'HighWatermark', type: 'int64', versions: '0+' },
            { name: 'LastStableOffset', type: 'int64', versions: '4+', default: -1n, ignorable: true },
            { name: 'LogStartOffset', type: 'int64', versions: '5+', default: -1n, ignorable: true },
            {
              name: 'AbortedTransactions',
              type: '[]AbortedTransaction',
              versions: '4+',
              nullableVersions: '4+',
              ignorable: true,
              fields: [
                { name: 'ProducerId', type: 'int64', versions: '4+', entityType: 'producerId' },
                { name: 'FirstOffset', type: 'int64', versions: '4+' },
              ],
            },
            { name: 'PreferredReadReplica', type: 'int32', versions: '11+', default: -1, ignorable: false, entityType: 'brokerId' },
            { name: 'Records', type: 'records', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
};
