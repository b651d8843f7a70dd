import type { Cancel, Scheduler } from '../../../../src/broker/group/scheduler.js';

interface Task {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
  cancelled: boolean;
}

/** A Scheduler whose clock moves only when a test calls `advance`; due tasks run in time (then creation) order. */
export class ManualScheduler implements Scheduler {
  #now: number;
  #seq = 0;
  #tasks: Task[] = [];

  constructor(start = 1_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  schedule(delayMs: number, run: () => void): Cancel {
    const task: Task = { at: this.#now + Math.max(delayMs, 0), seq: this.#seq++, run, cancelled: false };
    this.#tasks.push(task);
    return () => {
      task.cancelled = true;
    };
  }

  /** Moves the clock forward by `ms`, running every task that falls due on the way (including ones they schedule). */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      this.#tasks = this.#tasks.filter((t) => !t.cancelled);
      let next: Task | undefined;
      for (const t of this.#tasks) if (t.at <= target && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      if (!next) break;
      this.#tasks.splice(this.#tasks.indexOf(next), 1);
      this.#now = Math.max(this.#now, next.at);
      next.run();
    }
    this.#now = target;
  }

  /** Tasks scheduled and not yet run or cancelled. */
  get pending(): number {
    return this.#tasks.filter((t) => !t.cancelled).length;
  }
}
