import assert from 'node:assert/strict';
import type { Consumer, ConsumerRecord, RebalanceListener, TopicPartitionOffset } from '../../../../src/client/consumer/index.js';
import { WakeupError } from '../../../../src/client/consumer/index.js';
import type { Logger } from '../../../../src/common/logger.js';
import { RetriableException, SinkTask } from '../../../../src/connect/api/index.js';
import type { SinkRecord, TopicPartition, TopicPartitionOffsets } from '../../../../src/connect/api/index.js';
import { JsonConverter, StringConverter } from '../../../../src/connect/converters/index.js';
import { State } from '../../../../src/connect/runtime/connector-status.js';
import type { ConnectorTaskId, Status, StatusListener } from '../../../../src/connect/runtime/connector-status.js';
import { ErrorHandler } from '../../../../src/connect/runtime/error-handling.js';
import type { ErrorContext, ErrorReporter } from '../../../../src/connect/runtime/error-handling.js';
import { Plugins } from '../../../../src/connect/runtime/plugins.js';
import { TransformationChain } from '../../../../src/connect/runtime/transformation-chain.js';
import { WorkerSinkTask } from '../../../../src/connect/runtime/worker-sink-task.js';

const SILENT: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => SILENT };
const TP = { topic: 't', partition: 0 };

function consumed(offset: number, value: string): ConsumerRecord {
  return { ...TP, offset, timestamp: 0, timestampType: 'CreateTime', key: null, value: Buffer.from(value), headers: [], leaderEpoch: null };
}

/** A consumer fed by the test: assigns t-0 on the first poll, then returns the queued batches. */
class FakeConsumer {
  readonly batches: ConsumerRecord[][] = [];
  readonly commits: TopicPartitionOffset[][] = [];
  readonly events: string[] = [];
  #listener: RebalanceListener | null = null;
  #assigned = false;
  #wake: (() => void) | null = null;
  #wakeup = false;

  subscribe(_topics: readonly string[] | RegExp, listener?: RebalanceListener): void {
    this.#listener = listener ?? null;
  }

  async poll(timeoutMs: number): Promise<ConsumerRecord[]> {
    if (!this.#assigned) {
      this.#assigned = true;
      await this.#listener?.onPartitionsAssigned?.([TP]);
    }
    if (this.batches.length === 0 && !this.#wakeup) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        setTimeout(resolve, timeoutMs);
      });
    }
    if (this.#wakeup) {
      this.#wakeup = false;
      throw new WakeupError();
    }
    return this.batches.shift() ?? [];
  }

  push(batch: ConsumerRecord[]): void {
    this.batches.push(batch);
    this.#wake?.();
  }

  async commitSync(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    this.events.push(`commit ${offsets.map((o) => o.offset).join(',')}`);
    this.commits.push([...offsets]);
  }

  assignment(): TopicPartition[] {
    return this.#assigned ? [TP] : [];
  }

  wakeup(): void {
    this.#wakeup = true;
    this.#wake?.();
  }

  pause(): void {}
  resume(): void {}
  seek(): void {}

  async close(): Promise<void> {
    this.events.push('close');
  }
}

class RecordingTask extends SinkTask {
  readonly put_: string[] = [];
  flushGate: Promise<void> = Promise.resolve();
  failPutTimes = 0;
  readonly events: string[];

  constructor(events: string[]) {
    super();
    this.events = events;
  }

  version(): string {
    return 'test';
  }

  start(): void {}

  async put(records: SinkRecord[]): Promise<void> {
    if (this.failPutTimes > 0) {
      this.failPutTimes--;
      throw new RetriableException('target busy');
    }
    for (const record of records) {
      if (record.value === 'reject me') await this.context.errantRecordReporter()!.report(record, new Error('target refused it'));
      else this.put_.push(String(record.value));
    }
  }

  override async flush(_offsets: TopicPartitionOffsets): Promise<void> {
    this.events.push('flush start');
    await this.flushGate;
    this.events.push('flush done');
  }

  stop(): void {}
}

class Statuses implements StatusListener {
  readonly tasks: Status[] = [];
  onConnectorStatus(): void {}
  onTaskStatus(_id: ConnectorTaskId, status: Status): void {
    this.tasks.push(status);
  }
}

