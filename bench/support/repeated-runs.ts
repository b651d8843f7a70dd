/**
 * Runs one case several times: the warm-up runs are made and discarded (JIT, page cache, the peer's own warm-up),
 * the others kept. A failed run is recorded as a failure and the case goes on, so one bad run costs one figure.
 */
import { spread } from './spread.js';
import type { Spread } from './spread.js';

export type Sample = Record<string, number>;

export interface CaseRuns {
  samples: Sample[];
  failures: string[];
}

/** Errors a run may end with that should not abort the suite; anything else is a bug and propagates. */
export type RunErrorFilter = (error: unknown) => boolean;

export async function repeatRuns(
  warmups: number,
  runs: number,
  log: (line: string) => void,
  recoverable: RunErrorFilter,
  run: (index: number, warmUp: boolean) => Promise<Sample>,
): Promise<CaseRuns> {
  const samples: Sample[] = [];
  const failures: string[] = [];
  for (let index = 0; index < warmups + runs; index++) {
    const warmUp = index < warmups;
    try {
      const sample = await run(index, warmUp);
      if (!warmUp) samples.push(sample);
      log(`  run ${index + 1}/${warmups + runs}${warmUp ? ' (warm-up, discarded)' : ''}: ${describe(sample)}`);
    } catch (error) {
      if (!recoverable(error)) throw error;
      const message = (error as Error).message.split('\n').slice(0, 6).join(' | ');
      failures.push(message);
      log(`  run ${index + 1} failed: ${message}`);
    }
  }
  return { samples, failures };
}

function describe(sample: Sample): string {
  return Object.entries(sample)
    .map(([key, value]) => `${key}=${Number.isInteger(value) ? value : value.toFixed(2)}`)
    .join(' ');
}

/** The spread of one metric over the kept samples. */
export function metric(runs: CaseRuns, key: string): Spread | undefined {
  return spread(runs.samples.map((sample) => sample[key] ?? Number.NaN));
}
