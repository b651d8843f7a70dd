/** How much data a broker's log directory holds, so start-up times are reported against what was recovered. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface DirUsage {
  bytes: number;
  files: number;
  /** Files ending in `.log`: Kafka's (and Millrace's) name for segment data files. */
  segmentFiles: number;
  segmentBytes: number;
}

/** Totals under `dir`; all zero when it does not exist yet (a broker that has not started once). */
export function dirUsage(dir: string): DirUsage {
  const usage: DirUsage = { bytes: 0, files: 0, segmentFiles: 0, segmentBytes: 0 };
  if (!existsSync(dir)) return usage;
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.isFile()) {
        const size = statSync(full).size;
        usage.bytes += size;
        usage.files++;
        if (entry.name.endsWith('.log')) {
          usage.segmentFiles++;
          usage.segmentBytes += size;
        }
      }
    }
  };
  walk(dir);
  return usage;
}
