/** Cancels a scheduled task; calling it after the task ran, or twice, does nothing. */
export type Cancel = () => void;

/**
 * Time and one-shot timers as the group coordinator sees them. Injected so that unit tests drive session
 * timeouts, rebalance delays and offset expiry deterministically instead of waiting on the wall clock.
 */
export interface Scheduler {
  now(): number;
  /** Runs `task` once, `delayMs` from now. */
  schedule(delayMs: number, task: () => void): Cancel;
}

/** setTimeout's ceiling: a longer delay would fire at once. */
const MAX_TIMER_MS = 0x7fff_ffff;

/** The real clock. Timers are unref'd: pending coordinator timers never keep a stopping process alive. */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  schedule(delayMs: number, task: () => void): Cancel {
    const timer = setTimeout(task, Math.min(Math.max(delayMs, 0), MAX_TIMER_MS));
    timer.unref();
    return () => clearTimeout(timer);
  },
};
