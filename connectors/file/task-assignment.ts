/**
 * How the file source spreads files over its tasks.
 *
 * The files that exist when the connector computes its task configs are dealt out evenly: each file goes to the
 * task its path hashes to unless that task already holds its fair share (⌈files / tasks⌉), in which case it goes to
 * the least loaded task. A file that appears later, which no task config names, belongs to task
 * `fnv1a32(path) mod tasks` — the 32-bit FNV-1a hash of the path's UTF-8 bytes, the path written as the glob writes
 * it — so every task decides on its own, with no coordination, and exactly one of them picks the file up. A task
 * is told which files of the initial set hash to it but were dealt to another task, and leaves those alone.
 */

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a of the path's UTF-8 bytes: stable across processes, platforms and releases. */
export function pathHash(filePath: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of Buffer.from(filePath, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash;
}

/** The task a file belongs to when no task config names it. */
export function hashedTask(filePath: string, taskCount: number): number {
  return pathHash(filePath) % taskCount;
}

export interface FileAssignment {
  /** Per task, the files of the initial set it reads. */
  readonly owned: string[][];
  /** Per task, the files of the initial set that hash to it but another task reads. */
  readonly elsewhere: string[][];
}

/** Deals `files` (deduplicated, in sorted order) over `taskCount` tasks as the module doc describes. */
export function assignFiles(files: readonly string[], taskCount: number): FileAssignment {
  const owned: string[][] = Array.from({ length: taskCount }, () => []);
  const elsewhere: string[][] = Array.from({ length: taskCount }, () => []);
  const sorted = [...new Set(files)].sort();
  const fairShare = Math.ceil(sorted.length / taskCount);
  const overflow: string[] = [];
  for (const file of sorted) {
    const task = owned[hashedTask(file, taskCount)] as string[];
    if (task.length < fairShare) task.push(file);
    else overflow.push(file);
  }
  for (const file of overflow) {
    let least = 0;
    for (let i = 1; i < taskCount; i++) if ((owned[i] as string[]).length < (owned[least] as string[]).length) least = i;
    (owned[least] as string[]).push(file);
    (elsewhere[hashedTask(file, taskCount)] as string[]).push(file);
  }
  return { owned, elsewhere };
}
