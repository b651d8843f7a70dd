import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Producer, ProducerRecord, RecordMetadata } from '../../../../src/client/index.js';
import type { Logger } from '../../../../src/common/logger.js';
import { Schema, SourceRecord, SourceTask } from '../../../../src/connect/api/index.js';
import type { RecordMetadata as ConnectRecordMetadata } from '../../../../src/connect/api/index.js';
import { StringConverter } from '../../../../src/connect/converters/index.js';
import { State } from '../../../../src/connect/runtime/connector-status.js';
import type { ConnectorTaskId, Status, StatusListener } from '../../../../src/connect/runtime/connector-status.js';
import { ErrorHandler } from '../../../../src/connect/runtime/error-handling.js';
import { FileOffsetBackingStore } from '../../../../src/connect/runtime/file-offset-backing-store.js';
import { Plugins } from '../../../../src/connect/runtime/plugins.js';
import { TransformationChain } from '../../../../src/connect/runtime/transformation-chain.js';
import { WorkerSourceTask } from '../../../../src/connect/runtime/worker-source-task.js';
import type { WorkerSourceTaskOptions } from '../../../../src/connect/runtime/worker-source-task.js';

const SILENT: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => SILENT };

function record(position: number): SourceRecord {
  return new SourceRecord({
    sourcePartition: { filename: 'a' },
    sourceOffset: { position },
    topic: 't',
    valueSchema: Schema.STRING_SCHEMA,
    value: `line ${position}`,
  });
}

/** Hands out the batches it is given, one per poll; otherwise waits until stopped. */
class ScriptedTask extends SourceTask {
  readonly batches: SourceRecord[][] = [];
  readonly committed: [SourceRecord, ConnectRecordMetadata | null][] = [];
  #wake: (() => void) | null = null;
  #stopped = false;

  version(): string {
    return 'test';
  }

  start(): void {}

  push(batch: SourceRecord[]): void {
    this.batches.push(batch);
    this.#wake?.();
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.batches.length === 0 && !this.#stopped) await new Promise<void>((resolve) => (this.#wake = resolve));
    return this.batches.shift() ?? null;
  }

  override commitRecord(record: SourceRecord, metadata: ConnectRecordMetadata | null): void {
    this.committed.push([record, metadata]);
  }

  stop(): void {
    this.#stopped = true;
    this.#wake?.();
  }
}

/** A producer whose acknowledgements the test gives, batch by batch. */
class ManualProducer {
  readonly sent: { records: readonly ProducerRecord[]; ack: () => void; fail: (error: Error) => void; all: boolean }[] = [];
  closed = false;

