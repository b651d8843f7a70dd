import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Cluster } from '../../src/client/cluster.js';
import { ClusterUnreachableError } from '../../src/client/cluster.js';
import { Producer } from '../../src/client/producer/producer.js';
import { ApiKey } from '../../src/protocol/apis.js';
import type { CompressionName } from '../../src/protocol/compression/index.js';
import type { FetchResponse } from '../../src/protocol/messages/fetch.js';
import { decodeBatches } from '../../src/protocol/record-batch-builder.js';
import type { DecodedRecord } from '../../src/protocol/record-batch-builder.js';
import { cleanup, printBrokerOutputOnFailure, startBroker, tmpDir } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { assertSucceeded, kcat, kcatConsume, requireTool, size } from '../support/tools.js';
import { xorshift32 } from '../support/xorshift.js';

const RECORDS = size(20_000, 200_000);
const CODECS: readonly CompressionName[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
const CODEC_IDS: Record<CompressionName, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };
const ACKS = [-1, 1, 0] as const;

/** Deterministic values of varied length (1 byte to a few KiB) over printable bytes, never a newline. */
function makeValues(count: number, seed: number): string[] {
  const next = xorshift32(seed);
  const values: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = next() % 1000;
    const length = roll === 0 ? 2048 + (next() % 4096) : roll < 50 ? 1 + (next() % 800) : 1 + (next() % 60);
    let value = `${i}:`;
    while (value.length < length) value += String.fromCharCode(0x21 + (next() % 94));
    values.push(value.slice(0, Math.max(length, 1)));
  }
  return values;
}

function firstMismatch(actual: readonly string[], expected: readonly string[]): string {
  let at = 0;
  while (at < Math.min(actual.length, expected.length) && actual[at] === expected[at]) at++;
  return `got ${actual.length} records, expected ${expected.length}; first difference at #${at}: got ${JSON.stringify(
    actual[at]?.slice(0, 40),
  )}, expected ${JSON.stringify(expected[at]?.slice(0, 40))}`;
}

/** Reads a whole partition through Millrace's own connection layer (Fetch), as raw batches. */
async function fetchAll(cluster: Cluster, topic: string, expected: number): Promise<{ records: DecodedRecord[]; codecs: Set<number> }> {
  const records: DecodedRecord[] = [];
  const codecs = new Set<number>();
  const connection = await cluster.leaderConnection(topic, 0);
  let offset = 0;
  const deadline = Date.now() + 60_000;
  while (records.length < expected && Date.now() < deadline) {
    const response = await connection.send<FetchResponse>(ApiKey.Fetch, {
      replicaId: -1,
      maxWaitMs: 100,
      minBytes: 1,
      maxBytes: 16 * 1024 * 1024,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [{ topic, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: BigInt(offset), logStartOffset: -1n, partitionMaxBytes: 8 * 1024 * 1024 }] }],
      forgottenTopicsData: [],
      rackId: '',
    });
    const partition = response.responses[0]!.partitions[0]!;
    assert.equal(partition.errorCode, 0);
    const data = Array.isArray(partition.records) ? Buffer.concat(partition.records) : (partition.records ?? Buffer.alloc(0));
    for (const batch of decodeBatches(data)) {
      codecs.add(batch.header.compression);
      for (const record of batch.records) if (record.offset >= offset) records.push(record);
    }
    offset = records.length;
  }
  return { records, codecs };
}

