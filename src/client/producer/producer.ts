import { codecForName } from '../../protocol/compression/index.js';
import { KafkaError } from '../../protocol/error-codes.js';
import { HEADER_SIZE } from '../../protocol/record-batch.js';
import { Cluster } from '../cluster.js';
import type { ClusterMetadata, TopicMetadata } from '../cluster-metadata.js';
import { ClientClosedError } from '../errors.js';
import { isRetriableError, sleep } from '../with-retries.js';
import { FifoQueue } from './fifo-queue.js';
import { DefaultPartitioner } from './partitioner.js';
import { DELTA_SLACK, ProducerBatch, encodeToBuffer, isEncodable } from './producer-batch.js';
import type { ProducerHeader, RecordBytes, RecordCompletion, RecordValue } from './producer-batch.js';
import { resolveProducerConfig } from './producer-config.js';
import type { ProducerConfig, ProducerOptions } from './producer-config.js';
import { InvalidPartitionError, ProducerTimeoutError, RecordTooLargeError } from './producer-errors.js';
import { AppendResult, RecordAccumulator } from './record-accumulator.js';
import { BatchCompletion, SingleRecordCompletion } from './record-completions.js';
import type { RecordMetadata } from './record-completions.js';
import { Sender } from './sender.js';

export interface ProducerRecord {
  readonly topic: string;
  /** Chosen by the partitioner when omitted. */
  readonly partition?: number;
  readonly key?: RecordBytes;
  readonly value: RecordValue;
  readonly headers?: readonly ProducerHeader[];
  /** Create time in ms. @default Date.now() */
  readonly timestamp?: number;
}

/** A `send()` that could not be appended yet: its topic's metadata or buffer room is awaited, in call order. */
interface Blocked {
  readonly record: ProducerRecord;
  readonly completion: RecordCompletion;
  readonly slot: number;
  readonly deadline: number;
}

/** The producer's last topic lookup: the metadata snapshot it was made in, the entry, and its led partitions. */
interface TopicLookup {
  readonly metadata: ClusterMetadata | null;
  readonly topic: string;
  readonly entry: TopicMetadata | undefined;
  readonly available: readonly number[];
}

/** What `#tryAppend` did: done (appended or failed for good), or what the record must wait for. */
const Outcome = { DONE: 0, NO_TOPIC: 1, NO_MEMORY: 2 } as const;
type OutcomeValue = (typeof Outcome)[keyof typeof Outcome];

/**
 * Millrace's Kafka producer, modelled on Kafka's Java `KafkaProducer`.
 *
 * Lifecycle:
 * 1. `new Producer(options)` — validates options (ConfigError naming Kafka keys); nothing is opened.
 * 2. `connect()` — reaches a bootstrap server (failing fast with the address when none answers) and, with
 *    idempotence, gets a producer id. Optional: `send()` connects lazily.
 * 3. `send()` / `sendBatch()` — append to per-partition batches and resolve once the broker acknowledged
 *    (acks=0: once written). Records keep their call order per partition. When the topic's metadata is not known
 *    yet or `bufferMemory` is full, records wait (at most `maxBlockMs`) in call order.
 * 4. `flush()` — sends everything buffered now and waits for the outcome.
 * 5. `close()` — flushes, then closes connections; later sends reject with ClientClosedError.
 */
export class Producer {
  readonly config: ProducerConfig;
  readonly #cluster: Cluster;
  readonly #accumulator: RecordAccumulator;
  readonly #sender: Sender;
  readonly #partitioner = new DefaultPartitioner();
  readonly #blocked = new FifoQueue<Blocked>();
  readonly #blockedDrained: (() => void)[] = [];
  #pumping = false;
  #lastLookup: TopicLookup = { metadata: null, topic: '', entry: undefined, available: [] };
  #closing = false;
  #closed: Promise<void> | undefined;

