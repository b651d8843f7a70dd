import { ConnectException, Schema, SourceRecord, SourceTask } from '../../src/connect/api/index.js';
import type { SourcePartition } from '../../src/connect/api/index.js';
import { ChangeSignal } from './change-signal.js';
import { FileGlob } from './file-glob.js';
import type { FileIdentity } from './file-identity.js';
import { decodeOffset, FILENAME_FIELD, sourceOffset, sourcePartition } from './file-offset.js';
import { FILE_SOURCE_TASK_CONFIG, FileSourceTaskKeys } from './file-stream-source-config.js';
import { FileTailer } from './file-tailer.js';
import type { TailerNotice } from './file-tailer.js';
import { FileWatcher } from './file-watcher.js';
import { expandGlobs } from './glob-expansion.js';
import { StreamLines } from './stream-lines.js';
import { hashedTask } from './task-assignment.js';
import { VERSION } from './version.js';

/**
 * How long `poll()` waits for a change notification before checking its files anyway: the bound on how late a
 * line can be when a notification is missed, and how often rotation, truncation and missing files are rechecked.
 */
const IDLE_CHECK_MS = 250;
/** Every this many idle checks, the globs are listed again, for files whose creation was not notified. */
const RESCAN_EVERY_CHECKS = 8;

/**
 * Reads lines from its share of the connector's files (or from standard input) and returns them as records with a
 * STRING value and no key, as Kafka's FileStreamSourceTask does. Each file is followed by a {@link FileTailer},
 * resumed from the offset stored for its `{"filename"}` partition. A waiting `poll()` wakes as soon as a followed
 * file is written to (each tailer watches its open file) or chokidar sees a matching file appear or change.
 */
export class FileStreamSourceTask extends SourceTask {
  readonly #signal = new ChangeSignal();
  readonly #tailers = new Map<string, { tailer: FileTailer; partition: SourcePartition }>();
  /** Matching paths seen by the watcher that have no tailer yet: checked for ownership at the next poll. */
  readonly #discovered = new Set<string>();
  /** Files found through a wildcard that were deleted and finished: dropped after the current read. */
  readonly #retired = new Set<string>();
  /** Paths named by a literal pattern: waited for while missing, rather than forgotten once deleted. */
  #literalPaths = new Set<string>();
  #topic = '';
  #batchSize = 2000;
  #globs: FileGlob[] = [];
  #owned = new Set<string>();
  #elsewhere = new Set<string>();
  #taskIndex = 0;
  #taskCount = 1;
  #watcher: FileWatcher | null = null;
  #stdin: StreamLines | null = null;
  /** Which tailer the next poll reads first, so one busy file cannot starve the others. */
  #next = 0;
  #idleChecks = 0;
  #stopping = false;
  #polling: Promise<unknown> = Promise.resolve();

  version(): string {
    return VERSION;
  }

