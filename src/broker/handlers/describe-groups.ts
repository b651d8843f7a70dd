import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../../protocol/messages/describe-groups.js';
import type { RequestHandler } from './handler.js';

export const handleDescribeGroups: RequestHandler<DescribeGroupsRequest, DescribeGroupsResponse> = (broker, request) => ({
  throttleTimeMs: 0,
  groups: request.groups.map((groupId) => broker.groups.describeGroup(groupId)),
});