  sendAll(records: readonly ProducerRecord[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.sent.push({ records, ack: () => resolve(), fail: reject, all: true });
    });
  }

  sendBatch(records: readonly ProducerRecord[]): Promise<RecordMetadata[]> {
    return new Promise((resolve, reject) => {
      this.sent.push({
        records,
        ack: () => resolve(records.map((r, i) => ({ topic: r.topic, partition: 0, offset: i, timestamp: 0 }))),
        fail: reject,
        all: false,
      });
    });
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

class Statuses implements StatusListener {
  readonly tasks: Status[] = [];
  onConnectorStatus(): void {}
  onTaskStatus(_id: ConnectorTaskId, status: Status): void {
    this.tasks.push(status);
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('WorkerSourceTask', () => {
  let dir: string;
  let store: FileOffsetBackingStore;
  let task: ScriptedTask;
  let producer: ManualProducer;
  let statuses: Statuses;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'millrace-source-task-'));
    store = FileOffsetBackingStore.open(path.join(dir, 'connect.offsets'));
    task = new ScriptedTask();
    producer = new ManualProducer();
    statuses = new Statuses();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function workerTask(tolerance: 'none' | 'all' = 'none', flushTimeoutMs = 2000, maxBytesInFlight?: number): WorkerSourceTask {
    return new WorkerSourceTask(workerOptions(tolerance, flushTimeoutMs, maxBytesInFlight));
  }

  function workerOptions(tolerance: 'none' | 'all' = 'none', flushTimeoutMs = 2000, maxBytesInFlight?: number): WorkerSourceTaskOptions {
    const converter = new StringConverter();
    converter.configure({}, false);
    return {
      id: { connector: 'c', task: 0 },
      workerId: 'w:1',
      statusListener: statuses,
      logger: SILENT,
      task,
      taskConfig: {},
      keyConverter: converter,
      valueConverter: converter,
      headerConverter: converter,
      transformations: TransformationChain.build(new Map(), Plugins.fromManifests([])),
      errorHandler: new ErrorHandler({ tolerance, logEnable: false, logIncludeMessages: false, taskId: 'c-0' }, SILENT),
      producer: producer as unknown as Producer,
      offsetStore: store,
      offsetFlushIntervalMs: 10,
      offsetFlushTimeoutMs: flushTimeoutMs,
      ...(maxBytesInFlight === undefined ? {} : { maxBytesInFlight }),
    };
  }

  it('sends without per-record metadata when the task does not override commitRecord, and still commits offsets', async () => {
    task.commitRecord = SourceTask.prototype.commitRecord;
    const worker = workerTask();
    const done = worker.run();
    task.push([record(1), record(2)]);
    await until(() => producer.sent.length === 1, 'batch sent');
    assert.equal(producer.sent[0]!.all, true);
    producer.sent[0]!.ack();
    await until(() => store.offset('c', { filename: 'a' })?.['position'] === 2, 'offset 2 committed');
    worker.stop();
    await done;
  });

  it('calls a converter subclass through its own fromConnectData, not the text path it inherits', async () => {
    class Shouting extends StringConverter {
      override fromConnectData(_topic: string, _schema: Schema | null, value: unknown): Buffer | null {
        return Buffer.from(String(value).toUpperCase());
      }
    }
    const converter = new Shouting();
    converter.configure({}, false);
    const worker = new WorkerSourceTask({ ...workerOptions(), keyConverter: converter, valueConverter: converter });
    const done = worker.run();
    task.push([record(1)]);
    await until(() => producer.sent.length === 1, 'batch sent');
    assert.equal(producer.sent[0]!.records[0]!.value?.toString(), 'LINE 1');
    producer.sent[0]!.ack();
    worker.stop();
    await done;
  });

  it('asks for per-record metadata when the task overrides commitRecord', async () => {
    const worker = workerTask();
    const done = worker.run();
    task.push([record(1)]);
    await until(() => producer.sent.length === 1, 'batch sent');
    assert.equal(producer.sent[0]!.all, false);
    producer.sent[0]!.ack();
    await until(() => task.committed.length === 1, 'commitRecord called');
    worker.stop();
    await done;
  });

  it('polls no further while maxBytesInFlight of converted data awaits acknowledgement', async () => {
    const worker = workerTask('none', 2000, 10);
    const done = worker.run();
    task.push([record(1), record(2)]);
    task.push([record(3)]);
    await until(() => producer.sent.length === 1, 'first batch sent');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(producer.sent.length, 1, '12 bytes in flight hold the next poll back');
    producer.sent[0]!.ack();
    await until(() => producer.sent.length === 2, 'second batch sent after the ack');
    producer.sent[1]!.ack();
    worker.stop();
    await done;
  });

  it('commits a source offset only once its batch and every earlier batch are acknowledged', async () => {
    const worker = workerTask();
    const done = worker.run();
    task.push([record(1), record(2)]);
    task.push([record(3)]);
    await until(() => producer.sent.length === 2, 'both batches sent');
    assert.deepEqual(producer.sent[0]!.records.map((r) => r.value?.toString()), ['line 1', 'line 2']);
    producer.sent[1]!.ack();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(store.offset('c', { filename: 'a' }), null, 'the later batch alone must not commit');
    producer.sent[0]!.ack();
    await until(() => store.offset('c', { filename: 'a' })?.['position'] === 3, 'offset 3 committed');
    // commitRecord follows the acknowledgements, in the order they came.
    assert.deepEqual(task.committed.map(([r, m]) => [r.sourceOffset?.['position'], m?.offset]), [[3, 0], [1, 0], [2, 1]]);
    worker.stop();
    await done;
    assert.equal(statuses.tasks.at(-1)?.state, State.UNASSIGNED);
    assert.ok(producer.closed);
  });

  it('on stop, waits for batches in flight and commits them, so a restart repeats nothing', async () => {
    const worker = workerTask();
    const done = worker.run();
    task.push([record(7)]);
    await until(() => producer.sent.length === 1, 'batch sent');
    worker.stop();
    setTimeout(() => producer.sent[0]!.ack(), 100);
    await done;
    assert.deepEqual(FileOffsetBackingStore.open(store.file).offset('c', { filename: 'a' }), { position: 7 });
  });

  it('gives up on batches still unacknowledged after offset.flush.timeout.ms, leaving their offsets uncommitted', async () => {
    const worker = workerTask('none', 50);
    const done = worker.run();
    task.push([record(7)]);
    await until(() => producer.sent.length === 1, 'batch sent');
    worker.stop();
    await done;
    assert.equal(store.offset('c', { filename: 'a' }), null);
  });

  it('fails the task when the broker refuses a batch and errors.tolerance=none; what was acknowledged stays committed', async () => {
    const worker = workerTask('none');
    const done = worker.run();
    task.push([record(1)]);
    await until(() => producer.sent.length === 1, 'first batch sent');
    producer.sent[0]!.ack();
    task.push([record(2)]);
    await until(() => producer.sent.length === 2, 'second batch sent');
    producer.sent[1]!.fail(new Error('broker said no'));
    await done;
    const last = statuses.tasks.at(-1)!;
    assert.equal(last.state, State.FAILED);
    assert.match(last.trace ?? '', /broker said no/);
    assert.deepEqual(store.offset('c', { filename: 'a' }), { position: 1 });
  });

  it('skips a refused batch with errors.tolerance=all and keeps running', async () => {
    const worker = workerTask('all');
    const done = worker.run();
    task.push([record(1)]);
    await until(() => producer.sent.length === 1, 'batch sent');
    producer.sent[0]!.fail(new Error('broker said no'));
    task.push([record(2)]);
    await until(() => producer.sent.length === 2, 'next batch sent');
    producer.sent[1]!.ack();
    await until(() => store.offset('c', { filename: 'a' })?.['position'] === 2, 'offset 2 committed');
    worker.stop();
    await done;
    assert.equal(statuses.tasks.at(-1)?.state, State.UNASSIGNED);
  });
});
