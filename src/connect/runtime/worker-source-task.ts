import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import PQueue from 'p-queue';
import { isEncodable } from '../../client/index.js';
import type { Producer, ProducerHeader, ProducerRecord, RecordBytes, RecordValue } from '../../client/index.js';
import type { Converter } from '../api/converter.js';
import type { ConnectHeaders } from '../api/headers.js';
import type { Schema } from '../api/schema/schema.js';
import type { HeaderConverter } from '../api/header-converter.js';
import type { RecordMetadata } from '../api/record-metadata.js';
import type { SourceRecord } from '../api/source-record.js';
import { SourceTask } from '../api/source-task.js';
import type { SourceTaskContext } from '../api/source-task-context.js';
import { ErrorHandler, Stage } from './error-handling.js';
import type { ErrorContext } from './error-handling.js';
import type { FileOffsetBackingStore } from './file-offset-backing-store.js';
import { offsetStorageReader } from './offset-storage-reader.js';
import { SubmittedRecords } from './submitted-records.js';
import type { SubmittedBatch } from './submitted-records.js';
import type { TransformationChain } from './transformation-chain.js';
import { WorkerTask } from './worker-task.js';
import type { WorkerTaskOptions } from './worker-task.js';

/**
 * Kafka's `WorkerSourceTask`: runs one `SourceTask`. The loop polls the task, transforms and converts each record,
 * and hands the batch to the producer. Back-pressure: at most `maxBatchesInFlight` polled batches are waiting for
 * the broker's acknowledgement (a p-queue with that concurrency), holding at most about `maxBytesInFlight` of
 * converted data; the next poll waits for room, so a fast source never outruns the broker by more than that.
 *
 * Offsets: each batch is registered with `SubmittedRecords` before it is sent and acknowledged once the producer
 * reports every record of it written; every `offset.flush.interval.ms`, and once more on stop after waiting up to
 * `offset.flush.timeout.ms` for outstanding batches, the acknowledged offsets go to the offset store and then
 * `task.commit()` runs. A crash therefore repeats at most what was sent since the last flush; a clean stop
 * repeats nothing.
 */

export interface WorkerSourceTaskOptions extends WorkerTaskOptions {
  readonly task: SourceTask;
  readonly taskConfig: Readonly<Record<string, string>>;
  readonly keyConverter: Converter;
  readonly valueConverter: Converter;
  readonly headerConverter: HeaderConverter;
  readonly transformations: TransformationChain<SourceRecord>;
  readonly errorHandler: ErrorHandler;
  readonly producer: Producer;
  readonly offsetStore: FileOffsetBackingStore;
  readonly offsetFlushIntervalMs: number;
  readonly offsetFlushTimeoutMs: number;
  /** @default 128 */
  readonly maxBatchesInFlight?: number;
  /** Converted key and value bytes (strings counted by length) in flight before the next poll waits. @default 1 MiB */
  readonly maxBytesInFlight?: number;
}

/**
 * A converter that can give the producer something cheaper than a Buffer per record: text written into the batch
 * as UTF-8 (the built-in JSON and String converters), or a value that encodes itself into the batch (the JSON
 * converter's strings). Checked structurally, as plugins bring their own.
 */
interface DirectConverter extends Converter {
  fromConnectDataEncodable?(topic: string, schema: Schema | null, value: unknown, headers?: ConnectHeaders): RecordValue;
  fromConnectDataText?(topic: string, schema: Schema | null, value: unknown, headers?: ConnectHeaders): RecordBytes;
}

type ConvertFn<T> = (topic: string, schema: Schema | null, value: unknown, headers?: ConnectHeaders) => T;

/** Keys are partitioned by their bytes, so they are never encodable values. */
function keyConverterFn(converter: Converter): ConvertFn<RecordBytes> {
  return directFn(converter, 'fromConnectDataText') ?? converter.fromConnectData.bind(converter);
}

function valueConverterFn(converter: Converter): ConvertFn<RecordValue> {
  return directFn(converter, 'fromConnectDataEncodable') ?? directFn(converter, 'fromConnectDataText') ?? converter.fromConnectData.bind(converter);
}

