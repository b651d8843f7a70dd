import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { FileGlob } from './file-glob.js';

/**
 * The files that match any of `globs` now, each written the way its glob is written, sorted and without duplicates.
 * A literal pattern names its file whether it exists yet or not (the source waits for it); a wildcard pattern
 * yields the regular files that exist, searched no deeper than the pattern can reach.
 */
export async function expandGlobs(globs: readonly FileGlob[]): Promise<string[]> {
  const found = new Set<string>();
  for (const glob of globs) {
    if (glob.isLiteral) {
      found.add(glob.literalPath());
      continue;
    }
    await walk(glob, '', 0, found);
  }
  return [...found].sort();
}

async function walk(glob: FileGlob, relativeDir: string, depth: number, found: Set<string>): Promise<void> {
  let entries;
  try {
    entries = await readdir(path.join(glob.baseDir, relativeDir), { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') return;
    throw error;
  }
  for (const entry of entries) {
    const relative = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
    if (entry.isFile()) {
      const candidate = glob.pathUnder(relative);
      if (glob.matches(candidate)) found.add(candidate);
    } else if (entry.isDirectory() && depth < glob.depth) {
      await walk(glob, relative, depth + 1, found);
    }
  }
}
