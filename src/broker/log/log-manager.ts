import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import { topicNameProblem } from '../../protocol/topic-name.js';
import { DEFAULT_LOG_CONFIG } from './log-config.js';
import type { LogConfig } from './log-config.js';
import { PartitionLog } from './partition-log.js';
import type { LogLogger } from './partition-log.js';

/** Written on clean shutdown after every log was flushed; its presence at start-up means nothing needs recovery. */
export const CLEAN_SHUTDOWN_FILE = '.millrace_cleanshutdown';
/** Kafka's name and text format: version `0`, entry count, then `topic partition offset` lines. */
export const RECOVERY_POINT_CHECKPOINT_FILE = 'recovery-point-offset-checkpoint';
/** Suffix of a partition directory renamed for deletion (`<topic>-<partition>.<uuid>-delete`). */
const DELETE_DIR_SUFFIX = '-delete';
const CHECKPOINT_VERSION = 0;
/** The longest delay setInterval accepts. */
const MAX_TIMER_MS = 0x7fff_ffff;

export interface LogManagerOptions {
  readonly logger: LogLogger;
  /** @default Date.now */
  readonly clock?: () => number;
  /**
   * Config for a topic whose logs are found on disk at start-up; `getOrCreateLog` applies the caller's config
   * afterwards. @default () => DEFAULT_LOG_CONFIG
   */
  readonly configFor?: (topic: string) => LogConfig;
}

export interface BackgroundTaskIntervals {
  /** `log.retention.check.interval.ms` */
  readonly retentionCheckIntervalMs: number;
  /** `log.flush.scheduler.interval.ms`: how often logs are checked against their flush.ms. */
  readonly flushCheckMs: number;
  /** `log.flush.offset.checkpoint.interval.ms` */
  readonly recoveryPointCheckpointMs: number;
}

export interface ManagedLog {
  readonly topic: string;
  readonly partition: number;
  /** The `log.dirs` entry holding the partition's directory. */
  readonly logDir: string;
  readonly log: PartitionLog;
}

/**
 * Every partition log of the broker, spread over `log.dirs` (a new partition goes to the dir holding the fewest).
 * Start-up loads each `<topic>-<partition>` directory, recovering from the checkpointed recovery points unless
 * the previous shutdown was clean; background tasks apply retention, time-based flushes and checkpoints.
 *
 * Lifecycle: `open` → `startBackgroundTasks` → getOrCreateLog / deleteLog → `shutdown` (flush, checkpoint,
 * clean-shutdown marker).
 */
export class LogManager {
  readonly #logDirs: readonly string[];
  readonly #logger: LogLogger;
  readonly #clock: () => number;
  readonly #logs = new Map<string, ManagedLog>();
  readonly #timers: NodeJS.Timeout[] = [];
  #shutDown = false;

  private constructor(logDirs: readonly string[], options: LogManagerOptions) {
    this.#logDirs = logDirs.map((dir) => path.resolve(dir));
    this.#logger = options.logger;
    this.#clock = options.clock ?? Date.now;
  }

  static open(logDirs: readonly string[], options: LogManagerOptions): LogManager {
    if (logDirs.length === 0) throw new KafkaError(ErrorCode.LOG_DIR_NOT_FOUND, 'log.dirs lists no directory');
    const manager = new LogManager(logDirs, options);
    manager.#loadAll(options.configFor ?? (() => DEFAULT_LOG_CONFIG));
    return manager;
  }

