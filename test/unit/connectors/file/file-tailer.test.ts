import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileTailer } from '../../../../connectors/file/file-tailer.js';
import type { TailerNotice } from '../../../../connectors/file/file-tailer.js';
import type { FileIdentity } from '../../../../connectors/file/file-identity.js';
import { sourceOffset } from '../../../../connectors/file/file-offset.js';
import type { FileSourceOffset } from '../../../../connectors/file/file-offset.js';

interface Read {
  line: string;
  position: number;
  identity: FileIdentity;
}

/**
 * Calls `read` until it hands out nothing more (or `max` lines are in): a call stops at the lines one read of the
 * file gave, so what is there now may take several.
 */
async function readAll(tailer: FileTailer, max = 1000): Promise<Read[]> {
  const out: Read[] = [];
  while (out.length < max) {
    const got = await tailer.read(max - out.length, (line, position, identity) => out.push({ line, position, identity }));
    if (got === 0) break;
  }
  return out;
}

const lines = (reads: readonly Read[]): string[] => reads.map((r) => r.line);

describe('FileTailer', () => {
  let dir: string;
  let file: string;
  const tailers: FileTailer[] = [];

  function tailer(resumeFrom: FileSourceOffset | null = null, notices: TailerNotice[] = []): FileTailer {
    const created = new FileTailer(file, { resumeFrom, onNotice: (n) => notices.push(n), readBufferBytes: 32 });
    tailers.push(created);
    return created;
  }

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'millrace-tailer-'));
    file = path.join(dir, 'app.log');
  });

  afterEach(async () => {
    for (const t of tailers.splice(0)) await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands out complete lines with byte positions, multi-byte UTF-8 included, and waits for a partial line', async () => {
    writeFileSync(file, 'héllo\r\nwörld\rpart');
    const t = tailer();
    const first = await readAll(t);
    assert.deepEqual(lines(first), ['héllo', 'wörld']);
    assert.deepEqual(first.map((r) => r.position), [8, 15]);
    appendFileSync(file, 'ial ✓\n');
    const second = await readAll(t);
    assert.deepEqual(lines(second), ['partial ✓']);
    assert.equal(second[0]?.position, statSync(file).size);
  });

  it('stops at max and continues where it stopped', async () => {
    writeFileSync(file, 'a\nb\nc\n');
    const t = tailer();
    assert.deepEqual(lines(await readAll(t, 2)), ['a', 'b']);
    assert.deepEqual(lines(await readAll(t, 2)), ['c']);
    assert.deepEqual(await readAll(t), []);
  });

  it('resumes from a stored offset of the same file, and from 0 when the file was replaced or truncated', async () => {
    writeFileSync(file, 'one\ntwo\n');
    const reads = await readAll(tailer());
    const stored = sourceOffset((reads[0] as Read).position, (reads[0] as Read).identity);
    assert.deepEqual(lines(await readAll(tailer(stored))), ['two']);

    truncateSync(file, 2);
    const notices: TailerNotice[] = [];
    writeFileSync(file, 'uno\ndos\n');
    assert.deepEqual(lines(await readAll(tailer(stored, notices))), ['uno', 'dos'], 'same inode, other first bytes');
    assert.equal(notices.at(-1)?.kind, 'replaced');

    unlinkSync(file);
    writeFileSync(file, 'one\ntwo\nthree\n');
    assert.deepEqual(lines(await readAll(tailer(stored))), ['one', 'two', 'three'], 'new inode');
  });

  it('honours a Kafka offset holding only a position', async () => {
    writeFileSync(file, 'one\ntwo\n');
    assert.deepEqual(lines(await readAll(tailer({ position: 4 }))), ['two']);
    assert.deepEqual(lines(await readAll(tailer({ position: 400 }))), ['one', 'two']);
  });

  it('waits for a missing file, reporting it once, and reads it from the start when it appears', async () => {
    const notices: TailerNotice[] = [];
    const t = tailer(null, notices);
    assert.deepEqual(await readAll(t), []);
    assert.deepEqual(await readAll(t), []);
    assert.deepEqual(notices.map((n) => n.kind), ['missing']);
    assert.equal(t.isOpen, false);
    writeFileSync(file, 'late\n');
    assert.deepEqual(lines(await readAll(t)), ['late']);
  });

  it('finishes a file rotated by rename before reading its successor from 0', async () => {
    writeFileSync(file, 'a1\n');
    const notices: TailerNotice[] = [];
    const t = tailer(null, notices);
    assert.deepEqual(lines(await readAll(t)), ['a1']);
    appendFileSync(file, 'a2\na3-no-newline');
    renameSync(file, `${file}.1`);
    assert.deepEqual(lines(await readAll(t)), ['a2'], 'renamed away, no successor yet: keep reading the old file');
    appendFileSync(`${file}.1`, '\na4\n');
    writeFileSync(file, '');
    assert.deepEqual(lines(await readAll(t)), ['a3-no-newline', 'a4'], 'an empty successor: the writer may not have moved');
    appendFileSync(`${file}.1`, 'a5');
    writeFileSync(file, 'b1\n');
    assert.deepEqual(lines(await readAll(t)), ['a5', 'b1'], 'old tail, then the new file');
    assert.ok(notices.some((n) => n.kind === 'renamed'));
    assert.deepEqual(await readAll(t), []);
  });

  it('starts again at 0 after copytruncate, handing out the old unterminated tail', async () => {
    writeFileSync(file, 'x'.repeat(100) + '\nold tail');
    const t = tailer();
    assert.equal((await readAll(t)).length, 1);
    truncateSync(file, 0);
    appendFileSync(file, 'new1\n');
    assert.deepEqual(lines(await readAll(t)), ['old tail', 'new1']);
    assert.equal(t.position, 5);
  });

  it('notices copytruncate even when the rewritten file is already longer than the position', async () => {
    writeFileSync(file, 'first line of the old file\n');
    const t = tailer();
    await readAll(t);
    truncateSync(file, 0);
    appendFileSync(file, 'a different first line, written after truncation\n');
    assert.deepEqual(lines(await readAll(t)), ['a different first line, written after truncation']);
  });

  it('finishes a file deleted with nothing in its place, then waits for the path again', async () => {
    writeFileSync(file, 'a\n');
    const notices: TailerNotice[] = [];
    const t = tailer(null, notices);
    await readAll(t);
    appendFileSync(file, 'b');
    unlinkSync(file);
    assert.deepEqual(lines(await readAll(t)), ['b']);
    assert.equal(t.isOpen, false);
    assert.deepEqual(await readAll(t), []);
    writeFileSync(file, 'c\n');
    assert.deepEqual(lines(await readAll(t)), ['c']);
    assert.deepEqual(notices.map((n) => n.kind), ['deleted', 'missing']);
  });

  it('on resume, finishes the rotated-away file the offset belongs to before the new one', async () => {
    writeFileSync(file, 'a1\na2\n');
    const first = await readAll(tailer());
    const stored = sourceOffset((first[0] as Read).position, (first[0] as Read).identity);
    renameSync(file, path.join(dir, 'app.log.1'));
    writeFileSync(file, 'b1\n');
    const notices: TailerNotice[] = [];
    assert.deepEqual(lines(await readAll(tailer(stored, notices))), ['a2', 'b1']);
    assert.equal(notices[0]?.rotatedPath, path.join(dir, 'app.log.1'));
  });

  it('reads ahead without losing or repeating a line while the file grows, shrinks reads and is appended to between reads', async () => {
    const written: string[] = [];
    const append = (count: number) => {
      const batch = Array.from({ length: count }, (_, i) => `line ${written.length + i} ${'y'.repeat((written.length + i) % 50)}`);
      written.push(...batch);
      appendFileSync(file, batch.map((line) => `${line}\n`).join(''));
    };
    append(500);
    const t = new FileTailer(file, { resumeFrom: null, readBufferBytes: 100 });
    tailers.push(t);
    const seen: Read[] = [];
    for (let round = 0; round < 400; round++) {
      await t.read(37, (line, position, identity) => seen.push({ line, position, identity }));
      if (round < 200 && round % 3 === 0) append(13);
    }
    seen.push(...(await readAll(t, written.length)));
    assert.deepEqual(lines(seen), written);
    let end = 0;
    seen.forEach((read, i) => {
      end += Buffer.byteLength(`${written[i]}\n`);
      assert.equal(read.position, end, `position of line ${i}`);
    });
  });

  it('does not take a read ahead that met the end of file for the end of a file that has grown since', async () => {
    // 200 bytes: two full reads of 100, so the reads issued ahead after them find the end of file.
    const first = Array.from({ length: 10 }, (_, i) => `line-${String(i).padStart(14, '0')}`);
    writeFileSync(file, first.map((line) => `${line}\n`).join(''));
    assert.equal(statSync(file).size, 200);
    const t = new FileTailer(file, { resumeFrom: null, readBufferBytes: 100 });
    tailers.push(t);
    assert.deepEqual(lines(await readAll(t)), first);
    await new Promise((resolve) => setTimeout(resolve, 20));
    appendFileSync(file, 'appended later\n');
    const later = await readAll(t);
    assert.deepEqual(lines(later), ['appended later']);
    assert.equal(later[0]?.position, 215);
  });

  it('tells onChange of each write to the open file, and to the new file once it has moved on after a rotation', async () => {
    writeFileSync(file, 'a\n');
    let changes = 0;
    const t = new FileTailer(file, { resumeFrom: null, onChange: () => changes++, readBufferBytes: 64 });
    tailers.push(t);
    const changed = async (): Promise<void> => {
      const before = changes;
      for (let waited = 0; changes === before; waited += 5) {
        assert.ok(waited < 2000, 'no change reported within 2 s');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    assert.deepEqual(lines(await readAll(t)), ['a']);
    appendFileSync(file, 'b\n');
    await changed();
    assert.deepEqual(lines(await readAll(t)), ['b']);
    renameSync(file, `${file}.1`);
    writeFileSync(file, 'c\n');
    assert.deepEqual(lines(await readAll(t)), ['c']);
    appendFileSync(file, 'd\n');
    await changed();
    assert.deepEqual(lines(await readAll(t)), ['d']);
  });
});
