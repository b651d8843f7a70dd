import { AdminOperationError } from '../client/admin/admin-errors.js';
import { ConsumerError, NoOffsetForPartitionError } from '../client/consumer/consumer-errors.js';
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import { UsageError } from './usage-error.js';

/**
 * A topic named on the command line does not exist (Kafka's `Topic 'x' does not exist as expected`); carries
 * UNKNOWN_TOPIC_OR_PARTITION like the broker's answer would.
 */
export class UnknownTopicError extends KafkaError {
  readonly topic: string;

  constructor(topic: string) {
    super(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${topic}' does not exist as expected`);
    this.name = 'UnknownTopicError';
    this.topic = topic;
  }
}

/** A consumer group named on the command line that the coordinator does not know (state Dead). */
export class UnknownGroupError extends KafkaError {
  readonly group: string;

  constructor(group: string) {
    super(ErrorCode.GROUP_ID_NOT_FOUND, `Consumer group '${group}' does not exist.`);
    this.name = 'UnknownGroupError';
    this.group = group;
  }
}

/**
 * An admin failure as one KafkaError the CLI prints on one line: the failing item's own error when there is one,
 * else one error listing them all under the first item's code. Other errors pass through unchanged.
 */
export function adminFailure(error: unknown): unknown {
  if (!(error instanceof AdminOperationError)) return error;
  const [first, ...rest] = error.errors;
  if (first === undefined) return new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, error.message);
  return rest.length === 0 ? first : new KafkaError(first.code, error.errors.map((e) => e.message).join('; '));
}

/** Runs an admin call, turning an AdminOperationError into a printable KafkaError. */
export async function admin<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw adminFailure(error);
  }
}

/**
 * A consumer failure the tool's own options caused (`auto.offset.reset=none` without a committed offset, a
 * consumer call the options made invalid) as a one-line usage error; anything else passes through unchanged.
 */
export function consumerFailure(error: unknown): unknown {
  if (error instanceof NoOffsetForPartitionError || error instanceof ConsumerError) return new UsageError(error.message);
  return error;
}
