import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SourceRecord } from '../../../../src/connect/api/index.js';
import { FileStreamSourceConnector } from '../../../../connectors/file/file-stream-source-connector.js';
import type { FileStreamSourceTask } from '../../../../connectors/file/file-stream-source-task.js';
import { hashedTask } from '../../../../connectors/file/task-assignment.js';
import { startSourceTask } from './fake-source-context.js';

const write = (file: string, tag: string, count: number): void =>
  appendFileSync(file, Array.from({ length: count }, (_, i) => `${tag} ${i}\n`).join(''));

describe('FileStreamSourceTask with files globs', () => {
  let dir: string;
  const tasks: FileStreamSourceTask[] = [];

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'millrace-globs-'));
  });

  afterEach(async () => {
    for (const task of tasks.splice(0)) await task.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startAll(configs: readonly Record<string, string>[]): Promise<FileStreamSourceTask[]> {
    for (const config of configs) tasks.push(await startSourceTask(config));
    return tasks;
  }

  /** Polls every task at once until `expected` records arrived in total; returns them per task. */
  async function collect(all: readonly FileStreamSourceTask[], expected: number): Promise<SourceRecord[][]> {
    const got: SourceRecord[][] = all.map(() => []);
    const deadline = Date.now() + 15_000;
    const total = (): number => got.reduce((n, list) => n + list.length, 0);
    await Promise.all(
      all.map(async (task, i) => {
        while (total() < expected && Date.now() < deadline) (got[i] as SourceRecord[]).push(...((await task.poll()) ?? []));
      }),
    );
    return got;
  }

  it('spreads existing and later files over the tasks, each file read by one task, every line once', async () => {
    const initial = ['a0.log', 'a1.log', 'a2.log', 'a3.log'].map((name) => path.join(dir, name));
    for (const file of initial) write(file, `${path.basename(file)} early`, 5);
    writeFileSync(path.join(dir, 'ignored.txt'), 'not a log\n');

    const connector = new FileStreamSourceConnector();
    connector.start({ files: `${dir}/*.log`, topic: 'logs' });
    const configs = await connector.taskConfigs(3);
    assert.equal(configs.length, 3);
    const dealt = configs.flatMap((c) => JSON.parse(c['task.files'] as string) as string[]).sort();
    assert.deepEqual(dealt, initial);

    const all = await startAll(configs);
    const later = ['b0.log', 'b1.log', 'b2.log', 'b3.log', 'b4.log', 'b5.log'].map((name) => path.join(dir, name));
    for (const file of initial) write(file, `${path.basename(file)} late`, 5);
    for (const file of later) write(file, path.basename(file), 3);
    writeFileSync(path.join(dir, 'also-ignored.txt'), 'not a log\n');
    const expected = initial.length * 10 + later.length * 3;
    const perTask = await collect(all, expected);

    const lines = perTask.flat().map((r) => `${String(r.sourcePartition?.['filename'])}: ${String(r.value)}`);
    assert.equal(new Set(lines).size, lines.length, 'no line twice');
    assert.equal(lines.length, expected);
    const readers = new Map<string, Set<number>>();
    perTask.forEach((records, task) => {
      for (const record of records) {
        const file = String(record.sourcePartition?.['filename']);
        assert.ok(file.endsWith('.log'), file);
        readers.set(file, (readers.get(file) ?? new Set()).add(task));
      }
    });
    for (const [file, by] of readers) assert.equal(by.size, 1, `${file} read by tasks ${[...by].join(', ')}`);
    for (const file of later) assert.deepEqual([...(readers.get(file) ?? [])], [hashedTask(file, 3)], `${file}: its hashed task`);
    assert.ok(perTask.filter((records) => records.length > 0).length >= 2, 'files spread over several tasks');
  });

  it('follows ** into subdirectories created later, and alternatives with commas inside braces', async () => {
    const connector = new FileStreamSourceConnector();
    connector.start({ files: `${dir}/**/{access,error}.log, ${dir}/extra.log`, topic: 'logs' });
    const configs = await connector.taskConfigs(1);
    const [task] = await startAll(configs);
    mkdirSync(path.join(dir, 'svc', 'web'), { recursive: true });
    write(path.join(dir, 'svc', 'web', 'access.log'), 'access', 2);
    write(path.join(dir, 'svc', 'web', 'debug.log'), 'debug', 2);
    write(path.join(dir, 'error.log'), 'error', 2);
    write(path.join(dir, 'extra.log'), 'extra', 2);
    const [records] = await collect([task as FileStreamSourceTask], 6);
    const got = (records as SourceRecord[]).map((r) => String(r.value)).sort();
    assert.deepEqual(got, ['access 0', 'access 1', 'error 0', 'error 1', 'extra 0', 'extra 1']);
  });

  it('forgets a matched file once it is deleted, and reads a new file of that name from the start', async () => {
    const file = path.join(dir, 'app.log');
    write(file, 'first', 2);
    const connector = new FileStreamSourceConnector();
    connector.start({ files: `${dir}/*.log`, topic: 'logs' });
    const [task] = await startAll(await connector.taskConfigs(1));
    const first = await collect([task as FileStreamSourceTask], 2);
    assert.deepEqual((first[0] as SourceRecord[]).map((r) => r.value), ['first 0', 'first 1']);
    rmSync(file);
    for (let i = 0; i < 3; i++) assert.equal(await (task as FileStreamSourceTask).poll(), null);
    write(file, 'second', 1);
    const second = await collect([task as FileStreamSourceTask], 1);
    assert.deepEqual((second[0] as SourceRecord[]).map((r) => r.value), ['second 0']);
  });

  it('starts watching a pattern\'s directory once it is created', async () => {
    const logs = path.join(dir, 'not-yet', 'logs');
    const connector = new FileStreamSourceConnector();
    connector.start({ files: `${logs}/*.log`, topic: 'logs' });
    const [task] = await startAll(await connector.taskConfigs(1));
    assert.equal(await (task as FileStreamSourceTask).poll(), null);
    mkdirSync(logs, { recursive: true });
    write(path.join(logs, 'late.log'), 'late', 1);
    const started = Date.now();
    const [records] = await collect([task as FileStreamSourceTask], 1);
    assert.deepEqual((records as SourceRecord[]).map((r) => r.value), ['late 0']);
    assert.ok(Date.now() - started < 1000, 'found at the next idle check, not the periodic listing');
  });
});
