/**
 * FindCoordinator (key 10), transcribed from Kafka's FindCoordinatorRequest.json / FindCoordinatorResponse.json.
 * The batched form (CoordinatorKeys / Coordinators, v4+) lies above Millrace's v2 and is left out.
 */
import type { MessageSpec } from '../message-spec.js';

export const CoordinatorKeyType = { Group: 0, Transaction: 1 } as const;

export interface FindCoordinatorRequest {
  key: string;
  keyType: number;
}

export interface FindCoordinatorResponse {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  nodeId: number;
  host: string;
  port: number;
}

export const findCoordinatorRequest: MessageSpec = {
  apiKey: 10,
  type: 'request',
  name: 'FindCoordinatorRequest',
  validVersions: '0-2',
  flexibleVersions: '3+',
  fields: [
    { name: 'Key', type: 'string', versions: '0-3', about: 'The group id or transactional id.' },
    { name: 'KeyType', type: 'int8', versions: '1+', default: 0, ignorable: false, about: '0 group, 1 transaction.' },
  ],
};

export const findCoordinatorResponse: MessageSpec = {
  apiKey: 10,
  type: 'response',
  name: 'FindCoordinatorResponse',
  validVersions: '0-2',
  flexibleVersions: '3+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '0-3' },
    { name: 'ErrorMessage', type: 'string', versions: '1-3', nullableVersions: '1-3', ignorable: true },
    { name: 'NodeId', type: 'int32', versions: '0-3', entityType: 'brokerId' },
    { name: 'Host', type: 'string', versions: '0-3' },
    { name: 'Port', type: 'int32', versions: '0-3' },
  ],
};
