import type { Logger } from '../../common/logger.js';
import { ApiKey } from '../../protocol/apis.js';
import { ErrorCode, KafkaError, errorInfo } from '../../protocol/error-codes.js';
import type { InitProducerIdResponse } from '../../protocol/messages/init-producer-id.js';
import type { ProduceRequestTopic, ProduceResponse } from '../../protocol/messages/produce.js';
import { NO_PRODUCER_ID, NO_SEQUENCE, incrementSequence } from '../../protocol/record-batch.js';
import type { CompressionCodec } from '../../protocol/record-batch-builder.js';
import type { Cluster } from '../cluster.js';
import { isRetriableError } from '../with-retries.js';
import type { ProducerBatch } from './producer-batch.js';
import type { ProducerConfig } from './producer-config.js';
import { ProducerTimeoutError } from './producer-errors.js';
import type { PartitionQueue, RecordAccumulator } from './record-accumulator.js';

/** Kafka's limit of unacknowledged batches per partition for which the broker keeps sequence state. */
const MAX_IDEMPOTENT_IN_FLIGHT = 5;

/**
 * The producer's network side (Kafka's `Sender`), event-driven rather than a polling thread: `wake()` schedules
 * one drain on the next turn of the event loop (so a burst of `send()` calls is drained once), and a timer brings
 * it back for the earliest linger expiry or retry backoff.
 *
 * A drain takes each partition's head batch once it is ready — full, lingered `lingerMs`, flushed, or needed
 * to free memory — groups them by leader and sends one Produce request per broker (one batch per partition),
 * keeping at most `maxInFlightRequestsPerConnection` requests in flight per broker. Failed batches are retried
 * with backoff after a metadata refresh until `retries` or `deliveryTimeoutMs` run out; with idempotence each
 * batch keeps its sequence numbers and failed batches go back in sequence order, so retries preserve order.
 */
export class Sender {
  readonly #cluster: Cluster;
  readonly #accumulator: RecordAccumulator;
  readonly #config: ProducerConfig;
  readonly #codec: CompressionCodec | undefined;
  readonly #logger: Logger | undefined;
  readonly #nodeInFlight = new Map<number, number>();
  readonly #inFlightBatches = new Set<ProducerBatch>();
  readonly #refreshTopics = new Set<string>();
  #scheduled = false;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;
  #flushing = 0;
  #stopped = false;
  #refreshing = false;
  #lastRefreshAt = Date.now();
  #producerId = NO_PRODUCER_ID;
  #producerEpoch = -1;
  #initializing: Promise<void> | undefined;

  constructor(cluster: Cluster, accumulator: RecordAccumulator, config: ProducerConfig, codec: CompressionCodec | undefined) {
    this.#cluster = cluster;
    this.#accumulator = accumulator;
    this.#config = config;
    this.#codec = codec;
    this.#logger = config.logger;
  }

  get producerId(): number {
    return this.#producerId;
  }

  get producerEpoch(): number {
    return this.#producerEpoch;
  }

  /** Batches in Produce requests awaiting their response. */
  get inFlightBatches(): ReadonlySet<ProducerBatch> {
    return this.#inFlightBatches;
  }

