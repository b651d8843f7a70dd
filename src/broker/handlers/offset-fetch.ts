import { ErrorCode } from '../../protocol/error-codes.js';
import type { OffsetFetchRequest, OffsetFetchResponse } from '../../protocol/messages/offset-fetch.js';
import type { RequestHandler } from './handler.js';

/** From v2 a group-level error has its own field; before, it is repeated on every partition. */
const FIRST_TOP_LEVEL_ERROR_VERSION = 2;

export const handleOffsetFetch: RequestHandler<OffsetFetchRequest, OffsetFetchResponse> = (broker, request, context) => {
  const outcome = broker.groups.fetchOffsets(request.groupId, request.topics);
  if (context.apiVersion < FIRST_TOP_LEVEL_ERROR_VERSION && outcome.errorCode !== ErrorCode.NONE) {
    for (const topic of outcome.topics) for (const partition of topic.partitions) partition.errorCode = outcome.errorCode;
  }
  return { throttleTimeMs: 0, topics: outcome.topics, errorCode: outcome.errorCode };
};
