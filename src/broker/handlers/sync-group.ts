import type { SyncGroupRequest, SyncGroupResponse } from '../../protocol/messages/sync-group.js';
import type { RequestHandler } from './handler.js';

/** SyncGroup: a follower's request is held until the leader's assignment arrives (or the rebalance fails). */
export const handleSyncGroup: RequestHandler<SyncGroupRequest, SyncGroupResponse> = async (broker, request) => {
  const outcome = await broker.groups.syncGroup({
    groupId: request.groupId,
    generationId: request.generationId,
    memberId: request.memberId,
    groupInstanceId: request.groupInstanceId,
    assignments: request.assignments,
  });
  return { throttleTimeMs: 0, errorCode: outcome.errorCode, assignment: outcome.assignment };
};
