import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Schema } from '../../../../src/connect/api/index.js';
import type { SourceRecord } from '../../../../src/connect/api/index.js';
import type { FileStreamSourceTask } from '../../../../connectors/file/file-stream-source-task.js';
import { MemoryOffsets, pollUntil, startSourceTask } from './fake-source-context.js';

const values = (records: readonly SourceRecord[]): unknown[] => records.map((r) => r.value);

describe('FileStreamSourceTask', () => {
  let dir: string;
  let file: string;
  const tasks: FileStreamSourceTask[] = [];

  async function start(props: Record<string, string>, offsets?: MemoryOffsets): Promise<FileStreamSourceTask> {
    const task = await startSourceTask(props, offsets);
    tasks.push(task);
    return task;
  }

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'millrace-file-source-'));
    file = path.join(dir, 'data.txt');
  });

  afterEach(async () => {
    for (const task of tasks.splice(0)) await task.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns lines into records shaped like Kafka FileStreamSource ones, with byte offsets per file', async () => {
    writeFileSync(file, 'foo\nbär\n');
    const task = await start({ file, topic: 'connect-test' });
    const records = await pollUntil(task, (r) => r.length >= 2, 5000);
    assert.deepEqual(values(records), ['foo', 'bär']);
    const [first, second] = records as [SourceRecord, SourceRecord];
    assert.equal(first.topic, 'connect-test');
    assert.equal(first.valueSchema, Schema.STRING_SCHEMA);
    assert.equal(first.key, null);
    assert.equal(first.keySchema, null);
    assert.equal(first.kafkaPartition, null);
    assert.deepEqual(first.sourcePartition, { filename: file });
    assert.equal(first.sourceOffset?.['position'], 4);
    assert.equal(second.sourceOffset?.['position'], 9);
    assert.equal(typeof second.sourceOffset?.['inode'], 'string');
    assert.equal(typeof second.sourceOffset?.['fingerprint'], 'string');
    assert.equal(second.sourceOffset?.['fingerprint_bytes'], 9);
  });

  it('returns no more than batch.size records per poll', async () => {
    writeFileSync(file, Array.from({ length: 25 }, (_, i) => `l${i}\n`).join(''));
    const task = await start({ file, topic: 't', 'batch.size': '10' });
    const sizes: number[] = [];
    while (sizes.reduce((a, b) => a + b, 0) < 25) sizes.push((await task.poll())?.length ?? 0);
    assert.deepEqual(sizes, [10, 10, 5]);
  });

  it('wakes a waiting poll on change: an appended line arrives well under the idle check interval', async () => {
    writeFileSync(file, 'start\n');
    const task = await start({ file, topic: 't' });
    await pollUntil(task, (r) => r.length >= 1, 5000);
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const pending = pollUntil(task, (r) => r.length >= 1, 5000);
      await new Promise((resolve) => setTimeout(resolve, 30));
      const appended = Date.now();
      appendFileSync(file, `line ${i}\n`);
      assert.deepEqual(values(await pending), [`line ${i}`]);
      latencies.push(Date.now() - appended);
    }
    latencies.sort((a, b) => a - b);
    // Without the watcher a line would wait for the 250 ms idle check: the median shows the notification path.
    assert.ok((latencies[2] as number) < 150, `latencies ${latencies.join(', ')} ms`);
  });

  it('resumes after a restart from the committed offset, without repeating or skipping a line', async () => {
    writeFileSync(file, 'one\ntwo\nthree\n');
    const offsets = new MemoryOffsets();
    const first = await start({ file, topic: 't' }, offsets);
    const records = await pollUntil(first, (r) => r.length >= 3, 5000);
    offsets.commit(records.slice(0, 2));
    await first.stop();
    appendFileSync(file, 'four\n');
    const second = await start({ file, topic: 't' }, offsets);
    assert.deepEqual(values(await pollUntil(second, (r) => r.length >= 2, 5000)), ['three', 'four']);
  });

  it('waits for a missing file and reads it once it appears', async () => {
    const task = await start({ file, topic: 't' });
    assert.equal(await task.poll(), null);
    writeFileSync(file, 'finally\n');
    assert.deepEqual(values(await pollUntil(task, (r) => r.length >= 1, 5000)), ['finally']);
  });

  it('returns promptly from a pending poll when stopped', async () => {
    writeFileSync(file, '');
    const task = await startSourceTask({ file, topic: 't' });
    const pending = task.poll();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stopping = Date.now();
    await task.stop();
    assert.equal(await pending, null);
    assert.ok(Date.now() - stopping < 200);
  });
});