class CollectingReporter implements ErrorReporter {
  readonly reports: ErrorContext[] = [];
  async report(context: ErrorContext): Promise<void> {
    this.reports.push(context);
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('WorkerSinkTask', () => {
  let consumer: FakeConsumer;
  let task: RecordingTask;
  let statuses: Statuses;

  beforeEach(() => {
    consumer = new FakeConsumer();
    task = new RecordingTask(consumer.events);
    statuses = new Statuses();
  });

  function workerTask(options: { json?: boolean; tolerance?: 'none' | 'all'; reporter?: ErrorReporter; intervalMs?: number } = {}): WorkerSinkTask {
    const value = options.json === true ? new JsonConverter() : new StringConverter();
    value.configure(options.json === true ? { 'schemas.enable': 'false' } : {}, false);
    const key = new StringConverter();
    key.configure({}, true);
    return new WorkerSinkTask({
      id: { connector: 'c', task: 0 },
      workerId: 'w:1',
      statusListener: statuses,
      logger: SILENT,
      task,
      taskConfig: {},
      keyConverter: key,
      valueConverter: value,
      headerConverter: key,
      transformations: TransformationChain.build(new Map(), Plugins.fromManifests([])),
      errorHandler: new ErrorHandler(
        { tolerance: options.tolerance ?? 'none', logEnable: false, logIncludeMessages: false, taskId: 'c-0' },
        SILENT,
        options.reporter === undefined ? [] : [options.reporter],
      ),
      consumer: consumer as unknown as Consumer,
      topics: ['t'],
      offsetCommitIntervalMs: options.intervalMs ?? 20,
    });
  }

  it('commits the offset past the records put only after flush resolved (at-least-once)', async () => {
    let open!: () => void;
    task.flushGate = new Promise<void>((resolve) => (open = resolve));
    const worker = workerTask();
    const done = worker.run();
    consumer.push([consumed(0, 'a'), consumed(1, 'b')]);
    await until(() => task.put_.length === 2, 'records put');
    await until(() => consumer.events.includes('flush start'), 'flush started');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(consumer.commits, [], 'nothing committed while flush is pending');
    open();
    await until(() => consumer.commits.length === 1, 'commit after flush');
    assert.deepEqual(consumer.commits[0], [{ topic: 't', partition: 0, offset: 2 }]);
    const flushDone = consumer.events.indexOf('flush done');
    assert.ok(flushDone >= 0 && flushDone < consumer.events.indexOf('commit 2'));
    worker.stop();
    await done;
    assert.deepEqual(task.put_, ['a', 'b']);
    assert.equal(consumer.events.at(-1), 'close');
    assert.equal(consumer.commits.length, 1, 'an unchanged offset is not committed again');
  });

  it('commits what was put when stopped, before closing the consumer', async () => {
    const worker = workerTask({ intervalMs: 60_000 });
    const done = worker.run();
    consumer.push([consumed(5, 'x')]);
    await until(() => task.put_.length === 1, 'record put');
    worker.stop();
    await done;
    assert.deepEqual(consumer.commits, [[{ topic: 't', partition: 0, offset: 6 }]]);
    assert.ok(consumer.events.indexOf('commit 6') < consumer.events.indexOf('close'));
  });

  it('skips a record its converter rejects with errors.tolerance=all, reports it, and moves past it', async () => {
    const reporter = new CollectingReporter();
    const worker = workerTask({ json: true, tolerance: 'all', reporter });
    const done = worker.run();
    consumer.push([consumed(0, '"ok"'), consumed(1, '{not json'), consumed(2, '"fine"')]);
    await until(() => consumer.commits.length > 0, 'commit');
    assert.deepEqual(task.put_, ['ok', 'fine']);
    assert.equal(reporter.reports.length, 1);
    assert.equal(reporter.reports[0]!.stage, 'VALUE_CONVERTER');
    assert.equal(reporter.reports[0]!.consumed?.offset, 1);
    assert.deepEqual(consumer.commits.at(-1), [{ topic: 't', partition: 0, offset: 3 }]);
    worker.stop();
    await done;
    assert.equal(statuses.tasks.at(-1)?.state, State.UNASSIGNED);
  });

  it('fails the task on a bad record with errors.tolerance=none, committing nothing past it', async () => {
    const worker = workerTask({ json: true });
    const done = worker.run();
    consumer.push([consumed(0, '{not json')]);
    await done;
    const last = statuses.tasks.at(-1)!;
    assert.equal(last.state, State.FAILED);
    assert.match(last.trace ?? '', /Tolerance exceeded in error handler: VALUE_CONVERTER/);
    assert.deepEqual(consumer.commits, []);
  });

  it('sends a record the task reports as errant to the reporters, as bytes, with errors.tolerance=all', async () => {
    const reporter = new CollectingReporter();
    const worker = workerTask({ tolerance: 'all', reporter });
    const done = worker.run();
    consumer.push([consumed(0, 'a'), consumed(1, 'reject me'), consumed(2, 'b')]);
    await until(() => consumer.commits.length > 0, 'commit');
    assert.deepEqual(task.put_, ['a', 'b']);
    assert.equal(reporter.reports.length, 1);
    assert.equal(reporter.reports[0]!.stage, 'TASK_PUT');
    assert.equal(reporter.reports[0]!.consumed?.offset, 1);
    assert.equal(reporter.reports[0]!.consumed?.value?.toString(), 'reject me');
    worker.stop();
    await done;
  });

  it('fails the task when it reports an errant record and errors.tolerance=none', async () => {
    const worker = workerTask();
    const done = worker.run();
    consumer.push([consumed(0, 'reject me')]);
    await done;
    assert.equal(statuses.tasks.at(-1)?.state, State.FAILED);
    assert.match(statuses.tasks.at(-1)?.trace ?? '', /TASK_PUT/);
  });

  it('calls put again with the same records after a RetriableException', async () => {
    task.failPutTimes = 2;
    const worker = workerTask();
    const done = worker.run();
    consumer.push([consumed(0, 'a')]);
    await until(() => task.put_.length === 1, 'record put after retries');
    assert.equal(task.failPutTimes, 0);
    worker.stop();
    await done;
    assert.deepEqual(task.put_, ['a']);
  });
});