  async start(props: Readonly<Record<string, string>>): Promise<void> {
    const config = FILE_SOURCE_TASK_CONFIG.parse(props);
    this.#topic = config.topic;
    this.#batchSize = config['batch.size'];
    this.#taskIndex = config[FileSourceTaskKeys.INDEX];
    this.#taskCount = config[FileSourceTaskKeys.COUNT];
    this.#owned = new Set(parseFileList(config[FileSourceTaskKeys.FILES]));
    this.#elsewhere = new Set(parseFileList(config[FileSourceTaskKeys.ELSEWHERE]));
    const file = config.file;
    this.#globs = [...(file === null ? [] : [FileGlob.literal(file)]), ...FileGlob.parseList(config.files ?? '')];
    this.#literalPaths = new Set(this.#globs.filter((glob) => glob.isLiteral).map((glob) => glob.literalPath()));
    if (this.#globs.length === 0) {
      this.#stdin = new StreamLines(process.stdin, this.#signal);
      return;
    }
    const initial = new Set(this.#owned);
    for (const found of await expandGlobs(this.#globs)) if (this.#isMine(found)) initial.add(found);
    await this.#follow([...initial]);
    this.#watcher = new FileWatcher(this.#globs, (changed) => {
      if (!this.#tailers.has(changed)) this.#discovered.add(changed);
      this.#signal.notify();
    });
    await this.#watcher.start();
  }

  poll(): Promise<SourceRecord[] | null> {
    const polled = this.#poll();
    this.#polling = polled.catch(() => undefined);
    return polled;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#signal.notify();
    await this.#polling;
    this.#stdin?.close();
    await this.#watcher?.close();
    for (const { tailer } of this.#tailers.values()) await tailer.close();
    this.#tailers.clear();
  }

  async #poll(): Promise<SourceRecord[] | null> {
    if (this.#stopping) return null;
    const records = await this.#read();
    if (records.length > 0 || this.#stopping) return records.length > 0 ? records : null;
    if (!(await this.#signal.wait(IDLE_CHECK_MS))) await this.#idleCheck();
    if (this.#stopping) return null;
    const more = await this.#read();
    return more.length > 0 ? more : null;
  }

  async #read(): Promise<SourceRecord[]> {
    const records: SourceRecord[] = [];
    const timestamp = Date.now();
    const topic = this.#topic;
    if (this.#stdin !== null) {
      this.#stdin.read(this.#batchSize, (line) => {
        records.push(
          new SourceRecord({ sourcePartition: null, sourceOffset: null, topic, valueSchema: Schema.STRING_SCHEMA, value: line, timestamp }),
        );
      });
      return records;
    }
    if (this.#discovered.size > 0) await this.#admitDiscovered();
    const entries = [...this.#tailers.values()];
    for (let i = 0; i < entries.length && records.length < this.#batchSize; i++) {
      const index = (this.#next + i) % entries.length;
      const { tailer, partition } = entries[index] as { tailer: FileTailer; partition: SourcePartition };
      const sink = (line: string, position: number, identity: FileIdentity): void => {
        records.push(
          new SourceRecord({
            sourcePartition: partition,
            sourceOffset: sourceOffset(position, identity),
            topic,
            valueSchema: Schema.STRING_SCHEMA,
            value: line,
            timestamp,
          }),
        );
      };
      try {
        await tailer.read(this.#batchSize - records.length, sink);
      } catch (error) {
        throw new ConnectException(`FileStreamSourceTask cannot read ${tailer.path}: ${(error as Error).message}`, { cause: error });
      }
      if (records.length >= this.#batchSize) this.#next = (index + 1) % entries.length;
    }
    for (const retired of this.#retired) {
      await this.#tailers.get(retired)?.tailer.close();
      this.#tailers.delete(retired);
    }
    this.#retired.clear();
    return records;
  }

  async #idleCheck(): Promise<void> {
    const newDirectories = (await this.#watcher?.refresh()) ?? false;
    if (this.#globs.every((glob) => glob.isLiteral)) return;
    if (!newDirectories && ++this.#idleChecks % RESCAN_EVERY_CHECKS !== 0) return;
    for (const found of await expandGlobs(this.#globs)) if (!this.#tailers.has(found)) this.#discovered.add(found);
  }

  async #admitDiscovered(): Promise<void> {
    const mine = [...this.#discovered].filter((found) => !this.#tailers.has(found) && this.#isMine(found));
    this.#discovered.clear();
    if (mine.length > 0) await this.#follow(mine);
  }

  /**
   * Whether this task reads `filePath`: one the connector dealt it, or one the connector did not know about that
   * hashes to it (the rule in task-assignment.ts).
   */
  #isMine(filePath: string): boolean {
    if (this.#owned.has(filePath)) return true;
    return !this.#elsewhere.has(filePath) && hashedTask(filePath, this.#taskCount) === this.#taskIndex;
  }

  async #follow(paths: readonly string[]): Promise<void> {
    const partitions = paths.map((filePath) => sourcePartition(filePath));
    const stored = await this.context.offsetStorageReader.offsets(partitions);
    const byFile = new Map<string, unknown>();
    for (const [partition, offset] of stored) byFile.set(String(partition[FILENAME_FIELD]), offset);
    paths.forEach((filePath, i) => {
      const tailer = new FileTailer(filePath, {
        resumeFrom: decodeOffset(byFile.get(filePath) ?? null),
        onNotice: (notice) => this.#onNotice(notice),
        onChange: () => this.#signal.notify(),
      });
      this.#tailers.set(filePath, { tailer, partition: partitions[i] as SourcePartition });
    });
  }

  #onNotice(notice: TailerNotice): void {
    if (this.#literalPaths.has(notice.path)) {
      reportNotice(notice);
    } else if (notice.kind === 'deleted' || notice.kind === 'missing') {
      // A wildcard match that is gone is forgotten; the watcher brings it back if the name is used again.
      this.#retired.add(notice.path);
    } else {
      reportNotice(notice);
    }
  }
}

function parseFileList(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((entry): entry is string => typeof entry === 'string') : [];
}

/**
 * The SDK has no logger, so the notices a user needs — a file that is not there yet, a stored offset that no longer
 * fits its file — go to standard error; rotations seen while running are routine and stay quiet.
 */
function reportNotice(notice: TailerNotice): void {
  switch (notice.kind) {
    case 'missing':
      process.stderr.write(`WARN FileStreamSourceTask: waiting for ${notice.path} to be created\n`);
      return;
    case 'replaced':
      process.stderr.write(`INFO FileStreamSourceTask: ${notice.path} was replaced while stopped; reading it from the start\n`);
      return;
    case 'resumed':
      if (notice.rotatedPath !== undefined) {
        process.stderr.write(
          `INFO FileStreamSourceTask: ${notice.path} was rotated while stopped; finishing ${notice.rotatedPath} from byte ${notice.position} first\n`,
        );
      }
      return;
    default:
      return;
  }
}
