import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConnectException, Schema, SchemaBuilder, SinkRecord, Struct, TopicPartitionOffsets } from '../../../../src/connect/api/index.js';
import { FileStreamSinkTask } from '../../../../connectors/file/file-stream-sink-task.js';

const record = (value: unknown, offset = 0): SinkRecord =>
  new SinkRecord({ topic: 'connect-test', kafkaPartition: 0, kafkaOffset: offset, value, valueSchema: Schema.OPTIONAL_STRING_SCHEMA });

interface Calls {
  writes: number;
  syncs: number;
  order: string[];
}

/** Counts the write and fsync calls made through any `FileHandle` while `body` runs. */
async function countingFileCalls(dir: string, body: (calls: Calls) => Promise<void>): Promise<void> {
  const probe = await open(path.join(dir, 'probe'), 'w');
  const proto = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => unknown; sync: () => unknown };
  await probe.close();
  const { write, sync } = proto;
  const calls: Calls = { writes: 0, syncs: 0, order: [] };
  proto.write = function (this: unknown, ...args: unknown[]) {
    calls.writes++;
    calls.order.push('write');
    return write.apply(this, args);
  };
  proto.sync = function (this: unknown) {
    calls.syncs++;
    calls.order.push('sync');
    return sync.apply(this);
  };
  try {
    await body(calls);
  } finally {
    proto.write = write;
    proto.sync = sync;
  }
}

describe('FileStreamSinkTask', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'millrace-file-sink-'));
    file = path.join(dir, 'test.sink.txt');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends each put batch with one write call and fsyncs on flush', async () => {
    writeFileSync(file, 'existing\n');
    const task = new FileStreamSinkTask();
    await task.start({ file });
    await countingFileCalls(dir, async (calls) => {
      await task.put([record('foo', 0), record('bar', 1), record('ünï', 2)]);
      assert.equal(calls.writes, 1);
      await task.put([]);
      assert.equal(calls.writes, 1, 'an empty batch writes nothing');
      await task.put([record('baz', 3)]);
      assert.equal(calls.writes, 2);
      await task.flush(new TopicPartitionOffsets([[{ topic: 'connect-test', partition: 0 }, 4]]));
      assert.deepEqual(calls.order, ['write', 'write', 'sync']);
    });
    await task.stop();
    assert.equal(readFileSync(file, 'utf8'), 'existing\nfoo\nbar\nünï\nbaz\n');
  });

  it('flushes through preCommit before offsets are returned for commit', async () => {
    const task = new FileStreamSinkTask();
    await task.start({ file });
    await countingFileCalls(dir, async (calls) => {
      await task.put([record('x')]);
      const offsets = new TopicPartitionOffsets([[{ topic: 'connect-test', partition: 0 }, 1]]);
      assert.equal(await task.preCommit(offsets), offsets);
      assert.equal(calls.syncs, 1);
    });
    await task.stop();
  });

  it('writes strings as they are, bytes as UTF-8, null as null and anything else as JSON', async () => {
    const schema = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).field('name', Schema.STRING_SCHEMA).build();
    const task = new FileStreamSinkTask();
    await task.start({ file });
    await task.put([
      record('plain'),
      record(Buffer.from('bytes ✓')),
      record(null),
      record(42),
      record({ a: [1, 'b'] }),
      record(new Struct(schema).put('id', 7).put('name', 'seven')),
      record(12345678901234567890n),
    ]);
    await task.stop();
    assert.equal(
      readFileSync(file, 'utf8'),
      'plain\nbytes ✓\nnull\n42\n{"a":[1,"b"]}\n{"id":7,"name":"seven"}\n12345678901234567890\n',
    );
  });

  it('writes to standard output when no file is set', async () => {
    const task = new FileStreamSinkTask();
    await task.start({});
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string, callback?: (error?: Error | null) => void) => {
      written.push(chunk);
      callback?.();
      return true;
    }) as typeof process.stdout.write;
    try {
      await task.put([record('to'), record('stdout')]);
      await task.flush(new TopicPartitionOffsets());
    } finally {
      process.stdout.write = original;
    }
    await task.stop();
    assert.deepEqual(written, ['to\nstdout\n']);
  });

  it('fails with a ConnectException when the file cannot be created, and when used after stop', async () => {
    await assert.rejects(new FileStreamSinkTask().start({ file: path.join(dir, 'missing-dir', 'out.txt') }), ConnectException);
    const task = new FileStreamSinkTask();
    await task.start({ file });
    await task.stop();
    await assert.rejects(task.put([record('late')]), ConnectException);
  });
});
