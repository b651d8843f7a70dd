import assert from 'node:assert/strict';
import { AdminItemError, AdminOperationError } from '../../../src/client/admin/admin-errors.js';
import { NoOffsetForPartitionError } from '../../../src/client/consumer/consumer-errors.js';
import { adminFailure, consumerFailure, UnknownTopicError } from '../../../src/cli/cli-errors.js';
import { UsageError } from '../../../src/cli/usage-error.js';
import { ErrorCode, KafkaError } from '../../../src/protocol/error-codes.js';

describe('CLI error mapping', () => {
  it('unwraps a single failed admin item', () => {
    const item = new AdminItemError('t', ErrorCode.TOPIC_ALREADY_EXISTS, "Topic 't' already exists.");
    assert.equal(adminFailure(new AdminOperationError('createTopics', [item])), item);
  });

  it('joins several failed items into one KafkaError with the first code', () => {
    const failure = adminFailure(
      new AdminOperationError('deleteTopics', [new AdminItemError('a', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION), new AdminItemError('b', ErrorCode.INVALID_REQUEST)]),
    );
    assert.ok(failure instanceof KafkaError);
    assert.equal(failure.code, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    assert.match(failure.message, /^a: UNKNOWN_TOPIC_OR_PARTITION: .*; b: INVALID_REQUEST: /);
  });

  it('passes other errors through', () => {
    const other = new Error('x');
    assert.equal(adminFailure(other), other);
    assert.equal(consumerFailure(other), other);
  });

  it("turns consumer failures the options caused into usage errors", () => {
    const mapped = consumerFailure(new NoOffsetForPartitionError([{ topic: 't', partition: 0 }]));
    assert.ok(mapped instanceof UsageError);
    assert.match(mapped.message, /t-0/);
  });

  it("words an unknown topic as Kafka's TopicCommand", () => {
    const error = new UnknownTopicError('x');
    assert.equal(error.message, "Topic 'x' does not exist as expected");
    assert.equal(error.code, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });
});
