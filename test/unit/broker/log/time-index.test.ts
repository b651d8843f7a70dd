import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TimeIndex } from '../../../../src/broker/log/time-index.js';

describe('TimeIndex', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'millrace-'));
    file = path.join(dir, '00000000000000000100.timeindex');
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function filled(): TimeIndex {
    const index = new TimeIndex(file, 100);
    index.create();
    index.maybeAppend(1_700_000_000_000, 104);
    index.maybeAppend(1_700_000_000_000, 110); // not a new maximum
    index.maybeAppend(1_700_000_005_000, 120);
    index.maybeAppend(1_700_000_009_000, 130);
    return index;
  }

  it('keeps only new maxima', () => {
    const index = filled();
    assert.equal(index.entries, 3);
    assert.equal(index.lastTimestamp, 1_700_000_009_000);
    assert.equal(index.lastOffset, 130);
  });

  it('finds the first entry at or after a timestamp', () => {
    const index = filled();
    assert.equal(index.firstEntryAtOrAfter(0), 0);
    assert.equal(index.firstEntryAtOrAfter(1_700_000_000_000), 0);
    assert.equal(index.firstEntryAtOrAfter(1_700_000_000_001), 1);
    assert.equal(index.offsetAt(index.firstEntryAtOrAfter(1_700_000_005_000)), 120);
    assert.equal(index.firstEntryAtOrAfter(1_800_000_000_000), 3);
  });

  it('writes Kafka\'s format (int64 timestamp, int32 relative offset) and loads it back', () => {
    filled().flush(true);
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.length, 36);
    assert.equal(bytes.readBigInt64BE(12), 1_700_000_005_000n);
    assert.equal(bytes.readInt32BE(20), 20);
    const loaded = new TimeIndex(file, 100);
    assert.equal(loaded.load(), true);
    assert.equal(loaded.timestampAt(2), 1_700_000_009_000);
    assert.equal(loaded.offsetAt(2), 130);
  });

  it('keeps every entry through growth, in memory and through the file', () => {
    const index = new TimeIndex(file, 100);
    index.create();
    for (let i = 0; i < 100; i++) index.maybeAppend(1_700_000_000_000 + i * 10, 100 + i * 3);
    index.flush(false);
    const loaded = new TimeIndex(file, 100);
    assert.equal(loaded.load(), true);
    for (const each of [index, loaded]) {
      assert.equal(each.entries, 100);
      for (let i = 0; i < 100; i++) assert.deepEqual([each.timestampAt(i), each.offsetAt(i)], [1_700_000_000_000 + i * 10, 100 + i * 3]);
    }
  });

  it('distrusts garbage: odd sizes, timestamps that do not increase', () => {
    filled().flush(true);
    fs.appendFileSync(file, Buffer.alloc(5));
    assert.equal(new TimeIndex(file, 100).load(), false);
    const bytes = fs.readFileSync(file).subarray(0, 36);
    bytes.writeBigInt64BE(1n, 12);
    fs.writeFileSync(file, bytes);
    assert.equal(new TimeIndex(file, 100).load(), false);
  });

  it('truncates entries at or above an offset', () => {
    const index = filled();
    index.flush(false);
    index.truncateTo(120);
    assert.equal(index.entries, 1);
    index.flush(false);
    assert.equal(fs.statSync(file).size, 12);
  });
});
