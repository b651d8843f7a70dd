/**
 * Memory and CPU figures of a running process, read from Linux `/proc` so that the broker needs no instrumentation:
 * `VmRSS` (resident now), `VmHWM` (peak resident since start) and user+system CPU ticks.
 */
import { readFileSync } from 'node:fs';

/** Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream architecture. */
const TICKS_PER_SECOND = 100;
const SAMPLE_INTERVAL_MS = 250;

export class ProcStatsError extends Error {
  /** The process read, or undefined for machine-wide figures. */
  readonly pid: number | undefined;

  constructor(pid: number | undefined, what: string) {
    super(pid === undefined ? `cannot read ${what}` : `cannot read ${what} of process ${pid}`);
    this.name = 'ProcStatsError';
    this.pid = pid;
  }
}

export interface MemoryStatus {
  rssKiB: number;
  peakRssKiB: number;
}

function statusField(status: string, field: string, pid: number): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (match?.[1] === undefined) throw new ProcStatsError(pid, field);
  return Number(match[1]);
}

/** Current and peak resident set size; throws `ProcStatsError` once the process is gone. */
export function readMemory(pid: number): MemoryStatus {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    throw new ProcStatsError(pid, 'status');
  }
  return { rssKiB: statusField(status, 'VmRSS', pid), peakRssKiB: statusField(status, 'VmHWM', pid) };
}

/** User + system CPU time consumed so far, in seconds. */
export function readCpuSeconds(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    throw new ProcStatsError(pid, 'stat');
  }
  // The command name (field 2) may contain spaces and parentheses, so fields are counted after its closing ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new ProcStatsError(pid, 'utime/stime');
  return (utime + stime) / TICKS_PER_SECOND;
}

/**
 * CPU seconds the whole machine spent busy (all cores, everything but idle and iowait) since boot. The difference
 * over a phase, minus what the broker and kcat used, is what other processes took: on a shared 2-core machine that
 * says whether a figure can be trusted.
 */
export function readMachineBusySeconds(): number {
  const first = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [label, user, nice, system, , , irq, softirq, steal] = first.trim().split(/\s+/);
  if (label !== 'cpu') throw new ProcStatsError(undefined, 'the cpu line of /proc/stat');
  const busy = [user, nice, system, irq, softirq, steal].reduce((sum, field) => sum + Number(field ?? 0), 0);
  return busy / TICKS_PER_SECOND;
}

/** Per-phase resident-memory figures gathered by `RssSampler`. */
export interface RssPhase {
  phase: string;
  samples: number;
  maxRssKiB: number;
  meanRssKiB: number;
}

/**
 * Samples a process's VmRSS every 250 ms and attributes each sample to the phase named last by `phase()`; samples
 * after the process has exited are ignored, so a phase that ends in a kill simply stops collecting.
 */
export class RssSampler {
  #pid = 0;
  #current: { phase: string; samples: number; max: number; sum: number } | undefined;
  #done: RssPhase[] = [];
  #timer: NodeJS.Timeout | undefined;

  /** Follows `pid` from now on (a restarted broker has a new pid). */
  follow(pid: number): void {
    this.#pid = pid;
    this.#sample();
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#sample(), SAMPLE_INTERVAL_MS);
      this.#timer.unref();
    }
  }

  /** Closes the current phase and opens `name`. */
  phase(name: string): void {
    this.#close();
    this.#current = { phase: name, samples: 0, max: 0, sum: 0 };
    this.#sample();
  }

  /** Stops sampling and returns every phase's figures. */
  finish(): RssPhase[] {
    this.#sample();
    this.#close();
    clearInterval(this.#timer);
    this.#timer = undefined;
    return this.#done;
  }

  #sample(): void {
    const current = this.#current;
    if (current === undefined || this.#pid === 0) return;
    let rss: number;
    try {
      rss = readMemory(this.#pid).rssKiB;
    } catch (error) {
      if (error instanceof ProcStatsError) return;
      throw error;
    }
    current.samples++;
    current.sum += rss;
    if (rss > current.max) current.max = rss;
  }

  #close(): void {
    const current = this.#current;
    if (current === undefined) return;
    this.#done.push({
      phase: current.phase,
      samples: current.samples,
      maxRssKiB: current.max,
      meanRssKiB: current.samples === 0 ? 0 : Math.round(current.sum / current.samples),
    });
    this.#current = undefined;
  }
}
