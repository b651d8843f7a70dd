import { KafkaError } from '../../protocol/error-codes.js';

/** One item (topic, group, partition) an admin operation failed for, with the broker's code and message. */
export class AdminItemError extends KafkaError {
  /** The topic, `topic-partition` or group the broker reported on. */
  readonly item: string;

  constructor(item: string, code: number, brokerMessage?: string | null) {
    const detail = brokerMessage || new KafkaError(code).message;
    super(code, `${item}: ${new KafkaError(code).errorName}: ${detail}`);
    this.name = 'AdminItemError';
    this.item = item;
  }
}

/**
 * An admin operation in which some items failed; the others succeeded. `errors` holds one AdminItemError per
 * failing item, so callers can act on codes (e.g. ignore TOPIC_ALREADY_EXISTS).
 */
export class AdminOperationError extends AggregateError {
  readonly operation: string;
  declare errors: AdminItemError[];

  constructor(operation: string, errors: readonly AdminItemError[]) {
    super(errors, `${operation} failed: ${errors.map((e) => e.message).join('; ')}`);
    this.name = 'AdminOperationError';
    this.operation = operation;
  }

  /** The error for `item`, if it failed. */
  errorFor(item: string): AdminItemError | undefined {
    return this.errors.find((e) => e.item === item);
  }
}
