import type { HeartbeatRequest, HeartbeatResponse } from '../../protocol/messages/heartbeat.js';
import type { RequestHandler } from './handler.js';

export const handleHeartbeat: RequestHandler<HeartbeatRequest, HeartbeatResponse> = (broker, request) => ({
  throttleTimeMs: 0,
  errorCode: broker.groups.heartbeat(request),
});
