/**
 * Metadata (key 3), transcribed from Kafka's MetadataRequest.json / MetadataResponse.json. Leader epochs (v7),
 * authorized operations (v8) and topic ids (v10) lie above Millrace's v6 and are left out.
 */
import type { MessageSpec } from '../message-spec.js';

export interface MetadataRequestTopic {
  name: string;
}

export interface MetadataRequest {
  /** v1+: null = all topics, empty = none (brokers only). v0: empty = all topics. */
  topics: MetadataRequestTopic[] | null;
  allowAutoTopicCreation: boolean;
}

export interface MetadataResponseBroker {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface MetadataResponsePartition {
  errorCode: number;
  partitionIndex: number;
  leaderId: number;
  replicaNodes: number[];
  isrNodes: number[];
  offlineReplicas: number[];
}

export interface MetadataResponseTopic {
  errorCode: number;
  name: string;
  isInternal: boolean;
  partitions: MetadataResponsePartition[];
}

export interface MetadataResponse {
  throttleTimeMs: number;
  brokers: MetadataResponseBroker[];
  clusterId: string | null;
  controllerId: number;
  topics: MetadataResponseTopic[];
}

export const metadataRequest: MessageSpec = {
  apiKey: 3,
  type: 'request',
  name: 'MetadataRequest',
  validVersions: '0-6',
  flexibleVersions: '9+',
  fields: [
    {
      name: 'Topics',
      type: '[]MetadataRequestTopic',
      versions: '0+',
      nullableVersions: '1+',
      fields: [{ name: 'Name', type: 'string', versions: '0+', entityType: 'topicName', nullableVersions: '10+' }],
    },
    { name: 'AllowAutoTopicCreation', type: 'bool', versions: '4+', default: true, ignorable: false },
  ],
};

export const metadataResponse: MessageSpec = {
  apiKey: 3,
  type: 'response',
  name: 'MetadataResponse',
  validVersions: '0-6',
  flexibleVersions: '9+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '3+', ignorable: true },
    {
      name: 'Brokers',
      type: '[]MetadataResponseBroker',
      versions: '0+',
      fields: [
        { name: 'NodeId', type: 'int32', versions: '0+', mapKey: true, entityType: 'brokerId' },
        { name: 'Host', type: 'string', versions: '0+' },
        { name: 'Port', type: 'int32', versions: '0+' },
        { name: 'Rack', type: 'string', versions: '1+', nullableVersions: '1+', ignorable: true, default: null },
      ],
    },
    { name: 'ClusterId', type: 'string', nullableVersions: '2+', versions: '2+', ignorable: true, default: null },
    { name: 'ControllerId', type: 'int32', versions: '1+', default: -1, ignorable: true, entityType: 'brokerId' },
    {
      name: 'Topics',
      type: '[]MetadataResponseTopic',
      versions: '0+',
      fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'Name', type: 'string', versions: '0+', mapKey: true, entityType: 'topicName', nullableVersions: '12+' },
        { name: 'IsInternal', type: 'bool', versions: '1+', default: false, ignorable: true },
        {
          name: 'Partitions',
          type: '[]MetadataResponsePartition',
          versions: '0+',
          fields: [
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'LeaderId', type: 'int32', versions: '0+', entityType: 'brokerId' },
            { name: 'ReplicaNodes', type: '[]int32', versions: '0+', entityType: 'brokerId' },
            { name: 'IsrNodes', type: '[]int32', versions: '0+', entityType: 'brokerId' },
            { name: 'OfflineReplicas', type: '[]int32', versions: '5+', ignorable: true, entityType: 'brokerId' },
          ],
        },
      ],
    },
  ],
};
