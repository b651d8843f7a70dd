import { setTimeout as sleep } from 'node:timers/promises';
import { WakeupError } from '../../client/consumer/index.js';
import type { Consumer, ConsumerRecord, RebalanceListener } from '../../client/consumer/index.js';
import type { Converter } from '../api/converter.js';
import type { ErrantRecordReporter } from '../api/errant-record-reporter.js';
import { ConnectException } from '../api/errors.js';
import type { HeaderConverter } from '../api/header-converter.js';
import { ConnectHeaders } from '../api/headers.js';
import { SinkRecord } from '../api/sink-record.js';
import type { SinkTask } from '../api/sink-task.js';
import type { SinkTaskContext } from '../api/sink-task-context.js';
import { TopicPartitionOffsets, formatTopicPartition } from '../api/topic-partition.js';
import type { TopicPartition } from '../api/topic-partition.js';
import { ErrorHandler, Stage } from './error-handling.js';
import type { ErrorContext } from './error-handling.js';
import type { TransformationChain } from './transformation-chain.js';
import { WorkerTask } from './worker-task.js';
import type { WorkerTaskOptions } from './worker-task.js';

/**
 * Kafka's `WorkerSinkTask`: runs one `SinkTask` in consumer group `connect-<connector>`. The loop polls the
 * consumer, converts and transforms each record, and calls `put`. Every `offset.flush.interval.ms` (or sooner on
 * `context.requestCommit()`) it asks `preCommit` (by default `flush`) which offsets are safe and commits those to
 * the group only after it resolved, so a record is never marked consumed before the sink made it durable:
 * at-least-once. Rebalances flush and commit the revoked partitions before `close`, and `open` the new ones.
 *
 * Errors: a record that fails conversion or transformation goes through `errors.tolerance` (skipped, logged and
 * sent to the dead letter queue with `all`; fatal with `none`); a `RetriableException` from `put` retries the same
 * batch after `context.timeout(ms)`; any other error from `put` fails the task.
 */

export interface WorkerSinkTaskOptions extends WorkerTaskOptions {
  readonly task: SinkTask;
  readonly taskConfig: Readonly<Record<string, string>>;
  readonly keyConverter: Converter;
  readonly valueConverter: Converter;
  readonly headerConverter: HeaderConverter;
  readonly transformations: TransformationChain<SinkRecord>;
  readonly errorHandler: ErrorHandler;
  readonly consumer: Consumer;
  readonly topics: readonly string[] | RegExp;
  readonly offsetCommitIntervalMs: number;
}

/** Upper bound of one poll, so stop requests and commit deadlines are noticed promptly. */
const MAX_POLL_MS = 1000;

export class WorkerSinkTask extends WorkerTask {
  readonly #options: WorkerSinkTaskOptions;
  readonly #task: SinkTask;
  readonly #consumer: Consumer;
  readonly #errors: ErrorHandler;
  /** The next offset per partition, past every record handed to `put` (or skipped). */
  readonly #currentOffsets = new TopicPartitionOffsets();
  readonly #lastCommitted = new TopicPartitionOffsets();
  readonly #seeks = new TopicPartitionOffsets();
  #started = false;
  #listenerActive = true;
  #commitRequested = false;
  #retryTimeoutMs = 0;
  #nextCommit = 0;
  readonly #keyContext: ErrorContext;
  readonly #valueContext: ErrorContext;
  readonly #headerContext: ErrorContext;
  readonly #transformContext: ErrorContext;

  constructor(options: WorkerSinkTaskOptions) {
    super(options);
    this.#options = options;
    this.#task = options.task;
    this.#consumer = options.consumer;
    this.#errors = options.errorHandler;
    this.#keyContext = { stage: Stage.KEY_CONVERTER, executingClass: options.keyConverter.constructor.name };
    this.#valueContext = { stage: Stage.VALUE_CONVERTER, executingClass: options.valueConverter.constructor.name };
    this.#headerContext = { stage: Stage.HEADER_CONVERTER, executingClass: options.headerConverter.constructor.name };
    this.#transformContext = { stage: Stage.TRANSFORMATION, executingClass: options.transformations.describe() };
  }

  override describe(): string {
    return `WorkerSinkTask{id=${this.id.connector}-${this.id.task}}`;
  }

