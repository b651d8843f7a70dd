/**
 * Finds a peer's server process below the launcher the benchmark spawned: RabbitMQ's `rabbitmq-server` is a shell
 * script whose child is `beam.smp`, ActiveMQ's launcher is a JVM of its own. CPU and memory are read from the
 * process that does the work, so wrapper shells do not dilute or hide the figures.
 */
import { readFileSync, readdirSync } from 'node:fs';

interface ProcEntry {
  pid: number;
  ppid: number;
  comm: string;
}

function readEntry(pid: number): ProcEntry | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  const ppid = Number(stat.slice(close + 2).split(' ')[1]);
  return { pid, ppid, comm: stat.slice(open + 1, close) };
}

function allEntries(): ProcEntry[] {
  const entries: ProcEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readEntry(Number(name));
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}

/** Every live process below `root` (not `root` itself), parents before children. */
export function descendants(root: number): ProcEntry[] {
  const entries = allEntries();
  const found: ProcEntry[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const parent = frontier.shift() as number;
    for (const entry of entries) {
      if (entry.ppid === parent) {
        found.push(entry);
        frontier.push(entry.pid);
      }
    }
  }
  return found;
}

/** `root` itself when its command name is `comm`, else the first descendant with that name. */
export function findProcess(root: number, comm: string): number | undefined {
  if (readEntry(root)?.comm === comm) return root;
  return descendants(root).find((entry) => entry.comm === comm)?.pid;
}
