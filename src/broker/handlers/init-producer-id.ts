import { ErrorCode } from '../../protocol/error-codes.js';
import type { InitProducerIdRequest, InitProducerIdResponse } from '../../protocol/messages/init-producer-id.js';
import type { RequestHandler } from './handler.js';

/**
 * Idempotent producers get a fresh id (epoch 0) that never repeats across restarts. Transactions need a
 * transaction coordinator this broker does not have yet, so a transactional id is refused outright rather than
 * half-served.
 */
export const handleInitProducerId: RequestHandler<InitProducerIdRequest, InitProducerIdResponse> = (broker, request) => {
  if (request.transactionalId !== null) {
    broker.logger.warn(`Refused InitProducerId for transactional id ${request.transactionalId}: transactions are not supported`);
    return { throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, producerId: -1n, producerEpoch: -1 };
  }
  return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: BigInt(broker.allocateProducerId()), producerEpoch: 0 };
};