  /** Gets a producer id and epoch (InitProducerId, retried until `deliveryTimeoutMs`); idempotence only. */
  initProducerId(): Promise<void> {
    this.#initializing ??= this.#cluster
      .retry(async () => {
        const connection = await this.#cluster.anyConnection();
        const response = await connection.send<InitProducerIdResponse>(ApiKey.InitProducerId, {
          transactionalId: null,
          transactionTimeoutMs: 2_147_483_647,
        });
        if (response.errorCode !== ErrorCode.NONE) throw new KafkaError(response.errorCode, 'InitProducerId failed');
        this.#producerId = Number(response.producerId);
        this.#producerEpoch = response.producerEpoch;
        this.#logger?.debug({ producerId: this.#producerId, epoch: this.#producerEpoch }, 'idempotent producer initialised');
      }, this.#config.deliveryTimeoutMs)
      .catch((error: unknown) => {
        this.#initializing = undefined;
        throw error;
      });
    return this.#initializing;
  }

  /** Makes every batch ready regardless of linger.ms until the matching `endFlush()`. */
  beginFlush(): void {
    this.#flushing++;
    this.wake();
  }

  endFlush(): void {
    this.#flushing--;
  }

  /** Schedules a drain on the next event-loop turn (coalesced). */
  wake(): void {
    if (this.#scheduled || this.#stopped) return;
    this.#scheduled = true;
    setImmediate(() => this.#run());
  }

  /** Stops draining; batches still queued are failed by the producer's close. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #run(): void {
    this.#scheduled = false;
    if (this.#stopped) return;
    if (this.#config.enableIdempotence && this.#producerId === NO_PRODUCER_ID) {
      this.initProducerId().then(
        () => this.wake(),
        (error: unknown) => this.#failAll(error as Error),
      );
      return;
    }
    const now = Date.now();
    let nextWake = Infinity;
    const byLeader = new Map<number, PartitionQueue[]>();
    for (const queue of this.#accumulator.queues) {
      if (queue.batches.length === 0) continue;
      this.#expire(queue, now);
      const wakeAt = this.#readyAt(queue);
      if (wakeAt > now) {
        nextWake = Math.min(nextWake, wakeAt);
        continue;
      }
      const leader = this.#leaderOf(queue.topic, queue.partition);
      if (leader < 0) {
        this.#requestRefresh(queue.topic);
        nextWake = Math.min(nextWake, now + Math.max(this.#config.retryBackoffMs, 1));
        continue;
      }
      let queues = byLeader.get(leader);
      if (queues === undefined) byLeader.set(leader, (queues = []));
      queues.push(queue);
    }
    for (const [leader, queues] of byLeader) this.#drainTo(leader, queues, now);
    if (now - this.#lastRefreshAt >= this.#config.metadataMaxAgeMs) {
      for (const topic of this.#accumulator.activeTopics()) this.#requestRefresh(topic);
    }
    this.#arm(nextWake);
  }

  /** When the queue's head batch may be sent: now or earlier if ready, else its linger or backoff end. */
  #readyAt(queue: PartitionQueue): number {
    const head = queue.batches[0];
    if (head === undefined) return Infinity;
    if (head.retryAt > 0) return head.retryAt;
    if (this.#config.enableIdempotence && queue.inFlight >= MAX_IDEMPOTENT_IN_FLIGHT) return Infinity;
    if (head.isSealed || head.isFull || queue.batches.length > 1) return 0;
    if (this.#flushing > 0 || this.#accumulator.isExhausted) return 0;
    return head.createdAt + this.#config.lingerMs;
  }

  /** Sends the ready head batches of `queues` to `leader` in as many requests as the in-flight limit allows. */
  #drainTo(leader: number, queues: PartitionQueue[], now: number): void {
    let pending = queues;
    while (pending.length > 0 && (this.#nodeInFlight.get(leader) ?? 0) < this.#config.maxInFlightRequestsPerConnection) {
      const batches: ProducerBatch[] = [];
      const rest: PartitionQueue[] = [];
      let size = 0;
      for (const queue of pending) {
        if (this.#readyAt(queue) > now) continue;
        const batch = queue.batches[0]!;
        const bytes = this.#seal(queue, batch);
        if (batches.length > 0 && size + bytes.length > this.#config.maxRequestSize) {
          rest.push(queue);
          continue;
        }
        queue.batches.shift();
        queue.inFlight++;
        batches.push(batch);
        size += bytes.length;
        if (this.#readyAt(queue) <= now) rest.push(queue);
      }
      if (batches.length === 0) return;
      this.#dispatch(leader, batches);
      pending = rest;
    }
  }

  #seal(queue: PartitionQueue, batch: ProducerBatch): Buffer {
    if (batch.isSealed) return batch.bytes;
    queue.lastBatchBytes = batch.sizeInBytes;
    let baseSequence = NO_SEQUENCE;
    if (this.#config.enableIdempotence) {
      baseSequence = queue.nextSequence;
      queue.nextSequence = incrementSequence(baseSequence, batch.recordCount);
    }
    return batch.seal({
      codec: this.#codec,
      producerId: this.#producerId,
      producerEpoch: this.#producerEpoch,
      baseSequence,
    });
  }

  #dispatch(leader: number, batches: ProducerBatch[]): void {
    this.#nodeInFlight.set(leader, (this.#nodeInFlight.get(leader) ?? 0) + 1);
    for (const batch of batches) {
      batch.attempts++;
      batch.retryAt = 0;
      this.#inFlightBatches.add(batch);
    }
    void this.#produce(leader, batches).finally(() => {
      this.#nodeInFlight.set(leader, this.#nodeInFlight.get(leader)! - 1);
      for (const batch of batches) this.#inFlightBatches.delete(batch);
      this.wake();
    });
  }

  async #produce(leader: number, batches: ProducerBatch[]): Promise<void> {
    const body = {
      transactionalId: null,
      acks: this.#config.acks,
      timeoutMs: this.#config.requestTimeoutMs,
      topicData: requestTopics(batches),
    };
    let response: ProduceResponse;
    try {
      const connection = await this.#cluster.connectionTo(leader);
      if (this.#config.acks === 0) {
        await connection.sendNoResponse(ApiKey.Produce, body);
        for (const batch of batches) this.#succeed(batch, -1, -1);
        return;
      }
      response = await connection.send<ProduceResponse>(ApiKey.Produce, body);
    } catch (error) {
      for (const batch of batches) this.#onError(batch, error as Error);
      return;
    }
    const byPartition = new Map<string, ProducerBatch>();
    for (const batch of batches) byPartition.set(`${batch.partition}|${batch.topic}`, batch);
    for (const topic of response.responses) {
      for (const p of topic.partitionResponses) {
        const batch = byPartition.get(`${p.index}|${topic.name}`);
        if (batch === undefined) continue;
        byPartition.delete(`${p.index}|${topic.name}`);
        this.#onPartitionResponse(batch, p.errorCode, Number(p.baseOffset), Number(p.logAppendTimeMs));
      }
    }
    for (const batch of byPartition.values()) {
      this.#onError(batch, new KafkaError(ErrorCode.NETWORK_EXCEPTION, `the Produce response left out ${batch.topic}-${batch.partition}`));
    }
  }

  #onPartitionResponse(batch: ProducerBatch, errorCode: number, baseOffset: number, logAppendTime: number): void {
    if (errorCode === ErrorCode.NONE) {
      this.#succeed(batch, baseOffset, logAppendTime);
      return;
    }
    if (errorCode === ErrorCode.DUPLICATE_SEQUENCE_NUMBER) {
      // Already written by an earlier attempt whose response was lost.
      this.#succeed(batch, baseOffset, logAppendTime);
      return;
    }
    const queue = this.#accumulator.queue(batch.topic, batch.partition);
    const waitingForEarlier =
      errorCode === ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER && batch.baseSequence !== queue.nextAckSequence;
    const info = errorInfo(errorCode);
    const error = new KafkaError(
      errorCode,
      `produce to ${batch.topic}-${batch.partition} failed: ${info?.name ?? errorCode}${info?.message ? ` (${info.message})` : ''}`,
    );
    this.#onError(batch, error, waitingForEarlier);
  }

