import { ErrorCode } from '../../protocol/error-codes.js';
import { isRetriableError, sleep } from '../with-retries.js';
import { AdminItemError, AdminOperationError } from './admin-errors.js';

/** A failed item's error as the broker reported it; items absent from the outcome map succeeded. */
export interface ItemFailure {
  readonly code: number;
  readonly message?: string | null;
}

export interface PerItemOptions<T> {
  readonly operation: string;
  readonly items: readonly T[];
  readonly nameOf: (item: T) => string;
  /** Item error codes worth another attempt (NOT_CONTROLLER …); other codes fail the item at once. */
  readonly retriableCodes: ReadonlySet<number>;
  readonly deadlineMs: number;
  readonly backoffMs: number;
  readonly signal?: AbortSignal;
  /** Sends one request for `items` and reports each failing item by name. */
  readonly attempt: (items: readonly T[]) => Promise<ReadonlyMap<string, ItemFailure>>;
  /** Runs before a retry, e.g. a metadata refresh after NOT_CONTROLLER. */
  readonly beforeRetry?: () => Promise<unknown>;
}

/** Codes that mean "ask again elsewhere or later" for requests routed to the controller or a coordinator. */
export const ROUTING_RETRIABLE: ReadonlySet<number> = new Set([
  ErrorCode.NOT_CONTROLLER,
  ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
  ErrorCode.COORDINATOR_NOT_AVAILABLE,
  ErrorCode.NOT_COORDINATOR,
  ErrorCode.LEADER_NOT_AVAILABLE,
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
]);

/**
 * Runs an admin request over many items the way Kafka's admin client does: items failing with a retriable code
 * (and whole requests failing on the network) are sent again after a backoff until the deadline; every other
 * failure is final. Rejects with one AdminOperationError listing each failed item; resolves when all succeeded.
 */
export async function runPerItem<T>(options: PerItemOptions<T>): Promise<void> {
  let remaining = [...options.items];
  const failures: AdminItemError[] = [];
  let last = new Map<string, ItemFailure>();
  while (remaining.length > 0) {
    let outcome: ReadonlyMap<string, ItemFailure>;
    try {
      outcome = await options.attempt(remaining);
    } catch (error) {
      if (!isRetriableError(error) || Date.now() >= options.deadlineMs || options.signal?.aborted) throw error;
      await options.beforeRetry?.().catch(() => undefined);
      await sleep(Math.min(options.backoffMs, options.deadlineMs - Date.now()), options.signal);
      continue;
    }
    const retry: T[] = [];
    last = new Map();
    for (const item of remaining) {
      const name = options.nameOf(item);
      const failure = outcome.get(name);
      if (failure === undefined || failure.code === ErrorCode.NONE) continue;
      if (options.retriableCodes.has(failure.code) && Date.now() < options.deadlineMs && !options.signal?.aborted) {
        retry.push(item);
        last.set(name, failure);
      } else {
        failures.push(new AdminItemError(name, failure.code, failure.message));
      }
    }
    remaining = retry;
    if (remaining.length > 0) {
      await options.beforeRetry?.().catch(() => undefined);
      await sleep(Math.min(options.backoffMs, options.deadlineMs - Date.now()), options.signal);
      if (Date.now() >= options.deadlineMs) break;
    }
  }
  for (const item of remaining) {
    const name = options.nameOf(item);
    const failure = last.get(name)!;
    failures.push(new AdminItemError(name, failure.code, failure.message));
  }
  if (failures.length > 0) throw new AdminOperationError(options.operation, failures);
}
