import { ErrorCode } from '../../protocol/error-codes.js';
import { CoordinatorKeyType } from '../../protocol/messages/find-coordinator.js';
import type { FindCoordinatorRequest, FindCoordinatorResponse } from '../../protocol/messages/find-coordinator.js';
import type { RequestHandler } from './handler.js';

/**
 * FindCoordinator: this broker coordinates every group, so the answer is itself as advertised on the listener
 * the request came in on. There is no transaction coordinator: transactional ids get COORDINATOR_NOT_AVAILABLE.
 */
export const handleFindCoordinator: RequestHandler<FindCoordinatorRequest, FindCoordinatorResponse> = (broker, request, context) => {
  if (request.keyType === CoordinatorKeyType.Transaction) {
    return notFound(ErrorCode.COORDINATOR_NOT_AVAILABLE, 'This broker has no transaction coordinator.');
  }
  if (request.keyType !== CoordinatorKeyType.Group) {
    return notFound(ErrorCode.INVALID_REQUEST, `Unknown coordinator key type ${request.keyType}.`);
  }
  const self = broker.brokers(context.listenerName).find((b) => b.nodeId === broker.config.brokerId);
  if (!self) return notFound(ErrorCode.COORDINATOR_NOT_AVAILABLE, 'The broker is not listening yet.');
  return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, nodeId: self.nodeId, host: self.host, port: self.port };
};

function notFound(errorCode: number, errorMessage: string): FindCoordinatorResponse {
  return { throttleTimeMs: 0, errorCode, errorMessage, nodeId: -1, host: '', port: -1 };
}
