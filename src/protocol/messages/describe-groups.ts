/** DescribeGroups (key 15), transcribed from Kafka's DescribeGroupsRequest.json / DescribeGroupsResponse.json. */
import type { MessageSpec } from '../message-spec.js';

export interface DescribeGroupsRequest {
  groups: string[];
}

export interface DescribeGroupsResponseMember {
  memberId: string;
  clientId: string;
  clientHost: string;
  memberMetadata: Buffer;
  memberAssignment: Buffer;
}

export interface DescribeGroupsResponseGroup {
  errorCode: number;
  groupId: string;
  groupState: string;
  protocolType: string;
  protocolData: string;
  members: DescribeGroupsResponseMember[];
}

export interface DescribeGroupsResponse {
  throttleTimeMs: number;
  groups: DescribeGroupsResponseGroup[];
}

export const describeGroupsRequest: MessageSpec = {
  apiKey: 15,
  type: 'request',
  name: 'DescribeGroupsRequest',
  validVersions: '0-2',
  flexibleVersions: '5+',
  fields: [{ name: 'Groups', type: '[]string', versions: '0+', entityType: 'groupId' }],
};

export const describeGroupsResponse: MessageSpec = {
  apiKey: 15,
  type: 'response',
  name: 'DescribeGroupsResponse',
  validVersions: '0-2',
  flexibleVersions: '5+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'Groups',
      type: '[]DescribedGroup',
      versions: '0+',
      fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'GroupId', type: 'string', versions: '0+', entityType: 'groupId' },
        { name: 'GroupState', type: 'string', versions: '0+' },
        { name: 'ProtocolType', type: 'string', versions: '0+' },
        { name: 'ProtocolData', type: 'string', versions: '0+', about: 'The chosen protocol, filled only when Stable.' },
        {
          name: 'Members',
          type: '[]DescribedGroupMember',
          versions: '0+',
          fields: [
            { name: 'MemberId', type: 'string', versions: '0+' },
            { name: 'ClientId', type: 'string', versions: '0+' },
            { name: 'ClientHost', type: 'string', versions: '0+' },
            { name: 'MemberMetadata', type: 'bytes', versions: '0+' },
            { name: 'MemberAssignment', type: 'bytes', versions: '0+' },
          ],
        },
      ],
    },
  ],
};