function directFn<K extends keyof DirectConverter>(converter: Converter, name: K): NonNullable<DirectConverter[K]> | null {
  const direct = (converter as DirectConverter)[name];
  // A subclass overriding only fromConnectData must still be called through it.
  if (typeof direct !== 'function' || definedBy(converter, name) !== definedBy(converter, 'fromConnectData')) return null;
  return direct.bind(converter) as NonNullable<DirectConverter[K]>;
}

/** What a converted key or value counts against `maxBytesInFlight`: its length, an encodable one's least. */
function inFlightLength(value: RecordValue): number {
  if (value === null) return 0;
  return isEncodable(value) ? value.minByteLength : value.length;
}

/** The object on `target`'s prototype chain that holds `name` itself. */
function definedBy(target: object, name: string): object | null {
  for (let at: object | null = target; at !== null; at = Object.getPrototypeOf(at) as object | null) {
    if (Object.hasOwn(at, name)) return at;
  }
  return null;
}

/**
 * What may await the broker's acknowledgement before the next poll waits. Records are appended to the producer's
 * batches as soon as they are converted, so what waits is batch bytes, not records, and the bound that matters is
 * the bytes one: enough for the producer to fill a large batch while the previous one is in flight (a window
 * smaller than `producer.batch.size` leaves every batch waiting out `linger.ms`), little enough to keep memory flat.
 * The batch count only caps bookkeeping when polls are tiny.
 */
const DEFAULT_MAX_BATCHES_IN_FLIGHT = 128;
/**
 * Converted key and value bytes (strings counted by length). 1 MiB measured faster than 2 MiB with Kafka's 16 KB
 * batches, and ~40 MB lighter at peak.
 */
const DEFAULT_MAX_BYTES_IN_FLIGHT = 1024 * 1024;

export class WorkerSourceTask extends WorkerTask {
  readonly #options: WorkerSourceTaskOptions;
  readonly #task: SourceTask;
  readonly #submitted = new SubmittedRecords();
  readonly #inFlight: PQueue;
  readonly #maxBytesInFlight: number;
  #bytesInFlight = 0;
  #bytesReleased: (() => void) | null = null;
  readonly #errors: ErrorHandler;
  #started = false;
  #fatal: unknown = null;
  #commitChain: Promise<void> = Promise.resolve();
  #queuedCommit: Promise<void> | null = null;
  #flushTimer: NodeJS.Timeout | null = null;
  readonly #keyContext: ErrorContext;
  readonly #valueContext: ErrorContext;
  readonly #headerContext: ErrorContext;
  readonly #transformContext: ErrorContext;
  /** Whether the task overrides `commitRecord`: only then are per-record metadata and calls worth their cost. */
  readonly #commitsRecords: boolean;
  readonly #convertKey: ConvertFn<RecordBytes>;
  readonly #convertValue: ConvertFn<RecordValue>;

  constructor(options: WorkerSourceTaskOptions) {
    super(options);
    this.#options = options;
    this.#task = options.task;
    this.#errors = options.errorHandler;
    this.#inFlight = new PQueue({ concurrency: options.maxBatchesInFlight ?? DEFAULT_MAX_BATCHES_IN_FLIGHT });
    this.#maxBytesInFlight = options.maxBytesInFlight ?? DEFAULT_MAX_BYTES_IN_FLIGHT;
    this.#keyContext = { stage: Stage.KEY_CONVERTER, executingClass: options.keyConverter.constructor.name };
    this.#valueContext = { stage: Stage.VALUE_CONVERTER, executingClass: options.valueConverter.constructor.name };
    this.#headerContext = { stage: Stage.HEADER_CONVERTER, executingClass: options.headerConverter.constructor.name };
    this.#transformContext = { stage: Stage.TRANSFORMATION, executingClass: options.transformations.describe() };
    this.#commitsRecords = options.task.commitRecord !== SourceTask.prototype.commitRecord;
    this.#convertKey = keyConverterFn(options.keyConverter);
    this.#convertValue = valueConverterFn(options.valueConverter);
  }

  override describe(): string {
    return `WorkerSourceTask{id=${this.id.connector}-${this.id.task}}`;
  }

