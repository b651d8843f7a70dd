/**
 * The latencies a latency runner measures: messages numbered 0..total-1 by the sender, each counted once when it
 * arrives (repeats are counted apart), and its latency kept unless it belongs to the warm-up.
 */
export interface LatencySummary {
  /** Distinct messages that arrived. */
  readonly arrived: number;
  readonly duplicates: number;
  /** Latencies kept (arrivals past the warm-up). */
  readonly measured: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
}

export class LatencyTally {
  readonly #firstMeasured: number;
  readonly #latencies: Float64Array;
  readonly #seen: Uint8Array;
  #arrived = 0;
  #duplicates = 0;
  #measured = 0;

  /** @param firstMeasured the first sequence number past the warm-up */
  constructor(total: number, firstMeasured: number) {
    this.#firstMeasured = firstMeasured;
    this.#latencies = new Float64Array(total);
    this.#seen = new Uint8Array(total);
  }

  get arrived(): number {
    return this.#arrived;
  }

  /** Counts message `sequence` (ignored when out of range) arriving `latencyMs` after it was scheduled. */
  record(sequence: number, latencyMs: number): void {
    if (!Number.isInteger(sequence) || sequence < 0 || sequence >= this.#seen.length) return;
    if (this.#seen[sequence] === 1) {
      this.#duplicates++;
      return;
    }
    this.#seen[sequence] = 1;
    this.#arrived++;
    if (sequence >= this.#firstMeasured) this.#latencies[this.#measured++] = latencyMs;
  }

  summary(): LatencySummary {
    const sorted = this.#latencies.subarray(0, this.#measured).sort();
    return {
      arrived: this.#arrived,
      duplicates: this.#duplicates,
      measured: this.#measured,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      p999Ms: percentile(sorted, 0.999),
      maxMs: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] as number),
    };
  }
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
}
