import type { OffsetCommitRequest, OffsetCommitResponse } from '../../protocol/messages/offset-commit.js';
import type { RequestHandler } from './handler.js';

/** OffsetCommit: answered once the offsets are in `__consumer_offsets` (or refused). */
export const handleOffsetCommit: RequestHandler<OffsetCommitRequest, OffsetCommitResponse> = (broker, request) => ({
  throttleTimeMs: 0,
  topics: broker.groups.commitOffsets({
    groupId: request.groupId,
    generationId: request.generationIdOrMemberEpoch,
    memberId: request.memberId,
    groupInstanceId: request.groupInstanceId,
    retentionTimeMs: Number(request.retentionTimeMs),
    topics: request.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({
        partitionIndex: p.partitionIndex,
        committedOffset: p.committedOffset,
        committedLeaderEpoch: p.committedLeaderEpoch,
        commitTimestamp: Number(p.commitTimestamp),
        committedMetadata: p.committedMetadata,
      })),
    })),
  }),
});