  protected async execute(): Promise<void> {
    const reader = offsetStorageReader(this.#options.offsetStore, this.id.connector);
    const context: SourceTaskContext = { configs: () => this.#options.taskConfig, offsetStorageReader: reader };
    this.#task.initialize(context);
    await this.#task.start(this.#options.taskConfig);
    this.#started = true;
    this.logger.info(`${this.describe()} Source task finished initialization and start`);
    this.running();
    this.#flushTimer = setInterval(() => void this.#commitOffsets(), this.#options.offsetFlushIntervalMs);
    while (!this.isStopping) {
      const polled = await this.#poll();
      if (this.#fatal !== null) throw this.#fatal;
      if (polled === null || polled.length === 0) {
        // A task answering "nothing" at once must not starve timers and I/O.
        await yieldToEventLoop();
        continue;
      }
      this.#dispatch(polled);
      await this.#inFlight.onSizeLessThan(1);
      while (this.#bytesInFlight > this.#maxBytesInFlight && this.#fatal === null) {
        await new Promise<void>((resolve) => (this.#bytesReleased = resolve));
      }
      if (this.#fatal !== null) throw this.#fatal;
    }
    if (this.#fatal !== null) throw this.#fatal;
  }

  protected onStop(): void {
    // Wakes a `poll` waiting for data; the loop then sends what it returns and ends.
    if (this.#started) void Promise.resolve(this.#task.stop()).catch((err: unknown) => this.logger.error({ err }, `${this.describe()} stop() failed`));
  }

  protected async close(): Promise<void> {
    if (this.#flushTimer !== null) clearInterval(this.#flushTimer);
    // A clean stop waits for what is in flight so that nothing is sent twice after a restart; a failed task
    // commits only what the broker has acknowledged so far.
    if (this.isStopping && this.#fatal === null) {
      const acked = await this.#submitted.awaitAllAcked(this.#options.offsetFlushTimeoutMs);
      if (!acked) {
        this.logger.warn(`${this.describe()} ${this.#submitted.pendingBatches} batches still unacknowledged after offset.flush.timeout.ms (${this.#options.offsetFlushTimeoutMs} ms); their offsets are not committed`);
      }
    }
    await this.#commitOffsets();
    if (this.#started && !this.isStopping) {
      try {
        await this.#task.stop();
      } catch (err) {
        this.logger.error({ err }, `${this.describe()} stop() failed`);
      }
    }
    this.#inFlight.clear();
    try {
      await this.#options.producer.close();
    } catch (err) {
      this.logger.warn({ err }, `${this.describe()} producer did not close cleanly`);
    }
    this.#options.transformations.close();
  }

  /**
   * Writes acknowledged offsets then calls `task.commit()`. One commit runs at a time; a call made meanwhile
   * queues one more (calls made while that one waits share it), which reads the offsets when it starts, so the
   * final commit on stop always sees the last acknowledgements.
   */
  #commitOffsets(): Promise<void> {
    if (this.#queuedCommit !== null) return this.#queuedCommit;
    const next = this.#commitChain.then(async () => {
      this.#queuedCommit = null;
      await this.#commitOnce();
    });
    this.#queuedCommit = next;
    this.#commitChain = next;
    return next;
  }

  async #commitOnce(): Promise<void> {
    try {
      const offsets = this.#submitted.committableOffsets();
      if (offsets.length > 0) {
        await this.#options.offsetStore.set(this.id.connector, offsets);
        this.logger.debug(`${this.describe()} Committed offsets of ${offsets.length} source partitions`);
      }
      await this.#task.commit();
    } catch (err) {
      this.logger.error({ err }, `${this.describe()} Offset commit failed; the offsets are written with the next flush`);
    }
  }

  /** The task's next records; a `RetriableException` is logged and answered with another poll. */
  async #poll(): Promise<SourceRecord[] | null> {
    try {
      return await this.#task.poll();
    } catch (err) {
      if (isRetriable(err)) {
        this.logger.warn({ err }, `${this.describe()} Retriable exception from poll(); polling again`);
        return null;
      }
      throw err;
    }
  }

  /** Transforms and converts one polled batch, then queues it for the producer. */
  #dispatch(polled: readonly SourceRecord[]): void {
    const batch = this.#submitted.submit(polled);
    const toSend: ProducerRecord[] = [];
    const sent: SourceRecord[] | null = this.#commitsRecords ? [] : null;
    let bytes = 0;
    const { transformations } = this.#options;
    const convertKey = this.#convertKey;
    const convertValue = this.#convertValue;
    const transform = !transformations.isEmpty;
    for (const original of polled) {
      let record: SourceRecord | null = original;
      if (transform) {
        try {
          record = transformations.apply(original);
        } catch (err) {
          this.#errors.failed(this.#transformContext, err);
          record = null;
        }
        if (record === null) {
          this.#commitRecord(original, null);
          continue;
        }
      }
      const topic = record.topic;
      const headers = record.hasHeaders() ? record.headers : undefined;
      let key: RecordBytes;
      let value: RecordValue;
      let producerHeaders: ProducerHeader[] | undefined;
      try {
        key = convertKey(topic, record.keySchema, record.key, headers);
      } catch (err) {
        this.#errors.failed(this.#keyContext, err);
        this.#commitRecord(original, null);
        continue;
      }
      try {
        value = convertValue(topic, record.valueSchema, record.value, headers);
      } catch (err) {
        this.#errors.failed(this.#valueContext, err);
        this.#commitRecord(original, null);
        continue;
      }
      if (headers !== undefined) {
        try {
          producerHeaders = this.#convertHeaders(topic, record);
        } catch (err) {
          this.#errors.failed(this.#headerContext, err);
          this.#commitRecord(original, null);
          continue;
        }
      }
      toSend.push({
        topic,
        partition: record.kafkaPartition ?? undefined,
        key,
        value,
        headers: producerHeaders,
        timestamp: record.timestamp ?? undefined,
      });
      if (sent !== null) sent.push(original);
      bytes += inFlightLength(key) + inFlightLength(value);
    }
    this.#bytesInFlight += bytes;
    // Appended to the producer's batches now, so that only bytes, not these records, wait for the acknowledgement.
    const outcome = this.#send(batch, toSend.length === 0 ? null : this.#produce(toSend, sent !== null), sent);
    void this.#inFlight.add(() => outcome.finally(() => this.#releaseBytes(bytes)));
  }

  #produce(records: readonly ProducerRecord[], withMetadata: boolean): Promise<RecordMetadata[] | null> {
    const { producer } = this.#options;
    return withMetadata ? producer.sendBatch(records) : producer.sendAll(records).then(() => null);
  }

  #releaseBytes(bytes: number): void {
    this.#bytesInFlight -= bytes;
    const wake = this.#bytesReleased;
    this.#bytesReleased = null;
    wake?.();
  }

  async #send(batch: SubmittedBatch, produced: Promise<RecordMetadata[] | null> | null, sources: SourceRecord[] | null): Promise<void> {
    if (produced === null) {
      batch.ack();
      return;
    }
    let metadata: RecordMetadata[] | null;
    try {
      metadata = await produced;
    } catch (err) {
      try {
        this.#errors.failed({ stage: Stage.KAFKA_PRODUCE, executingClass: 'Producer' }, err);
      } catch (fatal) {
        this.#fail(fatal);
        return;
      }
      // Tolerated: wait until the rest of the batch has an outcome, then move past it.
      await this.#options.producer.flush().catch(() => undefined);
      batch.ack();
      return;
    }
    batch.ack();
    if (sources === null || metadata === null) return;
    for (let i = 0; i < sources.length; i++) this.#commitRecord(sources[i]!, metadata[i]!);
  }

  #commitRecord(record: SourceRecord, metadata: RecordMetadata | null): void {
    if (!this.#commitsRecords) return;
    try {
      const result = this.#task.commitRecord(record, metadata);
      if (result instanceof Promise) result.catch((err: unknown) => this.logger.error({ err }, `${this.describe()} commitRecord() failed`));
    } catch (err) {
      this.logger.error({ err }, `${this.describe()} commitRecord() failed`);
    }
  }

  #convertHeaders(topic: string, record: SourceRecord): ProducerHeader[] {
    const converter = this.#options.headerConverter;
    const result: ProducerHeader[] = [];
    for (const header of record.headers) {
      result.push({ key: header.key, value: converter.fromConnectHeader(topic, header.key, header.schema, header.value) });
    }
    return result;
  }

  /** A failure outside the loop (a refused batch): recorded, and the task stopped so a waiting poll returns. */
  #fail(error: unknown): void {
    if (this.#fatal !== null) return;
    this.#fatal = error;
    this.#releaseBytes(0);
    this.stop();
  }
}

/** The SDK's `retriable` flag, read structurally: a plugin may carry its own copy of the SDK classes. */
function isRetriable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === true;
}
