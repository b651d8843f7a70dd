/**
 * ListGroups (key 16), transcribed from Kafka's ListGroupsRequest.json / ListGroupsResponse.json. The request has
 * no fields below v4 (StatesFilter), so it is empty in every version Millrace advertises.
 */
import type { MessageSpec } from '../message-spec.js';

export type ListGroupsRequest = Record<string, never>;

export interface ListGroupsResponseGroup {
  groupId: string;
  protocolType: string;
}

export interface ListGroupsResponse {
  throttleTimeMs: number;
  errorCode: number;
  groups: ListGroupsResponseGroup[];
}

export const listGroupsRequest: MessageSpec = {
  apiKey: 16,
  type: 'request',
  name: 'ListGroupsRequest',
  validVersions: '0-2',
  flexibleVersions: '3+',
  fields: [],
};

export const listGroupsResponse: MessageSpec = {
  apiKey: 16,
  type: 'response',
  name: 'ListGroupsResponse',
  validVersions: '0-2',
  flexibleVersions: '3+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    {
      name: 'Groups',
      type: '[]ListedGroup',
      versions: '0+',
      fields: [
        { name: 'GroupId', type: 'string', versions: '0+', entityType: 'groupId' },
        { name: 'ProtocolType', type: 'string', versions: '0+' },
      ],
    },
  ],
};
