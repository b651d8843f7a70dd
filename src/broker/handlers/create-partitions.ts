import { ErrorCode } from '../../protocol/error-codes.js';
import type { CreatePartitionsRequest, CreatePartitionsResponse } from '../../protocol/messages/create-partitions.js';
import type { RequestHandler } from './handler.js';
import { errorCodeOf, errorMessageOf } from './error-code-of.js';

export const handleCreatePartitions: RequestHandler<CreatePartitionsRequest, CreatePartitionsResponse> = (broker, request) => ({
  throttleTimeMs: 0,
  results: request.topics.map((t) => {
    const foreign = (t.assignments ?? []).some((a) => a.brokerIds.some((id) => id !== broker.config.brokerId));
    if (foreign) {
      return { name: t.name, errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT, errorMessage: `Assignment names broker(s) other than ${broker.config.brokerId}.` };
    }
    try {
      broker.topics.createPartitions(t.name, t.count, request.validateOnly);
      return { name: t.name, errorCode: ErrorCode.NONE, errorMessage: null };
    } catch (err) {
      return { name: t.name, errorCode: errorCodeOf(err, broker.logger, `adding partitions to ${t.name}`), errorMessage: errorMessageOf(err) };
    }
  }),
});
