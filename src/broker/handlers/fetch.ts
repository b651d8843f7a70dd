import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import type { FetchRequest, FetchResponse } from '../../protocol/messages/fetch.js';
import type { BrokerContext } from '../broker-context.js';
import type { Partition } from '../partition.js';
import type { RequestHandler } from './handler.js';
import { errorCodeOf } from './error-code-of.js';

type FetchPartitionResponse = FetchResponse['responses'][number]['partitions'][number];

const EMPTY = Buffer.alloc(0);
/** A client asking to be held longer than this is held this long: a bound on what a connection can pin. */
const MAX_WAIT_CAP_MS = 300_000;

/**
 * Fetch with Kafka's long poll: answer at once when `min_bytes` are available (or on any partition error), else
 * hold the request until an append to one of its partitions brings enough, or `max_wait_ms` passes. Records are
 * whole stored batches, sliced from the segment files, never re-encoded.
 */
export const handleFetch: RequestHandler<FetchRequest, FetchResponse> = async (broker, request, context) => {
  const maxBytes = context.apiVersion >= 3 ? request.maxBytes : Number.MAX_SAFE_INTEGER;
  const deadline = broker.now() + Math.min(Math.max(request.maxWaitMs, 0), MAX_WAIT_CAP_MS);
  let result = readAll(broker, request, maxBytes);
  while (result.bytes < request.minBytes && !result.hasError && broker.now() < deadline) {
    const woken = await waitForAppend(result.partitions, deadline - broker.now());
    if (!woken) {
      result = readAll(broker, request, maxBytes);
      break;
    }
    result = readAll(broker, request, maxBytes);
  }
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    sessionId: 0,
    responses: result.responses,
  };
};

interface ReadAllResult {
  responses: { topic: string; partitions: FetchPartitionResponse[] }[];
  bytes: number;
  hasError: boolean;
  partitions: Partition[];
}

function readAll(broker: BrokerContext, request: FetchRequest, maxBytes: number): ReadAllResult {
  let bytes = 0;
  let hasError = false;
  const partitions: Partition[] = [];
  const responses = request.topics.map((topic) => ({
    topic: topic.topic,
    partitions: topic.partitions.map((p): FetchPartitionResponse => {
      const partition = broker.topics.partition(topic.topic, p.partition);
      if (!partition) {
        hasError = true;
        return partitionResponse(p.partition, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1, -1, EMPTY);
      }
      partitions.push(partition);
      const budget = Math.min(p.partitionMaxBytes, maxBytes - bytes);
      const offset = Number(p.fetchOffset);
      try {
        if (budget <= 0 && bytes > 0) {
          return partitionResponse(p.partition, ErrorCode.NONE, partition.log.highWatermark, partition.log.logStartOffset, EMPTY);
        }
        // Only the first data of the whole response may exceed the limits: a client must always make progress.
        const read = partition.read(offset, Math.max(budget, 0), bytes === 0);
        bytes += read.records.length;
        return partitionResponse(p.partition, ErrorCode.NONE, read.highWatermark, read.logStartOffset, read.records);
      } catch (err) {
        hasError = true;
        const code = errorCodeOf(err, broker.logger, `reading ${topic.topic}-${p.partition}`);
        if (!(err instanceof KafkaError)) return partitionResponse(p.partition, code, -1, -1, EMPTY);
        return partitionResponse(p.partition, code, partition.log.highWatermark, partition.log.logStartOffset, EMPTY);
      }
    }),
  }));
  return { responses, bytes, hasError, partitions };
}

function partitionResponse(index: number, errorCode: number, highWatermark: number, logStartOffset: number, records: Buffer): FetchPartitionResponse {
  const hw = BigInt(highWatermark);
  return {
    partitionIndex: index,
    errorCode,
    highWatermark: hw,
    // No transactions: the last stable offset is the high watermark, which is how clients find the end.
    lastStableOffset: hw,
    logStartOffset: BigInt(logStartOffset),
    abortedTransactions: [],
    preferredReadReplica: -1,
    records,
  };
}

/** Resolves true on the first append to any of the partitions, false when `timeoutMs` passes first. */
function waitForAppend(partitions: readonly Partition[], timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const removers: (() => void)[] = [];
    const finish = (woken: boolean) => {
      clearTimeout(timer);
      for (const remove of removers) remove();
      resolve(woken);
    };
    const timer = setTimeout(() => finish(false), Math.max(timeoutMs, 0));
    for (const partition of partitions) removers.push(partition.onAppend(() => finish(true)));
  });
}
