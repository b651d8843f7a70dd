import type { JoinGroupRequest, JoinGroupResponse } from '../../protocol/messages/join-group.js';
import type { RequestHandler } from './handler.js';
import type { RequestContext } from '../broker-context.js';

/** JoinGroup v4 introduced MEMBER_ID_REQUIRED: a first join only gets a member id to join with. */
const FIRST_VERSION_REQUIRING_MEMBER_ID = 4;

/** JoinGroup: held by the coordinator until the join phase completes (see GroupCoordinator). */
export const handleJoinGroup: RequestHandler<JoinGroupRequest, JoinGroupResponse> = async (broker, request, context) => {
  const outcome = await broker.groups.joinGroup({
    groupId: request.groupId,
    memberId: request.memberId,
    groupInstanceId: request.groupInstanceId,
    clientId: context.clientId ?? '',
    clientHost: clientHostOf(context),
    sessionTimeoutMs: request.sessionTimeoutMs,
    // v0 has no rebalance timeout; Kafka bounds the join by the session timeout then.
    rebalanceTimeoutMs: context.apiVersion === 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs,
    protocolType: request.protocolType,
    protocols: request.protocols,
    requireKnownMemberId: context.apiVersion >= FIRST_VERSION_REQUIRING_MEMBER_ID,
  });
  return {
    throttleTimeMs: 0,
    errorCode: outcome.errorCode,
    generationId: outcome.generationId,
    protocolName: outcome.protocolName,
    leader: outcome.leaderId,
    memberId: outcome.memberId,
    members: outcome.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata })),
  };
};

/**
 * The client's address as Kafka shows it (`/127.0.0.1`), from the connection id
 * `<local address>:<port>-<remote address>:<port>` (addresses hold no dashes; IPv6 ones hold colons, so the
 * port is cut at the last one).
 */
function clientHostOf(context: RequestContext): string {
  const remote = context.connectionId.slice(context.connectionId.indexOf('-') + 1);
  const colon = remote.lastIndexOf(':');
  return `/${colon > 0 ? remote.slice(0, colon) : remote}`;
}
