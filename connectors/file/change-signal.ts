/**
 * Wakes a waiting `poll()` when a watched file changes. A change that arrives while nobody waits is remembered, so
 * the next wait returns at once instead of sleeping through it.
 */
export class ChangeSignal {
  #pending = false;
  #wake: (() => void) | null = null;

  notify(): void {
    const wake = this.#wake;
    if (wake === null) {
      this.#pending = true;
      return;
    }
    this.#wake = null;
    wake();
  }

  /** Resolves true at the next change (or at once for one since the last wait), false after `timeoutMs`. */
  wait(timeoutMs: number): Promise<boolean> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        resolve(false);
      }, timeoutMs);
      this.#wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }
}