async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Millrace producer against a Millrace broker, read back with kcat', function () {
  this.timeout(size(180_000, 1_800_000));
  let broker: BrokerHandle;
  let dir: string;

  before(async function () {
    requireTool('kcat', 'apt-get install kcat');
    dir = tmpDir();
    broker = await startBroker();
  });

  after(async function () {
    if (broker?.running) await broker.stop();
    await cleanup();
  });

  printBrokerOutputOnFailure(() => broker);

  for (const codec of CODECS) {
    for (const acks of ACKS) {
      it(`produces ${RECORDS} records with compression ${codec} and acks ${acks}, byte-exact in kcat`, async function () {
        const topic = `client-${codec}-acks${acks === -1 ? 'all' : acks}`;
        const values = makeValues(RECORDS, 0x51ed ^ CODEC_IDS[codec] ^ (acks + 7));
        const producer = new Producer({ bootstrapServers: broker.bootstrap, compression: codec, acks, lingerMs: 5 });
        try {
          await producer.connect();
          const sent = await producer.sendBatch(values.map((value) => ({ topic, value })));
          assert.equal(sent.length, RECORDS);
          if (acks === 0) assert.ok(sent.every((m) => m.offset === -1));
          else assert.deepEqual([sent[0]!.offset, sent[RECORDS - 1]!.offset], [0, RECORDS - 1]);
        } finally {
          await producer.close();
        }
        const consumed = (await kcatConsume(broker.bootstrap, topic, { timeoutMs: size(60_000, 900_000) })).toString('latin1');
        const lines = consumed.endsWith('\n') ? consumed.slice(0, -1).split('\n') : consumed.split('\n');
        assert.ok(lines.length === values.length && lines.every((line, i) => line === values[i]), firstMismatch(lines, values));
      });
    }
  }

  it('with idempotence, delivers every record once and in order', async function () {
    const topic = 'client-idempotent';
    const values = makeValues(RECORDS, 99);
    const producer = new Producer({ bootstrapServers: broker.bootstrap, enableIdempotence: true, compression: 'lz4', lingerMs: 0 });
    try {
      await producer.connect();
      await Promise.all(values.map((value) => producer.send({ topic, value })));
    } finally {
      await producer.close();
    }
    const lines = (await kcatConsume(broker.bootstrap, topic)).toString('latin1').slice(0, -1).split('\n');
    assert.ok(lines.length === values.length && lines.every((line, i) => line === values[i]), firstMismatch(lines, values));
  });

  for (const codec of CODECS.filter((c) => c !== 'none')) {
    it(`decodes batches kcat produced with -z ${codec}`, async function () {
      const topic = `kcat-z-${codec}`;
      const values = makeValues(5000, CODEC_IDS[codec]);
      const file = path.join(dir, `${topic}.txt`);
      writeFileSync(file, values.join('\n') + '\n', 'latin1');
      const produced = await kcat(['-P', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-z', codec, '-l', file, '-X', 'linger.ms=20']);
      assertSucceeded(produced, `kcat -P -z ${codec}`);
      const cluster = new Cluster({ bootstrapServers: [broker.bootstrap], clientId: 'fetch-check', requestTimeoutMs: 10_000, metadataMaxAgeMs: 60_000, retryBackoffMs: 50 });
      try {
        await cluster.connect();
        const { records, codecs } = await fetchAll(cluster, topic, values.length);
        // librdkafka sends a batch uncompressed when compressing would not shrink it, so 0 may appear too.
        assert.ok(codecs.has(CODEC_IDS[codec]), `kcat wrote no ${codec} batch; codecs seen: ${[...codecs].join(',')}`);
        const got = records.map((r) => r.value!.toString('latin1'));
        assert.ok(got.length === values.length && got.every((v, i) => v === values[i]), firstMismatch(got, values));
      } finally {
        await cluster.close();
      }
    });
  }

  it('fails connect() to an unreachable broker with one line naming host:port', async function () {
    const port = await deadPort();
    const producer = new Producer({ bootstrapServers: `127.0.0.1:${port}` });
    try {
      await assert.rejects(producer.connect(), (e: unknown) => {
        assert.ok(e instanceof ClusterUnreachableError);
        assert.equal(e.message, `broker unreachable at 127.0.0.1:${port} (ECONNREFUSED)`);
        return true;
      });
    } finally {
      await producer.close();
    }
  });

  it('fails a send to an unreachable broker after max.block.ms, naming host:port', async function () {
    const port = await deadPort();
    const producer = new Producer({ bootstrapServers: `127.0.0.1:${port}`, maxBlockMs: 500, retryBackoffMs: 50, requestTimeoutMs: 200, deliveryTimeoutMs: 1000 });
    try {
      await assert.rejects(producer.send({ topic: 't', value: 'x' }), (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.ok(!e.message.includes('\n'), 'one line');
        assert.match(e.message, new RegExp(`^topic t not present in metadata after 500 ms: broker unreachable at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)$`));
        return true;
      });
    } finally {
      await producer.close();
    }
  });
});
