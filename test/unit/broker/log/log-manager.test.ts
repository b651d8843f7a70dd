import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LOG_CONFIG } from '../../../../src/broker/log/log-config.js';
import {
  CLEAN_SHUTDOWN_FILE,
  LogManager,
  RECOVERY_POINT_CHECKPOINT_FILE,
  parsePartitionDirName,
} from '../../../../src/broker/log/log-manager.js';
import { ErrorCode, KafkaError } from '../../../../src/protocol/error-codes.js';
import { buildRecordBatch, decodeRecords } from '../../../../src/protocol/record-batch-builder.js';

function batch(value: string): Buffer {
  return buildRecordBatch([{ key: null, value: Buffer.from(value.padEnd(80, '.')) }], { timestamp: 1_000 });
}

describe('LogManager', () => {
  let root: string;
  let dirs: string[];
  let lines: string[];
  const managers: LogManager[] = [];
  const logger = {
    info: (msg: string) => lines.push(msg),
    warn: (msg: string) => lines.push(msg),
    error: (msg: string) => lines.push(msg),
  };

  function open(): LogManager {
    const manager = LogManager.open(dirs, { logger });
    managers.push(manager);
    return manager;
  }

  /** Three topics × two partitions, partition p of topic t holding t*2+p+1 one-record batches. */
  function populate(manager: LogManager): void {
    for (const [t, topic] of ['alpha', 'beta-2', 'gamma.x'].entries()) {
      for (let p = 0; p < 2; p++) {
        const log = manager.getOrCreateLog(topic, p, DEFAULT_LOG_CONFIG);
        for (let i = 0; i < t * 2 + p + 1; i++) log.appendAsLeader(batch(`${topic}/${p}/${i}`), 0);
        log.updateHighWatermark(log.logEndOffset);
      }
    }
  }

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'millrace-'));
    dirs = [path.join(root, 'a'), path.join(root, 'b')];
    lines = [];
  });

  afterEach(() => {
    for (const manager of managers.splice(0)) manager.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('parses partition directory names', () => {
    assert.deepEqual(parsePartitionDirName('my-topic-12'), { topic: 'my-topic', partition: 12 });
    assert.equal(parsePartitionDirName('topic'), null);
    assert.equal(parsePartitionDirName('topic-x'), null);
  });

  it('spreads new partitions over the log dirs with the fewest', () => {
    const manager = open();
    populate(manager);
    const perDir = dirs.map((dir) => fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isDirectory()).length);
    assert.deepEqual(perDir, [3, 3]);
    assert.equal(manager.logs().length, 6);
    assert.equal(manager.getOrCreateLog('alpha', 1, DEFAULT_LOG_CONFIG), manager.getLog('alpha', 1));
    assert.equal(manager.getLog('nope', 0), undefined);
  });

  it('shuts down cleanly: checkpoints in Kafka\'s format, marker, and a reopen restores every partition', () => {
    const manager = open();
    populate(manager);
    manager.shutdown();
    for (const dir of dirs) assert.ok(fs.existsSync(path.join(dir, CLEAN_SHUTDOWN_FILE)));
    const checkpoint = fs.readFileSync(path.join(dirs[0]!, RECOVERY_POINT_CHECKPOINT_FILE), 'utf8').trim().split('\n');
    assert.equal(checkpoint[0], '0');
    assert.equal(checkpoint[1], '3');
    assert.ok(checkpoint.includes('alpha 0 1'), checkpoint.join('|'));

    lines = [];
    const reopened = open();
    assert.equal(reopened.logs().length, 6);
    for (const dir of dirs) assert.equal(fs.existsSync(path.join(dir, CLEAN_SHUTDOWN_FILE)), false);
    for (const [t, topic] of ['alpha', 'beta-2', 'gamma.x'].entries()) {
      for (let p = 0; p < 2; p++) {
        const log = reopened.getLog(topic, p)!;
        assert.equal(log.logEndOffset, t * 2 + p + 1);
        assert.equal(log.loadSummary.segmentsRecovered, 0);
        const values = decodeRecords(log.read(0, 100_000).records).map((r) => r.value!.toString().replace(/\.+$/, ''));
        assert.equal(values[values.length - 1], `${topic}/${p}/${t * 2 + p}`);
      }
    }
    const summary = lines.find((l) => l.startsWith('Loaded 6 partition log(s)'));
    assert.ok(summary, lines.join('\n'));
    assert.match(summary, /clean shutdown in 2 of 2 dir\(s\); 0 segment\(s\) recovered, 0 bytes truncated/);
  });

  it('recovers after an unclean stop, and trusts a clean one', () => {
    const manager = open();
    populate(manager);
    manager.shutdown();
    const logDir = dirs.map((d) => path.join(d, 'gamma.x-1')).find((d) => fs.existsSync(d))!;
    const segment = path.join(logDir, '00000000000000000000.log');
    const bytes = fs.readFileSync(segment);
    bytes[bytes.length - 10]! ^= 0x01; // inside the last batch's records: only a CRC check notices
    fs.writeFileSync(segment, bytes);

    const trusting = open();
    const gamma = trusting.getLog('gamma.x', 1)!;
    assert.equal(gamma.logEndOffset, 6);
    // Unflushed appends past the checkpointed recovery point, then a crash: no shutdown, no marker.
    gamma.appendAsLeader(batch('unflushed 1'), 0);
    gamma.appendAsLeader(batch('unflushed 2'), 0);
    for (const { log } of trusting.logs()) log.close();
    managers.pop();

    lines = [];
    const recovering = open();
    assert.equal(recovering.getLog('gamma.x', 1)!.logEndOffset, 5);
    assert.ok(lines.some((l) => l.includes('gamma.x-1') && l.includes('truncated')), lines.join('\n'));
    assert.ok(lines.some((l) => /segment\(s\) recovered, \d+ bytes truncated/.test(l) && !l.includes(' 0 bytes truncated')));
    assert.equal(recovering.getLog('alpha', 0)!.logEndOffset, 1);
  });

  it('recovers everything when the checkpoint is garbled', () => {
    const manager = open();
    populate(manager);
    manager.shutdown();
    for (const dir of dirs) {
      fs.rmSync(path.join(dir, CLEAN_SHUTDOWN_FILE));
      fs.writeFileSync(path.join(dir, RECOVERY_POINT_CHECKPOINT_FILE), '0\n7\nalpha zero 3\n');
    }
    const reopened = open();
    assert.ok(lines.some((l) => l.includes('malformed')));
    assert.equal(reopened.logs().reduce((n, { log }) => n + log.loadSummary.segmentsRecovered, 0), 6);
  });

  it('deletes a log by renaming its directory, then removing it', async () => {
    const manager = open();
    populate(manager);
    const dir = manager.getLog('beta-2', 0)!.dir;
    manager.deleteLog('beta-2', 0);
    assert.equal(fs.existsSync(dir), false);
    assert.equal(manager.getLog('beta-2', 0), undefined);
    for (let i = 0; i < 50 && fs.readdirSync(path.dirname(dir)).some((f) => f.endsWith('-delete')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(fs.readdirSync(path.dirname(dir)).some((f) => f.endsWith('-delete')), false);
  });

  it('refuses to start when a partition has a directory in two log dirs', () => {
    for (const dir of dirs) fs.mkdirSync(path.join(dir, 'twice-0'), { recursive: true });
    assert.throws(() => LogManager.open(dirs, { logger }), (err: unknown) => err instanceof KafkaError && err.code === ErrorCode.KAFKA_STORAGE_ERROR);
  });

  it('removes directories left by an interrupted deletion at start-up', () => {
    fs.mkdirSync(path.join(dirs[0]!, 'old-0.0123456789abcdef-delete'), { recursive: true });
    open();
    assert.deepEqual(fs.readdirSync(dirs[0]!), []);
  });

  it('applies retention and time-based flushes from its tasks', () => {
    let now = 10_000_000;
    const manager = LogManager.open(dirs, { logger, clock: () => now });
    managers.push(manager);
    const config = { ...DEFAULT_LOG_CONFIG, segmentBytes: batch('x').length, retentionMs: 1_000, flushIntervalMs: 5_000 };
    const log = manager.getOrCreateLog('expiring', 0, config);
    for (let i = 0; i < 3; i++) log.appendAsLeader(batch(`${i}`), 0);
    log.updateHighWatermark(log.logEndOffset);
    now += 4_000;
    manager.flushDirtyLogs();
    assert.equal(log.recoveryPoint, 0);
    now += 2_000;
    manager.flushDirtyLogs();
    assert.equal(log.recoveryPoint, 3);
    assert.equal(manager.cleanupLogs(), 3);
    assert.equal(log.logStartOffset, 3);
  });

  it('runs its tasks on timers, and treats Kafka\'s Long.MAX_VALUE intervals as never', async () => {
    let now = 10_000_000;
    const manager = LogManager.open(dirs, { logger, clock: () => now });
    managers.push(manager);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      manager.startBackgroundTasks({
        retentionCheckIntervalMs: Number.MAX_SAFE_INTEGER,
        flushCheckMs: Number.MAX_SAFE_INTEGER,
        recoveryPointCheckpointMs: Number.MAX_SAFE_INTEGER,
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings, []);

    const config = { ...DEFAULT_LOG_CONFIG, segmentBytes: batch('x').length, retentionMs: 1_000 };
    const log = manager.getOrCreateLog('ticking', 0, config);
    for (let i = 0; i < 3; i++) log.appendAsLeader(batch(`${i}`), 0);
    log.updateHighWatermark(log.logEndOffset);
    now += 5_000;
    manager.startBackgroundTasks({ retentionCheckIntervalMs: 10, flushCheckMs: 10, recoveryPointCheckpointMs: 10 });
    for (let i = 0; i < 100 && log.logStartOffset === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(log.logStartOffset, 3);
    const checkpoint = dirs.map((d) => path.join(d, RECOVERY_POINT_CHECKPOINT_FILE)).filter((f) => fs.existsSync(f));
    assert.ok(checkpoint.length > 0, 'the checkpoint task wrote a file');
  });
});
