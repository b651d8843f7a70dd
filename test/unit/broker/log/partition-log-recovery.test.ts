import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LOG_CONFIG } from '../../../../src/broker/log/log-config.js';
import type { LogConfig } from '../../../../src/broker/log/log-config.js';
import { PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { buildRecordBatch, decodeRecords } from '../../../../src/protocol/record-batch-builder.js';

const BATCHES = 10;
const RECORDS_PER_BATCH = 3;

function batch(): Buffer {
  return buildRecordBatch(
    Array.from({ length: RECORDS_PER_BATCH }, (_, i) => ({ key: null, value: Buffer.alloc(60, i) })),
    { timestamp: 1_000 },
  );
}

const BATCH_BYTES = batch().length;

describe('PartitionLog recovery', () => {
  let root: string;
  let dir: string;
  let warnings: string[];
  const logs: PartitionLog[] = [];
  const logger = { info: () => {}, warn: (msg: string) => warnings.push(msg), error: (msg: string) => warnings.push(msg) };

  function open(recoveryPoint: number, config: Partial<LogConfig> = {}): PartitionLog {
    const log = PartitionLog.open(dir, { ...DEFAULT_LOG_CONFIG, indexIntervalBytes: 300, ...config }, { recoveryPoint, logger });
    logs.push(log);
    return log;
  }

  /** Writes BATCHES batches and closes the log, as a crash would leave it (no flush, recovery point 0). */
  function populate(config: Partial<LogConfig> = {}): void {
    const log = open(0, config);
    for (let i = 0; i < BATCHES; i++) log.appendAsLeader(batch(), 0);
    log.close();
    logs.pop();
  }

  function logFiles(): string[] {
    return fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort().map((f) => path.join(dir, f));
  }

  function readAll(log: PartitionLog): number[] {
    return decodeRecords(log.read(log.logStartOffset, Number.MAX_SAFE_INTEGER, { maxOffset: log.logEndOffset }).records).map((r) => r.offset);
  }

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'millrace-'));
    dir = path.join(root, 'events-0');
    warnings = [];
  });

  afterEach(() => {
    for (const log of logs.splice(0)) log.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('truncates a batch torn in the middle, logs the cut, and continues from the last whole batch', () => {
    populate();
    const [file] = logFiles();
    fs.truncateSync(file!, BATCH_BYTES * BATCHES - 25);
    const log = open(0);
    assert.equal(log.logEndOffset, (BATCHES - 1) * RECORDS_PER_BATCH);
    assert.equal(log.loadSummary.bytesTruncated, BATCH_BYTES - 25);
    const warning = warnings.find((w) => w.includes('truncated'));
    assert.ok(warning, `expected a truncation warning, got ${JSON.stringify(warnings)}`);
    assert.ok(warning.includes(file!), warning);
    assert.ok(warning.includes(`${BATCH_BYTES - 25} bytes`), warning);
    assert.ok(warning.includes(`offset ${(BATCHES - 1) * RECORDS_PER_BATCH}`), warning);
    assert.equal(readAll(log).length, (BATCHES - 1) * RECORDS_PER_BATCH);
    assert.equal(log.appendAsLeader(batch(), 0).firstOffset, (BATCHES - 1) * RECORDS_PER_BATCH);
  });

  it('cuts garbage appended after the last batch', () => {
    populate();
    const [file] = logFiles();
    fs.appendFileSync(file!, Buffer.from('this is not a record batch, just some trailing junk......................'));
    const log = open(0);
    assert.equal(fs.statSync(file!).size, BATCH_BYTES * BATCHES);
    assert.equal(log.logEndOffset, BATCHES * RECORDS_PER_BATCH);
    assert.ok(warnings.some((w) => w.includes('truncated')));
  });

  it('truncates at the first batch whose CRC fails and drops the later segments', () => {
    populate({ segmentBytes: BATCH_BYTES * 4 });
    const files = logFiles();
    assert.equal(files.length, 3);
    const bytes = fs.readFileSync(files[0]!);
    bytes[BATCH_BYTES * 2 + 100]! ^= 0x40; // inside the third batch's records
    fs.writeFileSync(files[0]!, bytes);
    const log = open(0, { segmentBytes: BATCH_BYTES * 4 });
    assert.equal(log.logEndOffset, 2 * RECORDS_PER_BATCH);
    assert.equal(log.segmentCount, 1);
    assert.equal(logFiles().length, 1);
    assert.deepEqual(readAll(log), [0, 1, 2, 3, 4, 5]);
    assert.ok(warnings.some((w) => w.includes('CRC')), JSON.stringify(warnings));
    assert.equal(log.appendAsLeader(batch(), 0).firstOffset, 6);
  });

  it('does not re-check segments below the recovery point', () => {
    populate({ segmentBytes: BATCH_BYTES * 4 });
    const files = logFiles();
    const bytes = fs.readFileSync(files[0]!);
    bytes[BATCH_BYTES + 100]! ^= 0x40;
    fs.writeFileSync(files[0]!, bytes);
    const trusted = open(BATCHES * RECORDS_PER_BATCH, { segmentBytes: BATCH_BYTES * 4 });
    assert.equal(trusted.loadSummary.segmentsRecovered, 0);
    assert.equal(trusted.logEndOffset, BATCHES * RECORDS_PER_BATCH);
    trusted.close();
    logs.pop();
    const checked = open(0, { segmentBytes: BATCH_BYTES * 4 });
    assert.equal(checked.logEndOffset, RECORDS_PER_BATCH);
  });

  it('rebuilds a missing index', () => {
    populate();
    const index = logFiles()[0]!.replace(/\.log$/, '.index');
    const original = fs.readFileSync(index);
    assert.ok(original.length > 0);
    fs.rmSync(index);
    const log = open(BATCHES * RECORDS_PER_BATCH);
    assert.equal(log.loadSummary.segmentsRecovered, 1);
    assert.ok(warnings.some((w) => w.includes('index')));
    assert.deepEqual(fs.readFileSync(index), original);
    assert.equal(readAll(log).length, BATCHES * RECORDS_PER_BATCH);
  });

  it('rebuilds a garbled index instead of trusting it', () => {
    populate();
    const timeIndex = logFiles()[0]!.replace(/\.log$/, '.timeindex');
    const index = logFiles()[0]!.replace(/\.log$/, '.index');
    const original = fs.readFileSync(index);
    fs.writeFileSync(index, Buffer.from([0, 0, 0, 9, 0, 0, 0x10, 0, 0, 0, 0, 3, 0, 0, 0, 1]));
    fs.writeFileSync(timeIndex, Buffer.alloc(7, 0xff));
    const log = open(BATCHES * RECORDS_PER_BATCH);
    assert.equal(log.loadSummary.segmentsRecovered, 1);
    assert.deepEqual(fs.readFileSync(index), original);
    assert.equal(fs.statSync(timeIndex).size % 12, 0);
    for (let offset = 0; offset < BATCHES * RECORDS_PER_BATCH; offset += 4) {
      assert.equal(decodeRecords(log.read(offset, 1, { maxOffset: log.logEndOffset }).records)[0]!.offset, offset - (offset % 3));
    }
  });

  it('removes leftover and orphaned files', () => {
    populate();
    fs.writeFileSync(path.join(dir, '00000000000000000000.log.deleted'), 'x');
    fs.writeFileSync(path.join(dir, '00000000000000000000.log.swap'), 'x');
    fs.writeFileSync(path.join(dir, '00000000000000000077.index'), '');
    fs.writeFileSync(path.join(dir, '00000000000000000077.timeindex.cleaned'), '');
    open(BATCHES * RECORDS_PER_BATCH);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['00000000000000000000.index', '00000000000000000000.log', '00000000000000000000.timeindex']);
  });
});
