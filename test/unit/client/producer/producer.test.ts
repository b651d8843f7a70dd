import assert from 'node:assert/strict';
import { Producer } from '../../../../src/client/producer/producer.js';
import { ProducerTimeoutError, RecordTooLargeError } from '../../../../src/client/producer/producer-errors.js';
import type { ProducerOptions } from '../../../../src/client/producer/producer-config.js';
import { ApiKey } from '../../../../src/protocol/apis.js';
import { ErrorCode, KafkaError } from '../../../../src/protocol/error-codes.js';
import type { ProduceRequest } from '../../../../src/protocol/messages/produce.js';
import { readBatchHeader } from '../../../../src/protocol/record-batch.js';
import { decodeRecords } from '../../../../src/protocol/record-batch-builder.js';
import { FakeBroker } from '../connection/fake-broker.js';
import type { FakeRequest } from '../connection/fake-broker.js';

interface Written {
  partition: number;
  values: string[];
  producerId: number;
  baseSequence: number;
}

/**
 * A one-broker cluster whose Produce answers can be scripted per request: `produceErrors` is consumed one code per
 * partition-batch (0 = append).
 */
class ScriptedCluster {
  readonly broker: FakeBroker;
  readonly log: Written[] = [];
  readonly metadataRequests: { topics: string[] | null; auto: boolean }[] = [];
  produceErrors: number[] = [];
  /** Topics and partition counts the metadata reports; absent = UNKNOWN_TOPIC_OR_PARTITION. */
  topics: Record<string, number> = { t: 1 };
  readonly #offsets = new Map<number, number>();
  readonly #sequences = new Map<number, number>();

  private constructor(broker: FakeBroker) {
    this.broker = broker;
    broker.handler = (req) => this.#handle(req);
  }

  static async start(): Promise<ScriptedCluster> {
    return new ScriptedCluster(await FakeBroker.start());
  }

  get bootstrap(): string {
    return `127.0.0.1:${this.broker.port}`;
  }

  values(): string[] {
    return this.log.flatMap((w) => w.values);
  }

  #handle(req: FakeRequest): boolean {
    switch (req.header.apiKey) {
      case ApiKey.Metadata: {
        const asked = req.body['topics'] as { name: string }[] | null;
        this.metadataRequests.push({ topics: asked?.map((t) => t.name) ?? null, auto: req.body['allowAutoTopicCreation'] as boolean });
        const names = asked === null ? Object.keys(this.topics) : asked.map((t) => t.name);
        req.respond({
          throttleTimeMs: 0,
          brokers: [{ nodeId: 0, host: '127.0.0.1', port: this.broker.port, rack: null }],
          clusterId: 'scripted',
          controllerId: 0,
          topics: names.map((name) => ({
            errorCode: name in this.topics ? 0 : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            name,
            isInternal: false,
            partitions: Array.from({ length: this.topics[name] ?? 0 }, (_, i) => ({
              errorCode: 0, partitionIndex: i, leaderId: 0, replicaNodes: [0], isrNodes: [0], offlineReplicas: [],
            })),
          })),
        });
        return true;
      }
      case ApiKey.InitProducerId:
        req.respond({ throttleTimeMs: 0, errorCode: 0, producerId: 4242n, producerEpoch: 7 });
        return true;
      case ApiKey.Produce: {
        const body = req.body as unknown as ProduceRequest;
        const responses = body.topicData.map((topic) => ({
          name: topic.name,
          partitionResponses: topic.partitionData.map((p) => {
            const records = p.records as Buffer;
            const header = readBatchHeader(records, 0);
            let errorCode = this.produceErrors.shift() ?? 0;
            // Like a real broker: an idempotent batch must carry the next sequence of its partition.
            const expected = this.#sequences.get(p.index) ?? 0;
            if (errorCode === 0 && header.producerId >= 0 && header.baseSequence !== expected) {
              errorCode = ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER;
            }
            let baseOffset = -1n;
            if (errorCode === 0) {
              const next = this.#offsets.get(p.index) ?? 0;
              baseOffset = BigInt(next);
              this.#offsets.set(p.index, next + header.recordsCount);
              if (header.producerId >= 0) this.#sequences.set(p.index, expected + header.recordsCount);
              this.log.push({
                partition: p.index,
                values: decodeRecords(records).map((r) => r.value!.toString()),
                producerId: header.producerId,
                baseSequence: header.baseSequence,
              });
            }
            return { index: p.index, errorCode, baseOffset, logAppendTimeMs: -1n, logStartOffset: 0n };
          }),
        }));
        if (body.acks !== 0) req.respond({ responses, throttleTimeMs: 0 });
        return true;
      }
      default:
        return false;
    }
  }
}

