import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';

/**
 * `send()` gave up waiting: for topic metadata or buffer room (`max.block.ms`), or for delivery
 * (`delivery.timeout.ms`). Kafka's `TimeoutException`; carries REQUEST_TIMED_OUT.
 */
export class ProducerTimeoutError extends KafkaError {
  readonly configKey: 'max.block.ms' | 'delivery.timeout.ms';

  constructor(configKey: 'max.block.ms' | 'delivery.timeout.ms', message: string, options?: ErrorOptions) {
    super(ErrorCode.REQUEST_TIMED_OUT, message, options);
    this.name = 'ProducerTimeoutError';
    this.configKey = configKey;
  }
}

/** A record larger than `max.request.size` or `buffer.memory` (Kafka's `RecordTooLargeException`). */
export class RecordTooLargeError extends KafkaError {
  readonly configKey: 'max.request.size' | 'buffer.memory';

  constructor(configKey: 'max.request.size' | 'buffer.memory', message: string) {
    super(ErrorCode.MESSAGE_TOO_LARGE, message);
    this.name = 'RecordTooLargeError';
    this.configKey = configKey;
  }
}

/** A record addressed to a partition the topic does not have; waiting would not help, so not retriable. */
export class InvalidPartitionError extends KafkaError {
  override readonly retriable = false;

  constructor(topic: string, partition: number, partitionCount: number) {
    super(
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      `invalid partition ${partition} for topic ${topic}: expected an integer in [0, ${partitionCount - 1}]`,
    );
    this.name = 'InvalidPartitionError';
  }
}
