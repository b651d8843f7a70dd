import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OffsetIndex } from '../../../../src/broker/log/offset-index.js';

describe('OffsetIndex', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'millrace-'));
    file = path.join(dir, '00000000000000001000.index');
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function filled(): OffsetIndex {
    const index = new OffsetIndex(file, 1000);
    index.create();
    index.append(1009, 500);
    index.append(1019, 1000);
    index.append(1029, 1500);
    return index;
  }

  it('looks up the greatest entry at or below the target', () => {
    const index = filled();
    assert.equal(index.lookup(1000), 0);
    assert.equal(index.lookup(1008), 0);
    assert.equal(index.lookup(1009), 500);
    assert.equal(index.lookup(1018), 500);
    assert.equal(index.lookup(1019), 1000);
    assert.equal(index.lookup(1_000_000), 1500);
  });

  it('ignores entries that do not increase', () => {
    const index = filled();
    index.append(1029, 2000);
    index.append(1040, 1500);
    assert.equal(index.entries, 3);
  });

  it('writes Kafka\'s format (int32 relative offset, int32 position) and loads it back', () => {
    filled().flush(true);
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.length, 24);
    assert.deepEqual([bytes.readInt32BE(0), bytes.readInt32BE(4), bytes.readInt32BE(16), bytes.readInt32BE(20)], [9, 500, 29, 1500]);
    const loaded = new OffsetIndex(file, 1000);
    assert.equal(loaded.load(2000), true);
    assert.equal(loaded.entries, 3);
    assert.equal(loaded.lookup(1020), 1000);
    assert.equal(loaded.lastOffset, 1029);
  });

  it('grows past its initial capacity', () => {
    const index = new OffsetIndex(file, 0);
    index.create();
    for (let i = 1; i <= 1000; i++) index.append(i * 10, i * 100);
    assert.equal(index.entries, 1000);
    assert.equal(index.lookup(5005), 50_000);
  });

  it('keeps every entry through growth, in memory and through the file', () => {
    const index = new OffsetIndex(file, 1000);
    index.create();
    for (let i = 0; i < 100; i++) index.append(1000 + i * 3, i * 100);
    index.flush(false);
    const loaded = new OffsetIndex(file, 1000);
    assert.equal(loaded.load(10_000), true);
    for (const each of [index, loaded]) {
      assert.equal(each.entries, 100);
      for (let i = 0; i < 100; i++) assert.deepEqual([each.offsetAt(i), each.positionAt(i)], [1000 + i * 3, i * 100]);
    }
  });

  it('distrusts a file whose size is not a multiple of 8', () => {
    filled().flush(true);
    fs.appendFileSync(file, Buffer.from([1, 2, 3]));
    const loaded = new OffsetIndex(file, 1000);
    assert.equal(loaded.load(2000), false);
    assert.equal(loaded.entries, 0);
  });

  it('distrusts entries that do not increase or point past the log', () => {
    filled().flush(true);
    assert.equal(new OffsetIndex(file, 1000).load(1500), false, 'position 1500 is not inside a 1500-byte log');
    const bytes = fs.readFileSync(file);
    bytes.writeInt32BE(3, 8);
    fs.writeFileSync(file, bytes);
    assert.equal(new OffsetIndex(file, 1000).load(2000), false);
    assert.equal(new OffsetIndex(path.join(dir, 'missing.index'), 0).load(2000), false);
  });

  it('replaces a distrusted file on the next flush instead of appending to it', () => {
    fs.writeFileSync(file, Buffer.alloc(13, 0xff));
    const index = new OffsetIndex(file, 1000);
    assert.equal(index.load(2000), false);
    index.append(1005, 100);
    index.flush(false);
    assert.equal(fs.statSync(file).size, 8);
  });

  it('truncates entries at or above an offset, in memory and in the file', () => {
    const index = filled();
    index.flush(false);
    index.truncateTo(1019);
    assert.equal(index.entries, 1);
    assert.equal(index.lookup(1025), 500);
    index.flush(false);
    assert.equal(fs.statSync(file).size, 8);
  });
});
