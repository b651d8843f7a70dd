import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeOffsetKey } from '../../../../src/broker/group/offset-record.js';
import { OFFSETS_TOPIC, OffsetsLog, javaStringHashCode, partitionForGroup } from '../../../../src/broker/group/offsets-log.js';
import type { CommittedOffset } from '../../../../src/broker/group/group.js';
import { LogManager } from '../../../../src/broker/log/log-manager.js';
import { buildRecordBatch } from '../../../../src/protocol/record-batch-builder.js';
import { OFFSETS_LOG_CONFIG, memoryLogger } from './fixtures.js';

const at = (offset: number): CommittedOffset => ({ offset: BigInt(offset), leaderEpoch: -1, metadata: '', commitTimestamp: 1_000, expireTimestamp: -1 });

describe('OffsetsLog', () => {
  let dir: string;
  let logs: LogManager;
  const managers: LogManager[] = [];
  const lines: string[] = [];

  function open(numPartitions = 1, segmentBytes = OFFSETS_LOG_CONFIG.segmentBytes): OffsetsLog {
    logs = LogManager.open([dir], { logger: memoryLogger() });
    managers.push(logs);
    return OffsetsLog.open({ logs, numPartitions, logConfig: { ...OFFSETS_LOG_CONFIG, segmentBytes }, logger: memoryLogger(lines), now: () => 5_000 });
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'millrace-offsets-'));
    lines.length = 0;
  });

  afterEach(() => {
    for (const manager of managers.splice(0)) manager.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("maps a group to a partition as Kafka does: abs(String.hashCode) % partitions, MIN_VALUE to 0", () => {
    assert.equal(javaStringHashCode('hello'), 99162322);
    assert.equal(javaStringHashCode('polygenelubricants'), -2147483648);
    assert.equal(partitionForGroup('polygenelubricants', 50), 0);
    assert.equal(partitionForGroup('hello', 50), 22);
    assert.equal(partitionForGroup('my-group', 50), 12, 'negative hash -1906497762');
    assert.equal(partitionForGroup('console-consumer-1234', 50), 9);
    assert.equal(partitionForGroup('Ωmega-group', 50), 45, 'UTF-16 code units, as Java');
  });

  it('replays commits and tombstones in order, and skips group metadata and unreadable records', () => {
    const log = open(1);
    log.append('a', [{ topic: 't', partition: 0, committed: at(1) }, { topic: 't', partition: 1, committed: at(2) }]);
    log.append('b', [{ topic: 'u', partition: 0, committed: at(3) }]);
    log.append('a', [{ topic: 't', partition: 1, committed: null }, { topic: 't', partition: 0, committed: at(4) }]);
    const raw = logs.getLog(OFFSETS_TOPIC, 0)!;
    const foreign = buildRecordBatch([
      { key: Buffer.from('0002000161', 'hex'), value: Buffer.from('whatever') },
      { key: Buffer.from('0007', 'hex'), value: null },
      { key: encodeOffsetKey({ group: 'c', topic: 'v', partition: 0 }), value: Buffer.from('0003', 'hex') },
    ]);
    raw.appendAsLeader(foreign, 0);
    raw.updateHighWatermark(raw.logEndOffset);
    const loaded = log.load();
    assert.deepEqual([...loaded.keys()].sort(), ['a', 'b']);
    assert.deepEqual([...loaded.get('a')!.get('t')!], [[0, at(4)]]);
    assert.deepEqual([...loaded.get('b')!.get('u')!], [[0, at(3)]]);
    assert.ok(lines.some((l) => /unreadable record/.test(l)), lines.join('\n'));
  });

  it('a snapshot spanning several segments keeps every live offset when the old segments go', () => {
    let log = open(1, 2_048);
    const groups = Array.from({ length: 40 }, (_, i) => `group-${i}`);
    for (let round = 0; round < 3; round++) {
      for (const [i, g] of groups.entries()) log.append(g, [{ topic: 'topic-with-a-longish-name', partition: i, committed: at(round * 100 + i) }]);
    }
    assert.ok(logs.getLog(OFFSETS_TOPIC, 0)!.segmentCount > 3);
    log.load();
    logs.shutdown();
    log = open(1, 2_048);
    const loaded = log.load();
    assert.equal(loaded.size, 40);
    for (const [i, g] of groups.entries()) assert.deepEqual([...loaded.get(g)!.get('topic-with-a-longish-name')!], [[i, at(200 + i)]]);
    const raw = logs.getLog(OFFSETS_TOPIC, 0)!;
    assert.equal(raw.logEndOffset - raw.logStartOffset, 40, 'only the snapshot is left');
  });
});
