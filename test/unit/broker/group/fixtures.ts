import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../../../src/common/logger.js';
import { GroupCoordinator } from '../../../../src/broker/group/group-coordinator.js';
import type { GroupCoordinatorConfig } from '../../../../src/broker/group/group-coordinator-config.js';
import type { JoinGroupParams } from '../../../../src/broker/group/coordinator-types.js';
import type { JoinOutcome, SyncOutcome } from '../../../../src/broker/group/group-member.js';
import { OffsetsLog } from '../../../../src/broker/group/offsets-log.js';
import { DEFAULT_LOG_CONFIG } from '../../../../src/broker/log/log-config.js';
import { LogManager } from '../../../../src/broker/log/log-manager.js';
import { ManualScheduler } from './manual-scheduler.js';

/** A Logger that keeps its lines, so tests can look at what was said. */
export function memoryLogger(lines: string[] = []): Logger {
  const log = (fieldsOrMsg: object | string, msg?: string) => {
    lines.push(typeof fieldsOrMsg === 'string' ? fieldsOrMsg : (msg ?? ''));
  };
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

export const OFFSETS_PARTITIONS = 3;

export const TEST_CONFIG: GroupCoordinatorConfig = {
  initialRebalanceDelayMs: 3_000,
  minSessionTimeoutMs: 6_000,
  maxSessionTimeoutMs: 300_000,
  offsetsRetentionMs: 600_000,
  offsetsRetentionCheckIntervalMs: 60_000,
  maxMetadataBytes: 4096,
};

export const OFFSETS_LOG_CONFIG = { ...DEFAULT_LOG_CONFIG, cleanupPolicy: 'compact' as const };

/**
 * A coordinator over a real LogManager in a temp dir and a ManualScheduler. `restart()` shuts both down and
 * opens them again on the same directory, as a broker restart would.
 */
export class CoordinatorHarness {
  readonly dir: string;
  readonly scheduler = new ManualScheduler();
  readonly lines: string[] = [];
  readonly config: GroupCoordinatorConfig;
  logs!: LogManager;
  coordinator!: GroupCoordinator;
  #ids = 0;

  constructor(config: Partial<GroupCoordinatorConfig> = {}) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'millrace-groups-'));
    this.config = { ...TEST_CONFIG, ...config };
    this.#open();
  }

  #open(): void {
    const logger = memoryLogger(this.lines);
    this.logs = LogManager.open([this.dir], { logger });
    const offsetsLog = OffsetsLog.open({
      logs: this.logs,
      numPartitions: OFFSETS_PARTITIONS,
      logConfig: OFFSETS_LOG_CONFIG,
      logger,
      now: () => this.scheduler.now(),
    });
    this.coordinator = GroupCoordinator.open({
      config: this.config,
      offsetsLog,
      scheduler: this.scheduler,
      logger,
      partitionExists: (topic) => topic !== 'missing',
      newMemberId: (clientId) => `${clientId}-${++this.#ids}`,
    });
  }

  restart(): void {
    this.coordinator.shutdown();
    this.logs.shutdown();
    this.#open();
  }

  close(): void {
    this.coordinator.shutdown();
    this.logs.shutdown();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function protocols(...names: string[]): { name: string; metadata: Buffer }[] {
  return names.map((name) => ({ name, metadata: Buffer.from(`meta-${name}`) }));
}

export function joinParams(overrides: Partial<JoinGroupParams> = {}): JoinGroupParams {
  return {
    groupId: 'g',
    memberId: '',
    groupInstanceId: null,
    clientId: 'client',
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: 'consumer',
    protocols: protocols('range'),
    requireKnownMemberId: false,
    ...overrides,
  };
}

/** A promise with a way to ask, without awaiting, whether it settled yet. */
export interface Watched<T> {
  readonly promise: Promise<T>;
  readonly settled: () => boolean;
  readonly value: () => T;
}

export function watch<T>(promise: Promise<T>): Watched<T> {
  let done = false;
  let result: T;
  void promise.then((v) => {
    done = true;
    result = v;
  });
  return { promise, settled: () => done, value: () => result };
}

/** Lets promise callbacks run (a resolved join's `then` is a microtask away). */
export async function flush(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

export type { JoinOutcome, SyncOutcome };
