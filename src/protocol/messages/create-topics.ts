/**
 * CreateTopics (key 19), transcribed from Kafka's CreateTopicsRequest.json / CreateTopicsResponse.json. The config
 * echo in the response (v5+) lies above Millrace's v4 and is left out.
 */
import type { MessageSpec } from '../message-spec.js';

export interface CreateTopicsRequestAssignment {
  partitionIndex: number;
  brokerIds: number[];
}

export interface CreateTopicsRequestConfig {
  name: string;
  value: string | null;
}

export interface CreateTopicsRequestTopic {
  name: string;
  /** -1 = broker default (kafkajs sends -1 when unset), or given by `assignments`. */
  numPartitions: number;
  replicationFactor: number;
  assignments: CreateTopicsRequestAssignment[];
  configs: CreateTopicsRequestConfig[];
}

export interface CreateTopicsRequest {
  topics: CreateTopicsRequestTopic[];
  timeoutMs: number;
  validateOnly: boolean;
}

export interface CreateTopicsResponseTopic {
  name: string;
  errorCode: number;
  errorMessage: string | null;
}

export interface CreateTopicsResponse {
  throttleTimeMs: number;
  topics: CreateTopicsResponseTopic[];
}

export const createTopicsRequest: MessageSpec = {
  apiKey: 19,
  type: 'request',
  name: 'CreateTopicsRequest',
  validVersions: '0-4',
  flexibleVersions: '5+',
  fields: [
    {
      name: 'Topics',
      type: '[]CreatableTopic',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+', mapKey: true, entityType: 'topicName' },
        { name: 'NumPartitions', type: 'int32', versions: '0+' },
        { name: 'ReplicationFactor', type: 'int16', versions: '0+' },
        {
          name: 'Assignments',
          type: '[]CreatableReplicaAssignment',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+', mapKey: true },
            { name: 'BrokerIds', type: '[]int32', versions: '0+', entityType: 'brokerId' },
          ],
        },
        {
          name: 'Configs',
          type: '[]CreateableTopicConfig',
          versions: '0+',
          fields: [
            { name: 'Name', type: 'string', versions: '0+', mapKey: true },
            { name: 'Value', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
    { name: 'TimeoutMs', type: 'int32', versions: '0+', default: 60000 },
    { name: 'ValidateOnly', type: 'bool', versions: '1+', default: false, ignorable: false },
  ],
};

export const createTopicsResponse: MessageSpec = {
  apiKey: 19,
  type: 'response',
  name: 'CreateTopicsResponse',
  validVersions: '0-4',
  flexibleVersions: '5+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    {
      name: 'Topics',
      type: '[]CreatableTopicResult',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+', mapKey: true, entityType: 'topicName' },
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '1+', nullableVersions: '0+', ignorable: true },
      ],
    },
  ],
};
