import assert from 'node:assert/strict';
import { withRetries } from '../../../src/client/with-retries.js';
import { ErrorCode, KafkaError } from '../../../src/protocol/error-codes.js';

describe('withRetries', () => {
  it('retries retriable KafkaErrors with backoff until the call succeeds', async () => {
    const retried: number[] = [];
    const started = Date.now();
    const result = await withRetries(
      async (attempt) => {
        if (attempt < 3) throw new KafkaError(ErrorCode.LEADER_NOT_AVAILABLE);
        return attempt;
      },
      { deadlineMs: Date.now() + 5000, backoffMs: 20, onRetry: (error, attempt) => void retried.push(error.code, attempt) },
    );
    assert.equal(result, 3);
    assert.deepEqual(retried, [5, 0, 5, 1, 5, 2]);
    assert.ok(Date.now() - started >= 55, 'waited the backoff between attempts');
  });

  it('throws a non-retriable error at once', async () => {
    let calls = 0;
    await assert.rejects(
      withRetries(
        async () => {
          calls++;
          throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS);
        },
        { deadlineMs: Date.now() + 5000, backoffMs: 1 },
      ),
      (e: unknown) => e instanceof KafkaError && e.code === ErrorCode.TOPIC_ALREADY_EXISTS,
    );
    assert.equal(calls, 1);
  });

  it('gives up with the last error once the deadline passes', async () => {
    let calls = 0;
    await assert.rejects(
      withRetries(
        async () => {
          calls++;
          throw new KafkaError(ErrorCode.NOT_COORDINATOR);
        },
        { deadlineMs: Date.now() + 100, backoffMs: 30 },
      ),
      (e: unknown) => e instanceof KafkaError && e.code === ErrorCode.NOT_COORDINATOR,
    );
    assert.ok(calls >= 2 && calls <= 6, `expected a few attempts, got ${calls}`);
  });

  it('stops retrying when its signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await assert.rejects(
      withRetries(
        async () => {
          throw new KafkaError(ErrorCode.REQUEST_TIMED_OUT);
        },
        { deadlineMs: Date.now() + 10_000, backoffMs: 1000, signal: controller.signal },
      ),
      KafkaError,
    );
    assert.ok(Date.now() - started < 2000);
  });
});