  #succeed(batch: ProducerBatch, baseOffset: number, logAppendTime: number): void {
    const queue = this.#accumulator.queue(batch.topic, batch.partition);
    queue.inFlight--;
    if (batch.baseSequence !== NO_SEQUENCE) {
      queue.nextAckSequence = incrementSequence(batch.baseSequence, batch.recordCount);
    }
    this.#accumulator.release(batch);
    batch.complete(baseOffset, logAppendTime);
  }

  #onError(batch: ProducerBatch, error: Error, forceRetry = false): void {
    const queue = this.#accumulator.queue(batch.topic, batch.partition);
    queue.inFlight--;
    const now = Date.now();
    const retryAt = now + this.#config.retryBackoffMs;
    const withinDeadline = retryAt < batch.createdAt + this.#config.deliveryTimeoutMs;
    if (!this.#stopped && withinDeadline && (forceRetry || (isRetriableError(error) && batch.attempts <= this.#config.retries))) {
      this.#logger?.debug(
        { topic: batch.topic, partition: batch.partition, attempt: batch.attempts, reason: error.message },
        'retrying produce',
      );
      batch.retryAt = Math.max(retryAt, 1);
      this.#requeue(queue, batch);
      this.#requestRefresh(batch.topic);
      return;
    }
    this.#accumulator.release(batch);
    batch.fail(
      withinDeadline || !isRetriableError(error)
        ? error
        : new ProducerTimeoutError(
            'delivery.timeout.ms',
            `${batch.recordCount} record(s) for ${batch.topic}-${batch.partition} not delivered within ${this.#config.deliveryTimeoutMs} ms: ${error.message}`,
            { cause: error },
          ),
    );
  }

  /** Puts a failed batch back: at the front, or with idempotence in sequence order among the other retries. */
  #requeue(queue: PartitionQueue, batch: ProducerBatch): void {
    const batches = queue.batches;
    let at = 0;
    if (batch.baseSequence !== NO_SEQUENCE) {
      while (at < batches.length && batches[at]!.isSealed && batches[at]!.baseSequence < batch.baseSequence) at++;
    }
    batches.splice(at, 0, batch);
  }

  /** Fails queued batches older than delivery.timeout.ms (in-flight ones are judged when their response comes). */
  #expire(queue: PartitionQueue, now: number): void {
    const deadline = this.#config.deliveryTimeoutMs;
    while (queue.batches.length > 0 && now - queue.batches[0]!.createdAt >= deadline) {
      const batch = queue.batches.shift()!;
      this.#accumulator.release(batch);
      batch.fail(
        new ProducerTimeoutError(
          'delivery.timeout.ms',
          `expiring ${batch.recordCount} record(s) for ${batch.topic}-${batch.partition}: ${now - batch.createdAt} ms have passed since the batch was created`,
        ),
      );
    }
  }

  #leaderOf(topic: string, partition: number): number {
    const partitions = this.#cluster.cachedMetadata.topics.get(topic)?.partitions;
    if (partitions === undefined) return -1;
    const entry = partitions[partition]?.partition === partition ? partitions[partition] : partitions.find((p) => p.partition === partition);
    return entry?.leader ?? -1;
  }

  /** Refreshes metadata for `topic` soon: at most one refresh at a time, at most one per retry.backoff.ms. */
  #requestRefresh(topic: string): void {
    this.#refreshTopics.add(topic);
    if (this.#refreshing) return;
    const wait = this.#lastRefreshAt + this.#config.retryBackoffMs - Date.now();
    if (wait > 0) {
      this.#arm(Date.now() + wait);
      return;
    }
    const topics = [...this.#refreshTopics];
    this.#refreshTopics.clear();
    this.#refreshing = true;
    this.#cluster
      .refreshMetadata(topics, { allowAutoTopicCreation: true })
      .catch((error: unknown) => this.#logger?.debug({ topics, reason: (error as Error).message }, 'metadata refresh failed'))
      .finally(() => {
        this.#refreshing = false;
        this.#lastRefreshAt = Date.now();
        this.wake();
      });
  }

  #arm(at: number): void {
    if (at === Infinity || this.#stopped) return;
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      this.wake();
    }, Math.max(0, at - Date.now()));
  }

  #failAll(error: Error): void {
    for (const queue of this.#accumulator.queues) {
      for (const batch of queue.batches.splice(0)) {
        this.#accumulator.release(batch);
        batch.fail(error);
      }
    }
  }
}

/** The Produce request's topic_data: batches grouped by topic, one entry per partition. */
function requestTopics(batches: readonly ProducerBatch[]): ProduceRequestTopic[] {
  const topics = new Map<string, ProduceRequestTopic>();
  for (const batch of batches) {
    let topic = topics.get(batch.topic);
    if (topic === undefined) {
      topic = { name: batch.topic, partitionData: [] };
      topics.set(batch.topic, topic);
    }
    topic.partitionData.push({ index: batch.partition, records: batch.bytes });
  }
  return [...topics.values()];
}
