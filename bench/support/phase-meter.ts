/**
 * What a server process used during one phase of a run: CPU seconds (from `/proc/<pid>/stat`), its largest VmRSS
 * (sampled every 100 ms, plus once at each end), and the machine-wide busy CPU, so that what other processes took
 * can be shown beside the figure.
 */
import { ProcStatsError, readCpuSeconds, readMachineBusySeconds, readMemory } from './proc-stats.js';

const SAMPLE_MS = 100;

export interface PhaseUsage {
  serverCpuSeconds: number;
  machineCpuSeconds: number;
  serverMaxRssKiB: number;
}

export class PhaseMeter {
  readonly #pid: number;
  readonly #cpuBefore: number;
  readonly #machineBefore: number;
  readonly #timer: NodeJS.Timeout;
  #maxRssKiB = 0;

  constructor(pid: number) {
    this.#pid = pid;
    this.#cpuBefore = readCpuSeconds(pid);
    this.#machineBefore = readMachineBusySeconds();
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), SAMPLE_MS);
  }

  finish(): PhaseUsage {
    clearInterval(this.#timer);
    this.#sample();
    return {
      serverCpuSeconds: readCpuSeconds(this.#pid) - this.#cpuBefore,
      machineCpuSeconds: readMachineBusySeconds() - this.#machineBefore,
      serverMaxRssKiB: this.#maxRssKiB,
    };
  }

  #sample(): void {
    try {
      this.#maxRssKiB = Math.max(this.#maxRssKiB, readMemory(this.#pid).rssKiB);
    } catch (error) {
      if (!(error instanceof ProcStatsError)) throw error;
    }
  }
}
