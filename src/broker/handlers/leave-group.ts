import { ErrorCode } from '../../protocol/error-codes.js';
import type { LeaveGroupRequest, LeaveGroupResponse } from '../../protocol/messages/leave-group.js';
import type { RequestHandler } from './handler.js';

/** v3 added a batch of members; v0–2 name one member and carry its error at the top level. */
const FIRST_BATCH_VERSION = 3;

export const handleLeaveGroup: RequestHandler<LeaveGroupRequest, LeaveGroupResponse> = (broker, request, context) => {
  const batch = context.apiVersion >= FIRST_BATCH_VERSION;
  const leaving = batch ? request.members : [{ memberId: request.memberId, groupInstanceId: null }];
  const outcome = broker.groups.leaveGroup(request.groupId, leaving);
  const members = outcome.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode: m.errorCode }));
  const errorCode = batch || outcome.errorCode !== ErrorCode.NONE ? outcome.errorCode : members[0]!.errorCode;
  return { throttleTimeMs: 0, errorCode, members };
};
