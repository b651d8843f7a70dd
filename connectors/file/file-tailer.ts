import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { FINGERPRINT_BYTES, identityOf } from './file-identity.js';
import type { FileIdentity } from './file-identity.js';
import { FINGERPRINT_BYTES_FIELD, FINGERPRINT_FIELD, INODE_FIELD, POSITION_FIELD } from './file-offset.js';
import type { FileSourceOffset } from './file-offset.js';
import { DEFAULT_READ_BUFFER_BYTES, LineReader } from './line-reader.js';

/**
 * Follows the lines of one path, across log rotation, each line exactly once.
 *
 * Lifecycle, driven by `read()` calls:
 * 1. Open: wait while the path does not exist (reporting it once). The first open resumes from the stored offset
 *    when the file is still the one it belongs to — same inode, first bytes unchanged, long enough — and otherwise
 *    starts at 0. When the inode differs, the rotated-away file is looked for among the path's siblings by inode
 *    and finished first.
 * 2. Read: lines are handed out as they complete, with the byte position just after each.
 * 3. At end of file, before reading on, check the file is still what was being read:
 *    - copytruncate (size below what was read, or the first bytes changed): the unterminated tail is handed out as
 *      a last line and reading starts again at 0;
 *    - rename-and-create (the path names another inode): the old file, still open, is read to its end, and once the
 *      new file has data (so the writer has moved on) or the old one was deleted, its tail goes out as a last line
 *      and the new file is read from 0;
 *    - deleted with nothing in its place: finished, then back to waiting for the path.
 */

/**
 * `missing`: waiting for the path; `resumed`: continuing from the stored offset; `replaced`: the stored offset does
 * not fit the file any more (rotated, truncated or rewritten while stopped), so it is read from 0; `renamed` and
 * `truncated`: a rotation seen while running; `deleted`: the file was removed and has been finished.
 */
export type TailerNoticeKind = 'missing' | 'renamed' | 'truncated' | 'replaced' | 'resumed' | 'deleted';

export interface TailerNotice {
  readonly kind: TailerNoticeKind;
  readonly path: string;
  /** Where reading continues. */
  readonly position: number;
  /** For `resumed` from a rotated-away sibling: that file's path. */
  readonly rotatedPath?: string;
}

export type LineSink = (line: string, position: number, identity: FileIdentity) => void;

export interface FileTailerOptions {
  /** The stored offset for this path, or null to start at 0. */
  resumeFrom: FileSourceOffset | null;
  /** Told about waiting for the file, rotations and resumes, for logging. */
  onNotice?: (notice: TailerNotice) => void;
  /**
   * Told whenever the open file is written to, straight from the kernel (`fs.watch`). chokidar, which finds the
   * files, passes on at most one change per file every 50 ms and drops the rest, which held a trickle of lines
   * back by tens of milliseconds and the last of a burst until the next timed check.
   */
  onChange?: () => void;
  readBufferBytes?: number;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** A read issued before it is needed: valid only for the same file handle and position. */
interface ReadAhead {
  readonly fh: FileHandle;
  readonly position: number;
  readonly buffer: Buffer;
  readonly bytesRead: Promise<number>;
}

/** Reads kept in flight ahead of the line reader while a file yields full chunks (the thread pool has four threads). */
const READS_AHEAD = 3;

export class FileTailer {
  readonly path: string;
  readonly #reader: LineReader;
  readonly #onNotice: (notice: TailerNotice) => void;
  readonly #onChange: (() => void) | undefined;
  #watcher: FSWatcher | null = null;
  readonly #prefix = Buffer.alloc(FINGERPRINT_BYTES);
  readonly #readBufferBytes: number;
  /** Reads issued ahead, in file order. */
  readonly #ahead: ReadAhead[] = [];
  /** Read buffers free for the next read (copied into the line reader, or never used). */
  readonly #spare: Buffer[] = [];
  #prefixLength = 0;
  #resume: FileSourceOffset | null;
  #fh: FileHandle | null = null;
  #inode = 0n;
  #identity: FileIdentity = identityOf(0n, Buffer.alloc(0));
  #atEof = false;
  /** The path names another file now: finish this one to its end, then switch. */
  #switchPending = false;
  /** This file was unlinked and nothing replaced it: finish it, then wait for the path again. */
  #deleted = false;
  #missingReported = false;
  #closed = false;

