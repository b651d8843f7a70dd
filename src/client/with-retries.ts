import { KafkaError } from '../protocol/error-codes.js';

export interface RetryOptions {
  /** Absolute time (`Date.now()` scale) after which the last error is thrown instead of retrying. */
  readonly deadlineMs: number;
  /** Pause between attempts; shortened so the last attempt still starts before the deadline. */
  readonly backoffMs: number;
  /** Called before each pause with the error that caused the retry (e.g. to refresh metadata or log). */
  readonly onRetry?: (error: KafkaError, attempt: number) => void | Promise<void>;
  /** Decides which errors are retried; default: a KafkaError whose `retriable` flag is set. */
  readonly isRetriable?: (error: unknown) => boolean;
  /** Stops retrying (throwing the last error) once aborted, e.g. when the client closes. */
  readonly signal?: AbortSignal;
}

export function isRetriableError(error: unknown): error is KafkaError {
  return error instanceof KafkaError && error.retriable;
}

/**
 * Runs `fn` (passed the 0-based attempt number) until it resolves, a non-retriable error is thrown, or the
 * deadline passes — Kafka's `retry.backoff.ms` loop, shared by metadata, coordinator look-ups, admin and producer.
 */
export async function withRetries<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const retriable = options.isRetriable ?? isRetriableError;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const remaining = options.deadlineMs - Date.now();
      if (!retriable(error) || remaining <= 0 || options.signal?.aborted) throw error;
      await options.onRetry?.(error as KafkaError, attempt);
      await sleep(Math.min(options.backoffMs, remaining), options.signal);
    }
  }
}

/** A timer-based pause that ends early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
