import { ErrorCode } from '../../protocol/error-codes.js';
import type { ListOffsetsRequest, ListOffsetsResponse } from '../../protocol/messages/list-offsets.js';
import type { RequestHandler } from './handler.js';
import { errorCodeOf } from './error-code-of.js';

type PartitionResponse = ListOffsetsResponse['topics'][number]['partitions'][number];

const LATEST = -1n;
const EARLIEST = -2n;

/** ListOffsets: -1 latest (the high watermark), -2 earliest (log start), else the first offset at or after a time. */
export const handleListOffsets: RequestHandler<ListOffsetsRequest, ListOffsetsResponse> = (broker, request, context) => ({
  throttleTimeMs: 0,
  topics: request.topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map((p): PartitionResponse => {
      const partition = broker.topics.partition(topic.name, p.partitionIndex);
      if (!partition) return response(p.partitionIndex, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1n, -1n, context.apiVersion);
      try {
        const ts = p.timestamp;
        const found = partition.log.offsetForTimestamp(Number(ts));
        if (!found) return response(p.partitionIndex, ErrorCode.NONE, -1n, -1n, context.apiVersion);
        const timestamp = ts === LATEST || ts === EARLIEST ? -1n : BigInt(found.timestamp ?? -1);
        return response(p.partitionIndex, ErrorCode.NONE, timestamp, BigInt(found.offset), context.apiVersion);
      } catch (err) {
        return response(p.partitionIndex, errorCodeOf(err, broker.logger, `listing offsets of ${topic.name}-${p.partitionIndex}`), -1n, -1n, context.apiVersion);
      }
    }),
  })),
});

function response(partitionIndex: number, errorCode: number, timestamp: bigint, offset: bigint, version: number): PartitionResponse {
  return {
    partitionIndex,
    errorCode,
    // v0 answers a list of offsets instead of one offset.
    oldStyleOffsets: version === 0 && offset >= 0n ? [offset] : [],
    timestamp,
    offset,
  };
}
