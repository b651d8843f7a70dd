import { ErrorCode } from '../../protocol/error-codes.js';
import type { DeleteTopicsRequest, DeleteTopicsResponse } from '../../protocol/messages/delete-topics.js';
import type { RequestHandler } from './handler.js';
import { errorCodeOf, errorMessageOf } from './error-code-of.js';

export const handleDeleteTopics: RequestHandler<DeleteTopicsRequest, DeleteTopicsResponse> = (broker, request) => ({
  throttleTimeMs: 0,
  responses: request.topicNames.map((name) => {
    try {
      broker.topics.deleteTopic(name);
      return { name, errorCode: ErrorCode.NONE, errorMessage: null };
    } catch (err) {
      return { name, errorCode: errorCodeOf(err, broker.logger, `deleting topic ${name}`), errorMessage: errorMessageOf(err) };
    }
  }),
});