  protected async execute(): Promise<void> {
    this.#task.initialize(this.#context());
    await this.#task.start(this.#options.taskConfig);
    this.#started = true;
    this.logger.info(`${this.describe()} Sink task finished initialization and start`);
    this.#consumer.subscribe(this.#options.topics, this.#listener());
    this.running();
    this.#nextCommit = Date.now() + this.#options.offsetCommitIntervalMs;
    while (!this.isStopping) {
      if (this.#commitRequested || Date.now() >= this.#nextCommit) await this.#commit();
      this.#applySeeks();
      let records: ConsumerRecord[];
      try {
        records = await this.#consumer.poll(Math.max(0, Math.min(MAX_POLL_MS, this.#nextCommit - Date.now())));
      } catch (err) {
        if (err instanceof WakeupError) continue;
        throw err;
      }
      if (records.length > 0) await this.#deliver(this.#convert(records), records);
    }
  }

  protected onStop(): void {
    this.#consumer.wakeup();
  }

  protected async close(): Promise<void> {
    if (this.#started) {
      const assigned = this.#consumer.assignment();
      try {
        await this.#commit();
      } catch (err) {
        this.logger.error({ err }, `${this.describe()} Final offset commit failed`);
      }
      try {
        await this.#task.close(assigned);
      } catch (err) {
        this.logger.error({ err }, `${this.describe()} close() of its partitions failed`);
      }
      try {
        await this.#task.stop();
      } catch (err) {
        this.logger.error({ err }, `${this.describe()} stop() failed`);
      }
    }
    // Partitions were committed and closed above; the consumer's own revocation on close must not repeat it.
    this.#listenerActive = false;
    try {
      await this.#consumer.close();
    } catch (err) {
      this.logger.warn({ err }, `${this.describe()} consumer did not close cleanly`);
    }
    this.#options.transformations.close();
  }

  /** Converts and transforms consumed records; failures go through the error policy. */
  #convert(records: readonly ConsumerRecord[]): SinkRecord[] {
    const { keyConverter, valueConverter, transformations } = this.#options;
    const transform = !transformations.isEmpty;
    const result: SinkRecord[] = [];
    for (const consumed of records) {
      const topic = consumed.topic;
      let headers: ConnectHeaders | undefined;
      if (consumed.headers.length > 0) {
        try {
          headers = this.#convertHeaders(consumed);
        } catch (err) {
          this.#errors.failed(this.#withRecord(this.#headerContext, consumed), err);
          continue;
        }
      }
      let key;
      let value;
      try {
        key = keyConverter.toConnectData(topic, consumed.key, headers);
      } catch (err) {
        this.#errors.failed(this.#withRecord(this.#keyContext, consumed), err);
        continue;
      }
      try {
        value = valueConverter.toConnectData(topic, consumed.value, headers);
      } catch (err) {
        this.#errors.failed(this.#withRecord(this.#valueContext, consumed), err);
        continue;
      }
      let record: SinkRecord | null = new SinkRecord({
        topic,
        kafkaPartition: consumed.partition,
        kafkaOffset: consumed.offset,
        keySchema: key.schema,
        key: key.value,
        valueSchema: value.schema,
        value: value.value,
        timestamp: consumed.timestamp,
        timestampType: consumed.timestampType,
        headers,
      });
      if (transform) {
        try {
          record = transformations.apply(record);
        } catch (err) {
          this.#errors.failed(this.#withRecord(this.#transformContext, consumed), err);
          continue;
        }
        if (record === null) continue;
      }
      result.push(record);
    }
    return result;
  }

  /** `put`s one batch (retrying a retriable failure), then advances the offsets past every consumed record. */
  async #deliver(records: SinkRecord[], consumed: readonly ConsumerRecord[]): Promise<void> {
    if (records.length > 0) {
      for (;;) {
        try {
          await this.#task.put(records);
          break;
        } catch (err) {
          if (!isRetriable(err) || this.isStopping) throw err;
          this.logger.warn({ err }, `${this.describe()} RetriableException from put(); retrying the same ${records.length} records in ${this.#retryTimeoutMs} ms`);
          await sleep(this.#retryTimeoutMs, undefined, { signal: this.stopSignal }).catch(() => undefined);
          if (this.isStopping) throw new ConnectException('stopped while retrying put()', { cause: err });
        }
      }
    }
    for (const record of consumed) this.#currentOffsets.set(record, record.offset + 1);
  }

