/** What the figures were measured on, printed beside them: they mean little without it. */
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

export interface MachineContext {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  kcat: string;
  /** 1, 5 and 15-minute load averages when the benchmark started: anything near nproc means shared CPUs. */
  loadAverage: number[];
}

/** `kcat -V`'s version line (it names the librdkafka it links), or why it could not be read. */
function kcatVersion(): string {
  const result = spawnSync('kcat', ['-V'], { encoding: 'utf8' });
  if (result.error !== undefined) return `unavailable (${result.error.message})`;
  const line = result.stdout.split('\n').find((text) => text.startsWith('Version'));
  return line?.trim() ?? result.stdout.trim();
}

export function machineContext(): MachineContext {
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    kcat: kcatVersion(),
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
  };
}