  constructor(filePath: string, options: FileTailerOptions) {
    this.path = filePath;
    this.#resume = options.resumeFrom;
    this.#onNotice = options.onNotice ?? (() => undefined);
    this.#onChange = options.onChange;
    this.#reader = new LineReader(options.readBufferBytes);
    this.#readBufferBytes = options.readBufferBytes ?? DEFAULT_READ_BUFFER_BYTES;
  }

  /** Whether a file is open (false while waiting for the path to appear). */
  get isOpen(): boolean {
    return this.#fh !== null;
  }

  /** Position just after the last line handed out. */
  get position(): number {
    return this.#reader.position;
  }

  /**
   * Hands up to `max` complete lines to `sink` and returns how many; 0 when there is nothing new. A call stops at
   * the lines already read rather than wait for the next read of the file, so reading everything there is may take
   * several calls.
   */
  async read(max: number, sink: LineSink): Promise<number> {
    if (this.#closed) return 0;
    if (this.#fh === null && !(await this.#open())) return 0;
    let count = 0;
    for (;;) {
      let line: string | null;
      while (count < max && (line = this.#reader.nextLine()) !== null) {
        sink(line, this.#reader.position, this.#identity);
        count++;
      }
      // Lines in hand go out before waiting for the disk: records held across that wait outlive V8's young
      // generation (allocation goes on meanwhile) and pile up in the old one. The next call reads on.
      if (count > 0 || this.#fh === null) return count;
      if (this.#atEof) {
        this.#atEof = false;
        count += await this.#checkIdentity(sink);
      }
      if ((await this.#readChunk()) > 0) continue;
      this.#atEof = true;
      if (!this.#switchPending && !this.#deleted) return count;
      if (count >= max) return count;
      const tail = this.#reader.remainder();
      if (tail !== null) {
        sink(tail, this.#reader.position, this.#identity);
        count++;
      }
      if (this.#deleted) {
        await this.#closeFile();
        this.#onNotice({ kind: 'deleted', path: this.path, position: this.#reader.position });
        return count;
      }
      await this.#closeFile();
      if (!(await this.#open())) return count;
      this.#onNotice({ kind: 'renamed', path: this.path, position: 0 });
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#closeFile();
  }

  async #closeFile(): Promise<void> {
    this.#unwatch();
    const fh = this.#fh;
    this.#fh = null;
    this.#switchPending = false;
    this.#deleted = false;
    this.#atEof = false;
    if (fh !== null) await fh.close();
  }

  /**
   * Reads the next chunk into the line reader. While the file yields full chunks, the next few reads are issued at
   * once, so the file is read on the thread pool while these lines are handed out: a read costs a round trip to the
   * pool (a quarter of a millisecond on a busy 2-core machine, more than splitting 64 KiB into lines), and reading
   * only when asked left the task waiting for that most of its time.
   *
   * A read ahead is used only when it starts exactly where reading goes on, on the same file; one that met the end
   * of file is ignored (the file may have grown since), and a short read drops the ones after it, which were issued
   * for positions past it.
   */
  async #readChunk(): Promise<number> {
    const fh = this.#fh as FileHandle;
    const position = this.#reader.readPosition;
    let read = this.#ahead.shift();
    if (read !== undefined && (read.fh !== fh || read.position !== position)) {
      this.#abandonReads();
      read = undefined;
    }
    let bytesRead = read === undefined ? 0 : await read.bytesRead;
    if (read === undefined || bytesRead === 0) {
      if (read !== undefined) this.#spare.push(read.buffer);
      this.#abandonReads();
      read = this.#issueRead(fh, position);
      bytesRead = await read.bytesRead;
    }
    this.#reader.push(read.buffer.subarray(0, bytesRead));
    this.#spare.push(read.buffer);
    if (bytesRead < read.buffer.length) {
      this.#abandonReads();
    } else if (!this.#closed && this.#fh === fh) {
      let next = this.#ahead.at(-1);
      while (this.#ahead.length < READS_AHEAD) {
        const at = next === undefined ? position + bytesRead : next.position + next.buffer.length;
        next = this.#issueRead(fh, at);
        this.#ahead.push(next);
      }
    }
    return bytesRead;
  }

  #issueRead(fh: FileHandle, position: number): ReadAhead {
    const buffer = this.#spare.pop() ?? Buffer.allocUnsafe(this.#readBufferBytes);
    const bytesRead = fh.read(buffer, 0, buffer.length, position).then((result) => result.bytesRead);
    // Awaited later, or never when abandoned: a failure is reported to whoever awaits it, not as unhandled.
    bytesRead.catch(() => undefined);
    return { fh, position, buffer, bytesRead };
  }

  /** Forgets the reads ahead; their buffers may still be written into, so they are not reused. */
  #abandonReads(): void {
    this.#ahead.length = 0;
  }

  /** Opens the path (or, on a first open, the rotated-away file the stored offset belongs to). */
  async #open(): Promise<boolean> {
    let fh: FileHandle;
    try {
      fh = await open(this.path, 'r');
    } catch (error) {
      if (!isMissing(error)) throw error;
      if (!this.#missingReported) {
        this.#missingReported = true;
        this.#onNotice({ kind: 'missing', path: this.path, position: 0 });
      }
      return false;
    }
    this.#missingReported = false;
    await this.#adopt(fh, this.path);
    const resume = this.#resume;
    this.#resume = null;
    if (resume === null) {
      this.#reader.reset(0);
      return true;
    }
    const size = Number((await fh.stat({ bigint: true })).size);
    if (resume[INODE_FIELD] === undefined) {
      const fits = resume[POSITION_FIELD] <= size;
      this.#startAt(fits ? resume[POSITION_FIELD] : 0, fits ? 'resumed' : 'replaced');
      return true;
    }
    if (resume[INODE_FIELD] === this.#inode.toString()) {
      const same = await this.#matches(fh, resume, size);
      this.#startAt(same ? resume[POSITION_FIELD] : 0, same ? 'resumed' : 'replaced');
      return true;
    }
    const rotated = await this.#findRotated(resume);
    if (rotated === null) {
      this.#startAt(0, 'replaced');
      return true;
    }
    await fh.close();
    await this.#adopt(rotated.fh, rotated.path);
    this.#reader.reset(resume[POSITION_FIELD]);
    this.#switchPending = true;
    this.#onNotice({ kind: 'resumed', path: this.path, position: resume[POSITION_FIELD], rotatedPath: rotated.path });
    return true;
  }

  async #adopt(fh: FileHandle, filePath: string): Promise<void> {
    this.#watch(filePath);
    this.#fh = fh;
    this.#atEof = false;
    this.#inode = (await fh.stat({ bigint: true })).ino;
    await this.#fingerprint(fh);
  }

  /** Watches the file just opened (by the path it was opened by) for writes, replacing any earlier watch. */
  #watch(filePath: string): void {
    this.#unwatch();
    const onChange = this.#onChange;
    if (onChange === undefined) return;
    try {
      const watcher = watch(filePath, { persistent: false }, () => onChange());
      // A file removed or renamed under the watch: the directory watch and the timed checks carry on.
      watcher.on('error', () => this.#unwatch());
      this.#watcher = watcher;
    } catch {
      // Gone again already: the same.
    }
  }

  #unwatch(): void {
    this.#watcher?.close();
    this.#watcher = null;
  }

  #startAt(position: number, kind: TailerNoticeKind): void {
    this.#reader.reset(position);
    this.#onNotice({ kind, path: this.path, position });
  }

  /** Reads the file's first bytes (up to `FINGERPRINT_BYTES`) and derives the identity stamped on offsets. */
  async #fingerprint(fh: FileHandle): Promise<void> {
    const { bytesRead } = await fh.read(this.#prefix, 0, FINGERPRINT_BYTES, 0);
    this.#prefixLength = bytesRead;
    this.#identity = identityOf(this.#inode, this.#prefix.subarray(0, bytesRead));
  }

  /** Whether `fh` is the file `stored` was taken from: at least as long, and the same first bytes. */
  async #matches(fh: FileHandle, stored: FileSourceOffset, size: number): Promise<boolean> {
    const covered = stored[FINGERPRINT_BYTES_FIELD] ?? 0;
    if (size < stored[POSITION_FIELD] || size < covered) return false;
    const prefix = Buffer.alloc(covered);
    const { bytesRead } = await fh.read(prefix, 0, covered, 0);
    return bytesRead === covered && identityOf(0n, prefix).fingerprint === stored[FINGERPRINT_FIELD];
  }

  async #findRotated(stored: FileSourceOffset): Promise<{ fh: FileHandle; path: string } | null> {
    const dir = path.dirname(this.path);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return null;
    }
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        const st = await stat(candidate, { bigint: true });
        if (!st.isFile() || st.ino.toString() !== stored[INODE_FIELD]) continue;
        const fh = await open(candidate, 'r');
        if (await this.#matches(fh, stored, Number(st.size))) return { fh, path: candidate };
        await fh.close();
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return null;
  }

  /**
   * Run at end of file before reading on: spots copytruncate (restarting at 0 after handing out the old tail),
   * rename-and-create and deletion (flagging the file to be finished).
   */
  async #checkIdentity(sink: LineSink): Promise<number> {
    const fh = this.#fh as FileHandle;
    const own = await fh.stat({ bigint: true });
    const size = Number(own.size);
    if (size < this.#reader.readPosition || !(await this.#prefixUnchanged(fh, size))) {
      const tail = this.#reader.remainder();
      if (tail !== null) sink(tail, this.#reader.position, this.#identity);
      await this.#fingerprint(fh);
      this.#startAt(0, 'truncated');
      return tail === null ? 0 : 1;
    }
    if (this.#switchPending || this.#deleted) return 0;
    let current: bigint | null;
    let currentSize = 0;
    try {
      const st = await stat(this.path, { bigint: true });
      current = st.ino;
      currentSize = Number(st.size);
    } catch (error) {
      if (!isMissing(error)) throw error;
      current = null;
    }
    if (current === null) {
      // Renamed away with no successor yet: the writer may still be appending through its open descriptor.
      this.#deleted = own.nlink === 0n;
    } else if (current !== this.#inode) {
      this.#switchPending = currentSize > 0 || own.nlink === 0n;
    }
    return 0;
  }

  /** Whether the first bytes are as fingerprinted, growing the fingerprint when the file has grown past it. */
  async #prefixUnchanged(fh: FileHandle, size: number): Promise<boolean> {
    const want = Math.min(size, FINGERPRINT_BYTES);
    if (this.#prefixLength === FINGERPRINT_BYTES || want === this.#prefixLength) {
      if (this.#prefixLength === 0) return true;
      const now = Buffer.allocUnsafe(this.#prefixLength);
      const { bytesRead } = await fh.read(now, 0, this.#prefixLength, 0);
      return bytesRead === this.#prefixLength && now.equals(this.#prefix.subarray(0, this.#prefixLength));
    }
    if (want < this.#prefixLength) return false;
    const now = Buffer.allocUnsafe(want);
    const { bytesRead } = await fh.read(now, 0, want, 0);
    if (bytesRead < this.#prefixLength || !now.subarray(0, this.#prefixLength).equals(this.#prefix.subarray(0, this.#prefixLength))) {
      return false;
    }
    now.copy(this.#prefix, 0, 0, bytesRead);
    this.#prefixLength = bytesRead;
    this.#identity = identityOf(this.#inode, this.#prefix.subarray(0, bytesRead));
    return true;
  }
}
