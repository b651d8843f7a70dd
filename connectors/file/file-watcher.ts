import { existsSync } from 'node:fs';
import path from 'node:path';
import { watch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import type { FileGlob } from './file-glob.js';

/**
 * Change notification for the file source, so an appended line is read within milliseconds instead of at the next
 * timed check. Watches the directories the globs can match in (chokidar, as deep as the patterns reach) and reports
 * every added, changed or removed matching file, its path written the way its glob is written.
 *
 * Notification only speeds things up: the source still checks its files when a wait times out, so a missed event
 * (or a directory that did not exist yet, which chokidar cannot watch) only delays a line until then. `refresh()`
 * starts watching base directories that have appeared since.
 */
export class FileWatcher {
  readonly #globs: ReadonlyArray<{ glob: FileGlob; base: string; literal: string | null }>;
  readonly #onChange: (filePath: string) => void;
  /** Absolute base directory → how deep below it any glob looks. */
  readonly #dirs = new Map<string, number>();
  readonly #unwatched = new Set<string>();
  #watcher: FSWatcher | null = null;
  #closed = false;

  constructor(globs: readonly FileGlob[], onChange: (filePath: string) => void) {
    this.#globs = globs.map((glob) => ({
      glob,
      base: path.resolve(glob.baseDir),
      literal: glob.isLiteral ? path.resolve(glob.literalPath()) : null,
    }));
    this.#onChange = onChange;
    for (const { glob, base } of this.#globs) this.#dirs.set(base, Math.max(this.#dirs.get(base) ?? 0, glob.depth));
  }

  /** Starts watching; resolves once the initial scan is done, so later changes are reported. */
  async start(): Promise<void> {
    for (const dir of this.#dirs.keys()) this.#unwatched.add(dir);
    await this.refresh();
  }

  /** Watches base directories that did not exist before; true when there were any (list them now). */
  async refresh(): Promise<boolean> {
    const appeared = [...this.#unwatched].filter((dir) => existsSync(dir));
    if (appeared.length === 0 || this.#closed) return false;
    for (const dir of appeared) this.#unwatched.delete(dir);
    if (this.#watcher !== null) {
      this.#watcher.add(appeared);
      return true;
    }
    const depth = Math.max(...this.#dirs.values());
    const watcher = watch(appeared, {
      ignoreInitial: true,
      ...(Number.isFinite(depth) ? { depth } : {}),
      ignored: (candidate, stats) => stats?.isFile() === true && this.#match(candidate) === null,
    });
    this.#watcher = watcher;
    watcher.on('all', (event, changed) => {
      if (event !== 'add' && event !== 'change' && event !== 'unlink') return;
      const matched = this.#match(changed);
      if (matched !== null) this.#onChange(matched);
    });
    // A watch error (a directory removed under it, a permission change) must not take the task down; the timed
    // checks carry on without it.
    watcher.on('error', () => undefined);
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    return true;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const watcher = this.#watcher;
    this.#watcher = null;
    if (watcher !== null) await watcher.close();
  }

  /** `absolute` written as the first glob matching it writes it, or null when none does. */
  #match(absolute: string): string | null {
    for (const { glob, base, literal } of this.#globs) {
      if (literal !== null) {
        if (literal === absolute) return glob.literalPath();
        continue;
      }
      const relative = path.relative(base, absolute);
      if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
      const candidate = glob.pathUnder(relative);
      if (glob.matches(candidate)) return candidate;
    }
    return null;
  }
}