  constructor(options: ProducerOptions) {
    this.config = resolveProducerConfig(options);
    const { config } = this;
    this.#cluster = new Cluster({
      bootstrapServers: config.bootstrapServers,
      clientId: config.clientId,
      requestTimeoutMs: config.requestTimeoutMs,
      metadataMaxAgeMs: config.metadataMaxAgeMs,
      retryBackoffMs: config.retryBackoffMs,
      ...(config.logger === undefined ? {} : { logger: config.logger }),
    });
    this.#accumulator = new RecordAccumulator({ batchSize: config.batchSize, bufferMemory: config.bufferMemory });
    this.#sender = new Sender(this.#cluster, this.#accumulator, config, codecForName(config.compression));
  }

  /** The cluster view this producer uses (metadata, connections). */
  get cluster(): Cluster {
    return this.#cluster;
  }

  /**
   * @throws ClusterUnreachableError naming each bootstrap `host:port` that failed
   */
  async connect(): Promise<void> {
    this.#checkOpen();
    await this.#cluster.connect();
    if (this.config.enableIdempotence) await this.#sender.initProducerId();
  }

  /** Sends one record; resolves with where it was written once acknowledged. */
  send(record: ProducerRecord): Promise<RecordMetadata> {
    return new Promise((resolve, reject) => {
      this.#submit(record, new SingleRecordCompletion(resolve, reject), 0);
    });
  }

  /** Sends many records (in order); resolves with their metadata in input order, or rejects with the first failure. */
  sendBatch(records: readonly ProducerRecord[]): Promise<RecordMetadata[]> {
    return new Promise((resolve, reject) => {
      const completion = new BatchCompletion(records.length, resolve, reject);
      for (let i = 0; i < records.length; i++) this.#submit(records[i]!, completion, i);
    });
  }

  /**
   * Sends many records (in order); resolves once every one is acknowledged, or rejects with the first failure.
   * For callers that need no per-record metadata: nothing is allocated per record to report it.
   */
  sendAll(records: readonly ProducerRecord[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const completion = new AllAcknowledged(records.length, resolve, reject);
      for (let i = 0; i < records.length; i++) this.#submit(records[i]!, completion, i);
    });
  }

  /** Sends every record submitted so far without waiting for linger.ms and resolves when all have an outcome. */
  async flush(): Promise<void> {
    this.#sender.beginFlush();
    try {
      while (this.#blocked.length > 0) await new Promise<void>((resolve) => this.#blockedDrained.push(resolve));
      const pending = [...this.#accumulator.queuedBatches(), ...this.#sender.inFlightBatches];
      await Promise.all(pending.map((batch) => batch.whenDone()));
    } finally {
      this.#sender.endFlush();
    }
  }

  /** Flushes, then closes every connection. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#closing = true;
      try {
        await this.flush();
      } finally {
        this.#sender.stop();
        await this.#cluster.close();
      }
    })();
    return this.#closed;
  }

  #submit(record: ProducerRecord, completion: RecordCompletion, slot: number): void {
    if (this.#closing) {
      completion.fail(new ClientClosedError('producer'), slot);
      return;
    }
    if (this.#blocked.length === 0 && this.#tryAppend(record, completion, slot) === Outcome.DONE) return;
    this.#blocked.push({ record, completion, slot, deadline: Date.now() + this.config.maxBlockMs });
    void this.#pump();
  }

  /**
   * Appends `record` if its topic's partitions are known and, when it needs a new batch, one can be reserved;
   * otherwise says what to wait for. A record that can never be sent (too large, bad partition) is failed here
   * and counts as done.
   */
  #tryAppend(record: ProducerRecord, completion: RecordCompletion, slot: number): OutcomeValue {
    const topic = this.#topicMetadata(record.topic);
    if (topic === undefined || topic.errorCode !== 0 || topic.partitions.length === 0) return Outcome.NO_TOPIC;
    const key = record.key ?? null;
    const bound = ProducerBatch.recordSizeBound(key, record.value, record.headers);
    if (bound + HEADER_SIZE > this.config.maxRequestSize || bound + HEADER_SIZE > this.config.bufferMemory) {
      // Only a record near a limit is measured exactly (an encodable value by encoding it).
      const exact = isEncodable(record.value) ? encodeToBuffer(record.value) : record.value;
      const size = ProducerBatch.recordSize(0, 0, key, exact, record.headers) + DELTA_SLACK;
      if (size + HEADER_SIZE > this.config.maxRequestSize) {
        completion.fail(new RecordTooLargeError('max.request.size', `the record is ${size} bytes, above max.request.size (${this.config.maxRequestSize})`), slot);
        return Outcome.DONE;
      }
      if (size + HEADER_SIZE > this.config.bufferMemory) {
        completion.fail(new RecordTooLargeError('buffer.memory', `the record is ${size} bytes, above buffer.memory (${this.config.bufferMemory})`), slot);
        return Outcome.DONE;
      }
    }
    const count = topic.partitions.length;
    const timestamp = record.timestamp ?? Date.now();
    let partition: number;
    let sticky = false;
    if (record.partition !== undefined) {
      partition = record.partition;
    } else if (this.config.partitioner !== 'default') {
      partition = this.config.partitioner(record.topic, key, count);
    } else if (key !== null) {
      partition = this.#partitioner.partitionForKey(key, count);
    } else {
      partition = this.#partitioner.stickyPartition(record.topic, this.#lastLookup.available, count);
      sticky = true;
    }
    if (!Number.isInteger(partition) || partition < 0 || partition >= count) {
      completion.fail(new InvalidPartitionError(record.topic, partition, count), slot);
      return Outcome.DONE;
    }
    const accumulator = this.#accumulator;
    let result = accumulator.append(record.topic, partition, timestamp, key, record.value, record.headers, completion, slot, !sticky);
    if (result === AppendResult.NEEDS_NEW_BATCH) {
      // Move the sticky partition only once a batch can be started there.
      const size = ProducerBatch.recordSize(0, 0, key, record.value, record.headers) + DELTA_SLACK;
      if (!accumulator.hasRoomFor(accumulator.reservationFor(size))) return Outcome.NO_MEMORY;
      partition = this.#partitioner.nextStickyPartition(record.topic, this.#lastLookup.available, count);
      result = accumulator.append(record.topic, partition, timestamp, key, record.value, record.headers, completion, slot);
    }
    if (result === AppendResult.NO_MEMORY) return Outcome.NO_MEMORY;
    if (result === AppendResult.NEW_BATCH || this.config.lingerMs === 0) this.#sender.wake();
    return Outcome.DONE;
  }

  /**
   * `topic`'s entry in the cached metadata, leaving it and its led partitions in `#lastLookup`: records mostly come
   * topic after topic, so the last answer is kept until the topic or the metadata changes.
   */
  #topicMetadata(topic: string): TopicMetadata | undefined {
    const metadata = this.#cluster.cachedMetadata;
    const last = this.#lastLookup;
    if (metadata === last.metadata && topic === last.topic) return last.entry;
    const entry = metadata.topics.get(topic);
    const available = entry === undefined ? [] : entry.partitions.filter((p) => p.leader >= 0).map((p) => p.partition);
    this.#lastLookup = { metadata, topic, entry, available };
    return entry;
  }

  /** Works through blocked sends in call order, waiting for metadata or room for each (up to its deadline). */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#blocked.length > 0) {
        const head = this.#blocked.peek()!;
        try {
          for (;;) {
            await this.#waitForTopic(head.record.topic, head.deadline);
            const outcome = this.#tryAppend(head.record, head.completion, head.slot);
            if (outcome === Outcome.DONE) break;
            if (outcome === Outcome.NO_MEMORY) await this.#waitForRoom(head.deadline);
          }
        } catch (error) {
          head.completion.fail(error as Error, head.slot);
        }
        this.#blocked.shift();
      }
    } finally {
      this.#pumping = false;
      for (const resolve of this.#blockedDrained.splice(0)) resolve();
    }
  }

  /** Waits until `topic` has partitions in metadata, asking the broker to create it as Java producers do. */
  async #waitForTopic(topic: string, deadline: number): Promise<void> {
    let lastError: Error | undefined;
    for (;;) {
      this.#checkOpen(true);
      try {
        const metadata = await this.#cluster.metadata([topic], { allowAutoTopicCreation: true });
        const entry = metadata.topics.get(topic);
        if (entry !== undefined && entry.errorCode === 0 && entry.partitions.length > 0) return;
        if (entry !== undefined && entry.errorCode !== 0) {
          lastError = new KafkaError(entry.errorCode, `topic ${topic}: ${new KafkaError(entry.errorCode).message}`);
          if (!isRetriableError(lastError)) throw lastError;
        }
      } catch (error) {
        if (!isRetriableError(error)) throw error;
        lastError = error;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new ProducerTimeoutError(
          'max.block.ms',
          `topic ${topic} not present in metadata after ${this.config.maxBlockMs} ms${lastError ? `: ${lastError.message}` : ''}`,
          { cause: lastError },
        );
      }
      await sleep(Math.min(this.config.retryBackoffMs, remaining), this.#cluster.closeSignal);
    }
  }

  /** Waits for a completed batch to release memory; throws once `deadline` (max.block.ms) has passed. */
  async #waitForRoom(deadline: number): Promise<void> {
    this.#checkOpen(true);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new ProducerTimeoutError(
        'max.block.ms',
        `no room for a new batch in buffer.memory (${this.config.bufferMemory} bytes) within ${this.config.maxBlockMs} ms`,
      );
    }
    this.#sender.wake();
    await this.#accumulator.waitForRoom(remaining);
  }

  #checkOpen(allowClosing = false): void {
    if (this.#cluster.isClosed || (this.#closing && !allowClosing)) throw new ClientClosedError('producer');
  }
}

/** `sendAll`'s completion: a count of outstanding records, settling its promise once. */
class AllAcknowledged implements RecordCompletion {
  #remaining: number;
  #settled = false;
  readonly #resolve: () => void;
  readonly #reject: (error: Error) => void;

  constructor(count: number, resolve: () => void, reject: (error: Error) => void) {
    this.#remaining = count;
    this.#resolve = resolve;
    this.#reject = reject;
    if (count === 0) resolve();
  }

  complete(): void {
    if (--this.#remaining === 0 && !this.#settled) {
      this.#settled = true;
      this.#resolve();
    }
  }

  fail(error: Error): void {
    this.#remaining--;
    if (this.#settled) return;
    this.#settled = true;
    this.#reject(error);
  }
}