  /** The partition's log, created in the least-used log dir when absent; an existing log takes `config`. */
  getOrCreateLog(topic: string, partition: number, config: LogConfig): PartitionLog {
    const key = partitionDirName(topic, partition);
    const existing = this.#logs.get(key);
    if (existing) {
      existing.log.updateConfig(config);
      return existing.log;
    }
    const problem = topicNameProblem(topic);
    if (problem) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
    if (!Number.isInteger(partition) || partition < 0) {
      throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `invalid partition ${partition} of ${topic}`);
    }
    const logDir = this.#leastLoadedDir();
    const log = PartitionLog.open(path.join(logDir, key), config, {
      recoveryPoint: 0,
      logger: this.#logger,
      clock: this.#clock,
    });
    this.#logs.set(key, { topic, partition, logDir, log });
    this.#logger.info(`Created log for ${key} in ${logDir}`);
    return log;
  }

  getLog(topic: string, partition: number): PartitionLog | undefined {
    return this.#logs.get(partitionDirName(topic, partition))?.log;
  }

  /**
   * Closes the log and renames its directory to `<name>.<uuid>-delete` (atomic: after a crash the start-up
   * removes it), then removes the files in the background.
   */
  deleteLog(topic: string, partition: number): void {
    const key = partitionDirName(topic, partition);
    const entry = this.#logs.get(key);
    if (!entry) return;
    this.#logs.delete(key);
    entry.log.close();
    const doomed = path.join(entry.logDir, `${key}.${randomUUID().replaceAll('-', '')}${DELETE_DIR_SUFFIX}`);
    fs.renameSync(entry.log.dir, doomed);
    fs.rm(doomed, { recursive: true, force: true }, (err) => {
      if (err) this.#logger.warn(`Could not remove deleted log ${doomed}: ${err.message}`);
    });
    this.#logger.info(`Deleted log for ${key}`);
  }

  logs(): readonly ManagedLog[] {
    return [...this.#logs.values()];
  }

  /**
   * Starts retention, flush and checkpoint timers; they do not keep the process alive. An interval that is not
   * positive or exceeds what a timer can hold (Kafka's Long.MAX_VALUE default for the flush check) disables
   * that task.
   */
  startBackgroundTasks(intervals: BackgroundTaskIntervals): void {
    this.#stopBackgroundTasks();
    this.#schedule(intervals.retentionCheckIntervalMs, 'retention', () => this.cleanupLogs());
    this.#schedule(intervals.flushCheckMs, 'flush', () => this.flushDirtyLogs());
    this.#schedule(intervals.recoveryPointCheckpointMs, 'recovery point checkpoint', () => this.checkpointRecoveryPoints());
  }

  /** Applies retention to every log; returns how many segments went. */
  cleanupLogs(): number {
    const now = this.#clock();
    let deleted = 0;
    for (const entry of this.#logs.values()) {
      try {
        deleted += entry.log.deleteRetentionSegments(now);
      } catch (err) {
        this.#logger.error(`Retention on ${entry.log.name} failed: ${describe(err)}`);
      }
    }
    return deleted;
  }

  /** Flushes every log whose last flush is older than its flush.ms. */
  flushDirtyLogs(): void {
    const now = this.#clock();
    for (const entry of this.#logs.values()) {
      if (now - entry.log.lastFlushMs < entry.log.config.flushIntervalMs) continue;
      try {
        entry.log.flush();
      } catch (err) {
        this.#logger.error(`Flushing ${entry.log.name} failed: ${describe(err)}`);
      }
    }
  }

  /** Writes each dir's recovery-point checkpoint atomically (temp file, fsync, rename, fsync of the dir). */
  checkpointRecoveryPoints(): void {
    for (const logDir of this.#logDirs) {
      const entries = [...this.#logs.values()].filter((entry) => entry.logDir === logDir);
      const lines = [String(CHECKPOINT_VERSION), String(entries.length)];
      for (const entry of entries) lines.push(`${entry.topic} ${entry.partition} ${entry.log.recoveryPoint}`);
      writeFileAtomically(path.join(logDir, RECOVERY_POINT_CHECKPOINT_FILE), `${lines.join('\n')}\n`);
    }
  }

  /**
   * Clean shutdown: stops the timers, flushes and closes every log, writes the checkpoints and then the
   * clean-shutdown marker of each dir whose logs all flushed.
   */
  shutdown(): void {
    if (this.#shutDown) return;
    this.#shutDown = true;
    this.#stopBackgroundTasks();
    const failedDirs = new Set<string>();
    for (const entry of this.#logs.values()) {
      try {
        entry.log.flush();
        entry.log.close();
      } catch (err) {
        failedDirs.add(entry.logDir);
        this.#logger.error(`Flushing ${entry.log.name} at shutdown failed: ${describe(err)}`);
      }
    }
    this.checkpointRecoveryPoints();
    for (const logDir of this.#logDirs) {
      if (!failedDirs.has(logDir)) writeFileAtomically(path.join(logDir, CLEAN_SHUTDOWN_FILE), '');
    }
    this.#logger.info(`Log manager shut down: ${this.#logs.size} log(s) flushed and closed`);
  }

  #loadAll(configFor: (topic: string) => LogConfig): void {
    const started = this.#clock();
    let cleanDirs = 0;
    let segments = 0;
    let recovered = 0;
    let truncated = 0;
    for (const logDir of this.#logDirs) {
      fs.mkdirSync(logDir, { recursive: true });
      const marker = path.join(logDir, CLEAN_SHUTDOWN_FILE);
      const clean = fs.existsSync(marker);
      if (clean) cleanDirs++;
      const checkpoint = this.#readCheckpoint(logDir);
      for (const dirent of fs.readdirSync(logDir, { withFileTypes: true })) {
        if (!dirent.isDirectory()) continue;
        const name = dirent.name;
        if (name.endsWith(DELETE_DIR_SUFFIX)) {
          fs.rmSync(path.join(logDir, name), { recursive: true, force: true });
          continue;
        }
        const parsed = parsePartitionDirName(name);
        if (!parsed) continue;
        const duplicate = this.#logs.get(name);
        if (duplicate) {
          throw new KafkaError(ErrorCode.KAFKA_STORAGE_ERROR, `${name} exists in both ${duplicate.logDir} and ${logDir}`);
        }
        const log = PartitionLog.open(path.join(logDir, name), configFor(parsed.topic), {
          // After a clean shutdown everything was flushed; otherwise a partition missing from the checkpoint is
          // recovered whole.
          recoveryPoint: checkpoint.get(name) ?? (clean ? Number.MAX_SAFE_INTEGER : 0),
          logger: this.#logger,
          clock: this.#clock,
        });
        this.#logs.set(name, { ...parsed, logDir, log });
        segments += log.loadSummary.segmentsLoaded;
        recovered += log.loadSummary.segmentsRecovered;
        truncated += log.loadSummary.bytesTruncated;
      }
      if (clean) fs.rmSync(marker, { force: true });
    }
    this.#logger.info(
      `Loaded ${this.#logs.size} partition log(s) (${segments} segment(s)) from ${this.#logDirs.length} log dir(s) in ${this.#clock() - started} ms; ` +
        `clean shutdown in ${cleanDirs} of ${this.#logDirs.length} dir(s); ${recovered} segment(s) recovered, ${truncated} bytes truncated`,
    );
  }

  /** `partition dir name → recovery point`; a missing or garbled file yields none (so everything is recovered). */
  #readCheckpoint(logDir: string): Map<string, number> {
    const points = new Map<string, number>();
    const file = path.join(logDir, RECOVERY_POINT_CHECKPOINT_FILE);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return points;
      throw err;
    }
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    const count = Number(lines[1]);
    const valid = lines[0]?.trim() === String(CHECKPOINT_VERSION) && Number.isInteger(count) && lines.length === count + 2;
    for (let i = 2; valid && i < lines.length; i++) {
      const [topic, partition, offset, extra] = lines[i]!.trim().split(/\s+/);
      const p = Number(partition);
      const o = Number(offset);
      if (topic === undefined || extra !== undefined || !Number.isInteger(p) || !Number.isInteger(o) || o < 0) {
        points.clear();
        break;
      }
      points.set(partitionDirName(topic, p), o);
    }
    if (!valid || (count > 0 && points.size === 0)) {
      this.#logger.warn(`${file} is malformed; recovering every partition in ${logDir}`);
      points.clear();
    }
    return points;
  }

  #leastLoadedDir(): string {
    const counts = new Map<string, number>(this.#logDirs.map((dir) => [dir, 0]));
    for (const entry of this.#logs.values()) counts.set(entry.logDir, (counts.get(entry.logDir) ?? 0) + 1);
    let best = this.#logDirs[0]!;
    for (const dir of this.#logDirs) if (counts.get(dir)! < counts.get(best)!) best = dir;
    return best;
  }

  #schedule(intervalMs: number, what: string, task: () => void): void {
    // Kafka's "never" is Long.MAX_VALUE; Node would clamp such an interval to 1 ms and run the task constantly.
    if (!(intervalMs > 0) || intervalMs > MAX_TIMER_MS) return;
    const timer = setInterval(() => {
      try {
        task();
      } catch (err) {
        this.#logger.error(`Log ${what} task failed: ${describe(err)}`);
      }
    }, intervalMs);
    timer.unref();
    this.#timers.push(timer);
  }

  #stopBackgroundTasks(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
  }
}

export function partitionDirName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** `<topic>-<partition>` → its parts; null for directories that are not partition logs. */
export function parsePartitionDirName(name: string): { topic: string; partition: number } | null {
  const dash = name.lastIndexOf('-');
  if (dash <= 0) return null;
  const topic = name.slice(0, dash);
  const digits = name.slice(dash + 1);
  if (!/^\d+$/.test(digits) || topicNameProblem(topic) !== null) return null;
  return { topic, partition: Number(digits) };
}

function writeFileAtomically(file: string, content: string): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  const dirFd = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
