/** How a repeated measurement is printed in the tables: `median (min–max)`. */
import { formatNumber } from './markdown-table.js';
import type { Spread } from './spread.js';

export function formatSpread(value: Spread | undefined, decimals = 0): string {
  if (value === undefined) return 'failed';
  const median = formatNumber(value.median, decimals);
  if (value.min === value.max) return median;
  return `${median} (${formatNumber(value.min, decimals)}–${formatNumber(value.max, decimals)})`;
}

/** `value / base` as a percentage, or a dash when either is missing. */
export function formatRatio(value: number | undefined, base: number | undefined): string {
  if (value === undefined || base === undefined || !Number.isFinite(value) || !Number.isFinite(base) || base === 0) return '—';
  return `${formatNumber((value / base) * 100)} %`;
}
