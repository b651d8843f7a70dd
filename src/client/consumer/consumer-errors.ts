import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import { formatTopicPartition } from './topic-partition.js';
import type { TopicPartition } from './topic-partition.js';

/** Consumer failures that are not a broker's error code, each with a stable `code` to branch on. */
export const ConsumerErrorCode = {
  /** `wakeup()` interrupted a blocking call (Kafka's `WakeupException`). */
  WAKEUP: 'WAKEUP',
  /** A call that the consumer's state does not allow (Kafka's `IllegalStateException`). */
  ILLEGAL_STATE: 'ILLEGAL_STATE',
  /** An argument no call accepts: a negative offset or timeout, an empty topic name (`IllegalArgumentException`). */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
} as const;

export type ConsumerErrorCodeName = (typeof ConsumerErrorCode)[keyof typeof ConsumerErrorCode];

export class ConsumerError extends Error {
  readonly code: ConsumerErrorCodeName;

  constructor(code: ConsumerErrorCodeName, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Thrown by the blocking call that `wakeup()` interrupted; the consumer stays usable. */
export class WakeupError extends ConsumerError {
  constructor() {
    super(ConsumerErrorCode.WAKEUP, 'the consumer was woken up');
  }
}

/**
 * The call is not allowed now: `poll` with neither subscription nor assignment, a second `poll` while one is
 * running, `seek` on a partition that is not assigned, a group API without `groupId`.
 */
export class ConsumerStateError extends ConsumerError {
  constructor(message: string) {
    super(ConsumerErrorCode.ILLEGAL_STATE, message);
  }
}

export class ConsumerArgumentError extends ConsumerError {
  constructor(message: string) {
    super(ConsumerErrorCode.INVALID_ARGUMENT, message);
  }
}

/**
 * A commit the group coordinator refused because this member no longer owns the partitions it committed for:
 * the group rebalanced (REBALANCE_IN_PROGRESS), or the member was fenced out of its generation
 * (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID). The consumer rejoins on its next `poll`; records processed since the
 * last successful commit will be delivered again, to this member or another.
 */
export class CommitFailedError extends KafkaError {
  constructor(code: number, detail: string) {
    super(
      code,
      `offset commit failed (${detail}): the group has rebalanced or this member was removed from it, ` +
        'so its partitions may now belong to another member; poll() again to rejoin',
    );
    this.name = 'CommitFailedError';
  }
}

/** The fetch position fell outside the log and `auto.offset.reset` is `none` (Kafka's OffsetOutOfRangeException). */
export class OffsetOutOfRangeError extends KafkaError {
  readonly partitions: readonly TopicPartition[];
  readonly offsets: readonly number[];

  constructor(partitions: readonly TopicPartition[], offsets: readonly number[]) {
    const shown = partitions.map((tp, i) => `${formatTopicPartition(tp)} at ${offsets[i]}`).join(', ');
    super(ErrorCode.OFFSET_OUT_OF_RANGE, `fetch position out of range with no reset policy (auto.offset.reset=none): ${shown}`);
    this.name = 'OffsetOutOfRangeError';
    this.partitions = partitions;
    this.offsets = offsets;
  }
}

/** No committed offset and `auto.offset.reset` is `none`: the configuration says not to guess a position. */
export class NoOffsetForPartitionError extends Error {
  readonly configKey = 'auto.offset.reset';
  readonly partitions: readonly TopicPartition[];

  constructor(partitions: readonly TopicPartition[]) {
    super(
      `no committed offset for ${partitions.map(formatTopicPartition).join(', ')} and auto.offset.reset is none; ` +
        'seek() to a position or set auto.offset.reset to earliest or latest',
    );
    this.name = 'NoOffsetForPartitionError';
    this.partitions = partitions;
  }
}