describe('Producer (against a scripted broker)', function () {
  let cluster: ScriptedCluster;
  let producer: Producer | undefined;

  beforeEach(async () => {
    cluster = await ScriptedCluster.start();
  });

  afterEach(async () => {
    await producer?.close().catch(() => undefined);
    producer = undefined;
    await cluster.broker.stop();
  });

  function make(options: Partial<ProducerOptions> = {}): Producer {
    producer = new Producer({ bootstrapServers: cluster.bootstrap, retryBackoffMs: 10, lingerMs: 0, ...options });
    return producer;
  }

  it('resolves each send with its offset once acknowledged, in order', async () => {
    const p = make({ lingerMs: 5 });
    const sent = await Promise.all(Array.from({ length: 100 }, (_, i) => p.send({ topic: 't', value: `v${i}` })));
    assert.deepEqual(sent.map((m) => m.offset), Array.from({ length: 100 }, (_, i) => i));
    assert.deepEqual(cluster.values(), Array.from({ length: 100 }, (_, i) => `v${i}`));
    assert.ok(cluster.log.length < 10, `lingering should batch records, got ${cluster.log.length} batches`);
  });

  it('sendAll resolves once every record is acknowledged, strings written as UTF-8', async () => {
    const p = make({ lingerMs: 5 });
    const values = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? `v${i}` : `é${i}€`));
    assert.equal(await p.sendAll(values.map((value) => ({ topic: 't', value }))), undefined);
    assert.deepEqual(cluster.values(), values);
    assert.equal(await p.sendAll([]), undefined);
  });

  it('sendAll rejects with the first failure', async () => {
    cluster.produceErrors = [ErrorCode.INVALID_RECORD];
    const p = make();
    await assert.rejects(p.sendAll([{ topic: 't', value: 'x' }, { topic: 't', value: 'y' }]), (e: unknown) => e instanceof KafkaError && e.code === ErrorCode.INVALID_RECORD);
  });

  it('retries NOT_LEADER_OR_FOLLOWER after a metadata refresh and delivers once', async () => {
    cluster.produceErrors = [ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.LEADER_NOT_AVAILABLE];
    const p = make();
    const metadata = await p.send({ topic: 't', value: 'x' });
    assert.equal(metadata.offset, 0);
    assert.deepEqual(cluster.values(), ['x']);
    assert.ok(cluster.metadataRequests.length >= 2, 'metadata was refreshed after the error');
  });

  it('rejects with the broker error when it is not retriable', async () => {
    cluster.produceErrors = [ErrorCode.INVALID_RECORD];
    const p = make();
    await assert.rejects(p.send({ topic: 't', value: 'x' }), (e: unknown) => e instanceof KafkaError && e.code === ErrorCode.INVALID_RECORD && /t-0/.test(e.message));
    assert.equal((await p.send({ topic: 't', value: 'y' })).offset, 0);
  });

  it('fails with a delivery timeout when retries run past delivery.timeout.ms', async () => {
    cluster.produceErrors = Array.from({ length: 1000 }, () => ErrorCode.NOT_ENOUGH_REPLICAS);
    const p = make({ requestTimeoutMs: 100, deliveryTimeoutMs: 300, retryBackoffMs: 20 });
    await assert.rejects(p.send({ topic: 't', value: 'x' }), (e: unknown) => e instanceof ProducerTimeoutError && e.configKey === 'delivery.timeout.ms');
  });

  it('waits for an unknown topic, asking for auto-creation, until it appears', async () => {
    cluster.topics = {};
    const p = make();
    const pending = p.send({ topic: 'late', value: 'x' });
    setTimeout(() => {
      cluster.topics = { late: 2 };
    }, 100);
    const metadata = await pending;
    assert.equal(metadata.topic, 'late');
    assert.ok(cluster.metadataRequests.some((r) => r.topics?.includes('late') && r.auto));
  });

  it('gives up after max.block.ms when the topic never appears', async () => {
    cluster.topics = {};
    const p = make({ maxBlockMs: 200 });
    await assert.rejects(
      p.send({ topic: 'never', value: 'x' }),
      (e: unknown) => e instanceof ProducerTimeoutError && e.message.startsWith('topic never not present in metadata after 200 ms'),
    );
  });

  it('keeps call order for sends queued behind one waiting for metadata', async () => {
    cluster.topics = {};
    const p = make();
    const first = p.send({ topic: 'late', value: 'a' });
    setTimeout(() => {
      cluster.topics = { late: 1 };
    }, 50);
    const rest = [p.send({ topic: 'late', value: 'b' }), p.send({ topic: 'late', value: 'c' })];
    const offsets = (await Promise.all([first, ...rest])).map((m) => m.offset);
    assert.deepEqual(offsets, [0, 1, 2]);
    assert.deepEqual(cluster.values(), ['a', 'b', 'c']);
  });

  it('resolves acks=0 sends with offset -1 once written', async () => {
    const p = make({ acks: 0 });
    const metadata = await p.send({ topic: 't', value: 'x' });
    assert.equal(metadata.offset, -1);
  });

  it('with idempotence, stamps producer id and per-partition sequences, kept across retries', async () => {
    cluster.produceErrors = [0, ErrorCode.NOT_LEADER_OR_FOLLOWER];
    const p = make({ enableIdempotence: true, batchSize: 100 });
    await p.connect();
    const values = Array.from({ length: 12 }, (_, i) => `value-${i}`);
    await p.sendBatch(values.map((value) => ({ topic: 't', partition: 0, value })));
    assert.deepEqual(cluster.values(), values, 'order survives the retry');
    assert.ok(cluster.log.every((w) => w.producerId === 4242));
    let expected = 0;
    for (const w of cluster.log) {
      assert.equal(w.baseSequence, expected);
      expected += w.values.length;
    }
  });

  it('holds sends back when buffer.memory is full and delivers all of them', async () => {
    const p = make({ bufferMemory: 2000, batchSize: 500, lingerMs: 20 });
    const values = Array.from({ length: 200 }, (_, i) => `${i}`.padStart(50, '.'));
    const sent = await p.sendBatch(values.map((value) => ({ topic: 't', value })));
    assert.equal(sent.length, 200);
    assert.deepEqual(cluster.values(), values);
  });

  it('rejects a record larger than max.request.size without sending it', async () => {
    const p = make({ maxRequestSize: 1000 });
    await assert.rejects(p.send({ topic: 't', value: Buffer.alloc(2000) }), RecordTooLargeError);
    assert.equal(cluster.log.length, 0);
  });

  it('flush() sends lingering batches at once and close() rejects later sends', async () => {
    const p = make({ lingerMs: 60_000 });
    const pending = p.send({ topic: 't', value: 'x' });
    await p.flush();
    assert.equal((await pending).offset, 0);
    await p.close();
    await assert.rejects(p.send({ topic: 't', value: 'y' }), /closed/);
  });
});
