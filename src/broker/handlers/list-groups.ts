import { ErrorCode } from '../../protocol/error-codes.js';
import type { ListGroupsRequest, ListGroupsResponse } from '../../protocol/messages/list-groups.js';
import type { RequestHandler } from './handler.js';

export const handleListGroups: RequestHandler<ListGroupsRequest, ListGroupsResponse> = (broker) => ({
  throttleTimeMs: 0,
  errorCode: ErrorCode.NONE,
  groups: broker.groups.listGroups(),
});
