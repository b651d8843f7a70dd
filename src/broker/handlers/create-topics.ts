import { ErrorCode } from '../../protocol/error-codes.js';
import type { CreateTopicsRequest, CreateTopicsResponse } from '../../protocol/messages/create-topics.js';
import type { RequestHandler } from './handler.js';
import { errorCodeOf, errorMessageOf } from './error-code-of.js';

type TopicResult = CreateTopicsResponse['topics'][number];

export const handleCreateTopics: RequestHandler<CreateTopicsRequest, CreateTopicsResponse> = (broker, request) => {
  const counts = new Map<string, number>();
  for (const t of request.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  const topics = request.topics.map((t): TopicResult => {
    if ((counts.get(t.name) ?? 0) > 1) {
      return result(t.name, ErrorCode.INVALID_REQUEST, `Create topics request from client contains multiple entries for topic ${t.name}.`);
    }
    if (t.assignments.length > 0 && (t.numPartitions !== -1 || t.replicationFactor !== -1)) {
      return result(t.name, ErrorCode.INVALID_REQUEST, 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.');
    }
    const assignmentProblem = t.assignments.find((a) => a.brokerIds.some((id) => id !== broker.config.brokerId));
    if (assignmentProblem) {
      return result(t.name, ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Replica assignment names broker(s) other than ${broker.config.brokerId}.`);
    }
    const configs: Record<string, string> = {};
    for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;
    try {
      broker.topics.createTopic(
        {
          name: t.name,
          numPartitions: t.assignments.length > 0 ? t.assignments.length : t.numPartitions,
          replicationFactor: t.assignments.length > 0 ? t.assignments[0]!.brokerIds.length : t.replicationFactor,
          configs,
        },
        request.validateOnly,
      );
      return result(t.name, ErrorCode.NONE, null);
    } catch (err) {
      return result(t.name, errorCodeOf(err, broker.logger, `creating topic ${t.name}`), errorMessageOf(err));
    }
  });
  return { throttleTimeMs: 0, topics };
};

function result(name: string, errorCode: number, errorMessage: string | null): TopicResult {
  return { name, errorCode, errorMessage };
}
