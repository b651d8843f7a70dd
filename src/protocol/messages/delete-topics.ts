/**
 * DeleteTopics (key 20), transcribed from Kafka's DeleteTopicsRequest.json / DeleteTopicsResponse.json. Deletion
 * by topic id (v6) and per-topic error messages (v5) lie above Millrace's v3 and are left out.
 */
import type { MessageSpec } from '../message-spec.js';

export interface DeleteTopicsRequest {
  topicNames: string[];
  timeoutMs: number;
}

export interface DeleteTopicsResponseTopic {
  name: string;
  errorCode: number;
}

export interface DeleteTopicsResponse {
  throttleTimeMs: number;
  responses: DeleteTopicsResponseTopic[];
}

export const deleteTopicsRequest: MessageSpec = {
  apiKey: 20,
  type: 'request',
  name: 'DeleteTopicsRequest',
  validVersions: '0-3',
  flexibleVersions: '4+',
  fields: [
    { name: 'TopicNames', type: '[]string', versions: '0-5', entityType: 'topicName', ignorable: true },
    { name: 'TimeoutMs', type: 'int32', versions: '0+' },
  ],
};

export const deleteTopicsResponse: MessageSpec = {
  apiKey: 20,
  type: 'response',
  name: 'DeleteTopicsResponse',
  validVersions: '0-3',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'Responses',
      type: '[]DeletableTopicResult',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+', nullableVersions: '6+', mapKey: true, entityType: 'topicName' },
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
      ],
    },
  ],
};
