import { WakeupError } from './consumer-errors.js';

export type RaceOutcome<T> = { readonly settled: true; readonly value: T } | { readonly settled: false };

interface Settlement {
  outcome?: RaceOutcome<unknown>;
  failure?: { error: unknown };
}

/**
 * Wakes a waiting `poll`: fetch responses, rebalance requests and `wakeup()` all notify it, so a poll blocked on
 * "nothing to return yet" re-examines its state at once instead of sleeping out its timeout. A `wakeup()` is also
 * remembered until the next blocking call consumes it, as Kafka's consumer does.
 */
export class PollNotifier {
  readonly #waiters = new Set<() => void>();
  readonly #settlements = new WeakMap<Promise<unknown>, Settlement>();
  #wakeupPending = false;

  notify(): void {
    for (const waiter of this.#waiters) waiter();
    this.#waiters.clear();
  }

  wakeup(): void {
    this.#wakeupPending = true;
    this.notify();
  }

  /** Throws WakeupError, consuming the wakeup, if `wakeup()` was called since the last check. */
  checkWakeup(): void {
    if (!this.#wakeupPending) return;
    this.#wakeupPending = false;
    throw new WakeupError();
  }

  /** Resolves after `ms`, or earlier on `notify()`; then throws WakeupError if that was a wakeup. */
  async wait(ms: number): Promise<void> {
    this.checkWakeup();
    if (ms > 0) {
      let timer: NodeJS.Timeout | undefined;
      let waiter: (() => void) | undefined;
      await new Promise<void>((resolve) => {
        waiter = resolve;
        timer = setTimeout(resolve, ms);
        this.#waiters.add(resolve);
      });
      clearTimeout(timer);
      this.#waiters.delete(waiter!);
    }
    this.checkWakeup();
  }

  /**
   * Waits for `promise` until `deadline` (a `Date.now()` time) or a wakeup, whichever comes first; the promise keeps
   * running when the wait ends early, so a later call can wait for it again.
   * @throws WakeupError when woken; the promise's own rejection when it settles with one
   */
  async race<T>(promise: Promise<T>, deadline: number): Promise<RaceOutcome<T>> {
    const settlement = this.#track(promise);
    for (;;) {
      // A promise that is already settled reports on a later microtask; one turn lets it do so first.
      await Promise.resolve();
      if (settlement.failure !== undefined) throw settlement.failure.error;
      if (settlement.outcome !== undefined) return settlement.outcome as RaceOutcome<T>;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        this.checkWakeup();
        return { settled: false };
      }
      await this.wait(remaining);
    }
  }

  /** One settlement record (and one handler) per promise, however many polls wait for it. */
  #track(promise: Promise<unknown>): Settlement {
    let settlement = this.#settlements.get(promise);
    if (settlement === undefined) {
      const created: Settlement = {};
      settlement = created;
      this.#settlements.set(promise, created);
      promise.then(
        (value) => {
          created.outcome = { settled: true, value };
          this.notify();
        },
        (error: unknown) => {
          created.failure = { error };
          this.notify();
        },
      );
    }
    return settlement;
  }
}
