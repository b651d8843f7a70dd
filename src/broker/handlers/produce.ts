import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import type { ProduceRequest, ProduceResponse } from '../../protocol/messages/produce.js';
import { topicNameProblem } from '../../protocol/topic-name.js';
import type { BrokerContext } from '../broker-context.js';
import type { RequestHandler } from './handler.js';
import { errorCodeOf, errorMessageOf } from './error-code-of.js';

type PartitionResponse = ProduceResponse['responses'][number]['partitionResponses'][number];

/**
 * Produce: each partition's batch is validated and appended as received (the log stamps offsets into the
 * request's own bytes). On one broker an append is acknowledged by every in-sync replica at once, so acks=1 and
 * acks=-1 answer right after the append; acks=0 appends and sends nothing back.
 */
export const handleProduce: RequestHandler<ProduceRequest, ProduceResponse> = (broker, request) => {
  const acks = request.acks;
  const validAcks = acks === -1 || acks === 0 || acks === 1;
  const responses = request.topicData.map((topicData) => ({
    name: topicData.name,
    partitionResponses: topicData.partitionData.map((pd): PartitionResponse => {
      if (!validAcks) return partitionError(pd.index, ErrorCode.INVALID_REQUIRED_ACKS, `acks must be -1, 0 or 1, got ${acks}`);
      return appendPartition(broker, topicData.name, pd.index, pd.records, acks);
    }),
  }));
  if (acks === 0) return null;
  return { responses, throttleTimeMs: 0 };
};

function appendPartition(broker: BrokerContext, topic: string, index: number, records: Buffer | null, acks: number): PartitionResponse {
  const problem = topicNameProblem(topic);
  if (problem) return partitionError(index, ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
  const partition = broker.topics.partition(topic, index);
  if (!partition) return partitionError(index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `This server does not host ${topic}-${index}.`);
  if (records === null || records.length === 0) {
    return partitionError(index, ErrorCode.INVALID_RECORD, 'the produce request carries no record batch');
  }
  try {
    const result = partition.appendRecordsToLeader(records, acks);
    return {
      index,
      errorCode: ErrorCode.NONE,
      baseOffset: BigInt(result.baseOffset),
      logAppendTimeMs: BigInt(result.logAppendTime),
      logStartOffset: BigInt(result.logStartOffset),
    };
  } catch (err) {
    const code = errorCodeOf(err, broker.logger, `appending to ${topic}-${index}`);
    if (err instanceof KafkaError) broker.logger.debug(`Produce to ${topic}-${index} refused: ${err.message}`);
    return partitionError(index, code, errorMessageOf(err));
  }
}

function partitionError(index: number, errorCode: number, errorMessage: string | null): PartitionResponse {
  return {
    index,
    errorCode,
    baseOffset: -1n,
    logAppendTimeMs: -1n,
    logStartOffset: -1n,
  };
}