  /** preCommit (flush) then commit what it returned, for the assigned partitions whose offset moved. */
  async #commit(only?: readonly TopicPartition[]): Promise<void> {
    this.#commitRequested = false;
    this.#nextCommit = Date.now() + this.#options.offsetCommitIntervalMs;
    if (this.#currentOffsets.size === 0) return;
    await this.#errors.awaitReports();
    const current = new TopicPartitionOffsets(this.#currentOffsets);
    let committable: TopicPartitionOffsets;
    try {
      committable = await this.#task.preCommit(current);
    } catch (err) {
      this.logger.error({ err }, `${this.describe()} preCommit()/flush() failed; offsets are not committed this time`);
      return;
    }
    const offsets = [];
    for (const [tp, offset] of committable) {
      if (only !== undefined && !only.some((o) => o.topic === tp.topic && o.partition === tp.partition)) continue;
      if (!this.#currentOffsets.has(tp) || this.#lastCommitted.get(tp) === offset) continue;
      offsets.push({ topic: tp.topic, partition: tp.partition, offset });
    }
    if (offsets.length === 0) return;
    try {
      await this.#consumer.commitSync(offsets);
    } catch (err) {
      this.logger.error({ err }, `${this.describe()} Offset commit failed; the records since the last commit may be delivered again`);
      return;
    }
    for (const o of offsets) this.#lastCommitted.set(o, o.offset);
    this.logger.debug(`${this.describe()} Committed offsets ${offsets.map((o) => `${formatTopicPartition(o)}@${o.offset}`).join(', ')}`);
  }

  #listener(): RebalanceListener {
    return {
      onPartitionsAssigned: async (partitions) => {
        if (!this.#listenerActive) return;
        this.logger.info(`${this.describe()} Partitions assigned: ${partitions.map(formatTopicPartition).join(', ') || '(none)'}`);
        await this.#task.open(partitions);
      },
      onPartitionsRevoked: async (partitions) => {
        if (!this.#listenerActive || partitions.length === 0) return;
        this.logger.info(`${this.describe()} Partitions revoked: ${partitions.map(formatTopicPartition).join(', ')}`);
        try {
          await this.#commit(partitions);
        } catch (err) {
          this.logger.error({ err }, `${this.describe()} Commit of revoked partitions failed`);
        }
        await this.#task.close(partitions);
        this.#forget(partitions);
      },
      onPartitionsLost: async (partitions) => {
        if (!this.#listenerActive || partitions.length === 0) return;
        this.logger.warn(`${this.describe()} Partitions lost (another member may own them now): ${partitions.map(formatTopicPartition).join(', ')}`);
        await this.#task.close(partitions);
        this.#forget(partitions);
      },
    };
  }

  #forget(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) {
      this.#currentOffsets.delete(tp);
      this.#lastCommitted.delete(tp);
      this.#seeks.delete(tp);
    }
  }

  #applySeeks(): void {
    if (this.#seeks.size === 0) return;
    for (const [tp, offset] of this.#seeks) {
      try {
        this.#consumer.seek(tp, offset);
        this.#currentOffsets.set(tp, offset);
      } catch (err) {
        this.logger.warn({ err }, `${this.describe()} Cannot rewind ${formatTopicPartition(tp)} to ${offset}`);
      }
    }
    this.#seeks.clear();
  }

  #context(): SinkTaskContext {
    const reporter: ErrantRecordReporter = {
      report: async (record, error) => {
        const context: ErrorContext = { stage: Stage.TASK_PUT, executingClass: this.#task.constructor.name, describeRecord: () => record.toString() };
        this.#errors.failed(this.#withReconverted(context, record), error);
        await this.#errors.awaitReports();
      },
    };
    return {
      configs: () => this.#options.taskConfig,
      offset: (tp, offset) => {
        this.#seeks.set(tp, offset);
      },
      offsets: (offsets) => {
        for (const [tp, offset] of offsets) this.#seeks.set(tp, offset);
      },
      timeout: (ms) => {
        this.#retryTimeoutMs = Math.max(0, ms);
      },
      assignment: () => this.#consumer.assignment(),
      pause: (...partitions) => this.#consumer.pause(partitions),
      resume: (...partitions) => this.#consumer.resume(partitions),
      requestCommit: () => {
        this.#commitRequested = true;
      },
      errantRecordReporter: () => reporter,
    };
  }

  #convertHeaders(consumed: ConsumerRecord): ConnectHeaders {
    const converter = this.#options.headerConverter;
    const headers = new ConnectHeaders();
    for (const header of consumed.headers) {
      const converted = converter.toConnectHeader(consumed.topic, header.key, header.value);
      headers.add(header.key, converted.value, converted.schema);
    }
    return headers;
  }

  /**
   * An errant record reported by the task, with its bytes rebuilt by the converters (the consumed bytes are gone
   * by then) so the dead letter queue receives it as Kafka's reporter would send it.
   */
  #withReconverted(context: ErrorContext, record: SinkRecord): ErrorContext {
    try {
      const { keyConverter, valueConverter } = this.#options;
      const topic = record.originalTopic;
      return {
        ...context,
        consumed: {
          topic,
          partition: record.originalKafkaPartition,
          offset: record.originalKafkaOffset,
          key: keyConverter.fromConnectData(topic, record.keySchema, record.key),
          value: valueConverter.fromConnectData(topic, record.valueSchema, record.value),
          headers: [],
        },
      };
    } catch (err) {
      this.logger.warn({ err }, `${this.describe()} Cannot convert a reported record back to bytes; it is logged but not sent to the dead letter queue`);
      return context;
    }
  }

  /** The stage's context plus the consumed record, built only on failure. */
  #withRecord(context: ErrorContext, consumed: ConsumerRecord): ErrorContext {
    return {
      ...context,
      consumed: {
        topic: consumed.topic,
        partition: consumed.partition,
        offset: consumed.offset,
        key: consumed.key,
        value: consumed.value,
        headers: consumed.headers,
      },
      describeRecord: () => `${formatTopicPartition(consumed)}@${consumed.offset}`,
    };
  }
}

/** The SDK's `retriable` flag, read structurally: a plugin may carry its own copy of the SDK classes. */
function isRetriable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === true;
}
