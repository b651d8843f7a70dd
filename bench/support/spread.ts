/** Median and range of repeated measurements: the figure and how far single runs strayed from it. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The spread of the finite values (failed runs are NaN and left out); undefined when there are none. */
export function spread(values: readonly number[]): Spread | undefined {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const count = sorted.length;
  if (count === 0) return undefined;
  const middle = Math.floor(count / 2);
  const median = count % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[count - 1] as number };
}
