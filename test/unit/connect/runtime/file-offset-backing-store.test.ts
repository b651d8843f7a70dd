import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileOffsetBackingStore, OffsetStoreError, canonicalJson } from '../../../../src/connect/runtime/file-offset-backing-store.js';

describe('FileOffsetBackingStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'millrace-offsets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts empty when the file does not exist, and creates it (and its directory) on the first write', async () => {
    const file = path.join(dir, 'data', 'connect.offsets');
    const store = FileOffsetBackingStore.open(file);
    assert.equal(store.offset('c', { filename: 'a' }), null);
    await store.set('c', [{ partition: { filename: 'a' }, offset: { position: 8 } }]);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(doc, { version: 1, offsets: [{ connector: 'c', partition: { filename: 'a' }, offset: { position: 8 } }] });
  });

  it('reads back what it wrote, per connector, matching partitions whatever their key order', async () => {
    const file = path.join(dir, 'connect.offsets');
    const store = FileOffsetBackingStore.open(file);
    await store.set('c1', [{ partition: { filename: 'a', inode: 7 }, offset: { position: 1 } }]);
    await store.set('c2', [{ partition: { filename: 'a', inode: 7 }, offset: { position: 2 } }]);
    await store.set('c1', [{ partition: { inode: 7, filename: 'a' }, offset: { position: 3 } }]);
    const reopened = FileOffsetBackingStore.open(file);
    assert.deepEqual(reopened.offset('c1', { inode: 7, filename: 'a' }), { position: 3 });
    assert.deepEqual(reopened.offset('c2', { filename: 'a', inode: 7 }), { position: 2 });
    assert.equal(reopened.entries('c1').length, 1);
  });

  it('removes a partition given a null offset', async () => {
    const file = path.join(dir, 'connect.offsets');
    const store = FileOffsetBackingStore.open(file);
    await store.set('c', [{ partition: { f: 'a' }, offset: { p: 1 } }, { partition: { f: 'b' }, offset: { p: 2 } }]);
    await store.set('c', [{ partition: { f: 'a' }, offset: null }]);
    assert.deepEqual(FileOffsetBackingStore.open(file).entries('c').map((e) => e.partition), [{ f: 'b' }]);
  });

  it('replaces the file by rename: no temp file is left and every concurrent write lands in order', async () => {
    const file = path.join(dir, 'connect.offsets');
    const store = FileOffsetBackingStore.open(file);
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.set('c', [{ partition: { f: 'a' }, offset: { p: i } }])));
    assert.deepEqual(FileOffsetBackingStore.open(file).offset('c', { f: 'a' }), { p: 49 });
    assert.deepEqual(readdirSync(dir), ['connect.offsets']);
  });

  it('refuses a corrupt file, naming it, instead of starting from empty offsets', () => {
    const file = path.join(dir, 'connect.offsets');
    writeFileSync(file, '{"version":1,"offsets":[{"connector":"c"');
    assert.throws(
      () => FileOffsetBackingStore.open(file),
      (err: unknown) => err instanceof OffsetStoreError && err.file === file && err.message.startsWith(`${file}: offset file is not valid JSON`),
    );
  });

  it('refuses valid JSON that is not an offset file, and entries of the wrong shape', () => {
    const file = path.join(dir, 'connect.offsets');
    writeFileSync(file, '[1,2]');
    assert.throws(() => FileOffsetBackingStore.open(file), OffsetStoreError);
    writeFileSync(file, '{"version":1,"offsets":[{"connector":"c","partition":{},"offset":5}]}');
    assert.throws(() => FileOffsetBackingStore.open(file), /offsets\[0\]/);
  });

  it('refuses an unreadable path (a directory) with its errno code', () => {
    const file = path.join(dir, 'connect.offsets');
    mkdirSync(file);
    assert.throws(() => FileOffsetBackingStore.open(file), (err: unknown) => err instanceof OffsetStoreError && /EISDIR/.test(err.message));
  });

  it('keeps the previous file intact when a write fails', async () => {
    const file = path.join(dir, 'sub', 'connect.offsets');
    const store = FileOffsetBackingStore.open(file);
    await store.set('c', [{ partition: { f: 'a' }, offset: { p: 1 } }]);
    // The temp file's name taken by a directory makes the next write fail before the rename.
    mkdirSync(path.join(dir, 'sub', `.connect.offsets.${process.pid}.tmp`));
    await assert.rejects(store.set('c', [{ partition: { f: 'a' }, offset: { p: 2 } }]), OffsetStoreError);
    assert.deepEqual(FileOffsetBackingStore.open(file).offset('c', { f: 'a' }), { p: 1 });
  });

  it('canonicalJson sorts object keys at every depth', () => {
    assert.equal(canonicalJson({ b: [{ y: 1, x: 2 }], a: null }), '{"a":null,"b":[{"x":2,"y":1}]}');
  });
});
