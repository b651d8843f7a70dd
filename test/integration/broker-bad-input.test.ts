import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cleanup, runBrokerToExit, startBroker } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import {
  ApiKey,
  RawConnection,
  apiVersionsRequest,
  createTopicsV0Body,
  frameRequest,
  metadataV1Body,
  parseApiVersionsV0,
  parseCreateTopicsV0,
  parseMetadataV1Topics,
  parseProduceV3,
  produceV3Body,
  recordBatch,
} from '../support/raw-kafka.js';
import type { RunningTool } from '../support/tools.js';
import { assertSucceeded, kcatConsume, requireTool, size, startKcat } from '../support/tools.js';

const INVALID_TOPIC_EXCEPTION = 17;
const CORRUPT_MESSAGE = 2;
const UNSUPPORTED_VERSION = 35;
const MAX_REQUEST_BYTES = 1024 * 1024;
const CONCURRENT_LINES = size(5_000, 100_000);
const INVALID_NAMES = ['bad/name', '..', 'a'.repeat(250)];

function rssKiB(pid: number): number {
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
}

describe('broker under bad input (acceptance 4)', function () {
  this.timeout(size(120_000, 600_000));
  let broker: BrokerHandle;
  let correlation = 1;
  const open: RawConnection[] = [];

  async function connect(): Promise<RawConnection> {
    const connection = await RawConnection.connect(broker.port);
    open.push(connection);
    return connection;
  }

  /** The broker is alive when a fresh connection gets a v0 ApiVersions answer listing ApiVersions itself. */
  async function assertAlive(): Promise<void> {
    assert.ok(broker.running, `broker process is gone; output:\n${broker.logs().slice(-5000)}`);
    const connection = await connect();
    const response = parseApiVersionsV0(await connection.request(frameRequest(ApiKey.apiVersions, 0, correlation++, Buffer.alloc(0))));
    assert.equal(response.errorCode, 0);
    assert.ok(response.apis.some((api) => api.apiKey === ApiKey.apiVersions));
    connection.destroy();
  }

  before(async function () {
    requireTool('kcat', 'apt-get install kcat');
    broker = await startBroker({ props: { 'socket.request.max.bytes': String(MAX_REQUEST_BYTES) } });
  });

  after(async function () {
    try {
      for (const connection of open) connection.destroy();
      if (broker?.running) await broker.stop();
    } finally {
      await cleanup();
    }
  });

  afterEach(function () {
    for (const connection of open.splice(0)) connection.destroy();
    if (this.currentTest?.state === 'failed' && broker !== undefined) {
      console.log(`--- broker output ---\n${broker.allLogs().slice(-20_000)}`);
    }
  });

  describe('each bad connection affects only itself', function () {
    const lines = Array.from({ length: CONCURRENT_LINES }, (_, i) => `concurrent line ${i}`);
    let producer: RunningTool;
    let feeder: Promise<void>;

    before(function () {
      producer = startKcat(
        ['-P', '-b', broker.bootstrap, '-t', 'concurrent', '-p', '0', '-X', 'acks=all', '-X', 'linger.ms=1'],
        size(120_000, 600_000),
      );
      // Trickled in while the bad connections below are opened, so the producer is mid-stream throughout.
      feeder = (async () => {
        const step = Math.ceil(CONCURRENT_LINES / 50);
        for (let i = 0; i < lines.length; i += step) {
          producer.stdin.write(lines.slice(i, i + step).join('\n') + '\n');
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
      })();
    });

    after(function () {
      producer?.child.kill('SIGKILL');
    });

    it('survives random bytes', async function () {
      const connection = await connect();
      await connection.write(randomBytes(64 * 1024));
      connection.socket.end();
      await assertAlive();
    });

    it('survives a Metadata request whose body is random bytes', async function () {
      const connection = await connect();
      await connection.write(frameRequest(ApiKey.metadata, 1, correlation++, randomBytes(200)));
      // Closing the connection and answering with an error are both fine; what matters is the broker after it.
      await connection.readFrame(3_000).catch(() => undefined);
      await assertAlive();
    });

    it('survives a truncated frame (size 100, 10 bytes sent, then closed)', async function () {
      const connection = await connect();
      const frame = Buffer.alloc(14);
      frame.writeInt32BE(100, 0);
      frame.writeInt16BE(ApiKey.metadata, 4);
      await connection.write(frame);
      connection.socket.end();
      await assertAlive();
    });

    it('closes a connection whose length prefix exceeds socket.request.max.bytes, without allocating it', async function () {
      const rssBefore = rssKiB(broker.pid);
      const connection = await connect();
      const prefix = Buffer.alloc(4);
      prefix.writeInt32BE(2 ** 30, 0);
      await connection.write(Buffer.concat([prefix, Buffer.alloc(1000, 1)]));
      await connection.waitClosed(5_000);
      const grownKiB = rssKiB(broker.pid) - rssBefore;
      assert.ok(grownKiB < 64 * 1024, `broker RSS grew by ${grownKiB} KiB after a 1 GiB length prefix`);
      await assertAlive();
    });

    it('closes a connection that sends an unknown API key', async function () {
      const connection = await connect();
      await connection.write(frameRequest(9999, 0, correlation++, Buffer.alloc(8)));
      await connection.waitClosed();
      assert.equal(connection.unreadFrames, 0, 'the broker answered an unknown API key instead of closing');
      await assertAlive();
    });

    it('answers ApiVersions v9 in v0 format with UNSUPPORTED_VERSION and its version list', async function () {
      const connection = await connect();
      const id = correlation++;
      const response = parseApiVersionsV0(await connection.request(apiVersionsRequest(9, id)));
      assert.equal(response.correlationId, id);
      assert.equal(response.errorCode, UNSUPPORTED_VERSION);
      const ranges = new Map(response.apis.map((api) => [api.apiKey, [api.min, api.max]]));
      assert.deepEqual(ranges.get(ApiKey.apiVersions), [0, 3]);
      assert.deepEqual(ranges.get(ApiKey.produce), [0, 7]);
      assert.deepEqual(ranges.get(ApiKey.metadata), [0, 6]);
    });

    it('accepts a well-formed hand-built Produce v3 (the baseline for the corrupt one)', async function () {
      const connection = await connect();
      const created = parseCreateTopicsV0(
        await connection.request(frameRequest(ApiKey.createTopics, 0, correlation++, createTopicsV0Body('raw', 1))),
      );
      assert.deepEqual(created.topics, [{ name: 'raw', errorCode: 0 }]);
      const batch = recordBatch([{ key: Buffer.from('k'), value: Buffer.from('good') }]);
      const response = parseProduceV3(
        await connection.request(frameRequest(ApiKey.produce, 3, correlation++, produceV3Body('raw', 0, batch))),
      );
      assert.deepEqual(response.partitions, [{ topic: 'raw', partition: 0, errorCode: 0, baseOffset: 0n }]);
    });

    it('refuses a Produce v3 batch with a bad CRC with CORRUPT_MESSAGE and stores nothing of it', async function () {
      const connection = await connect();
      const batch = recordBatch([{ key: Buffer.from('k'), value: Buffer.from('bad') }], { corruptCrc: true });
      const response = parseProduceV3(
        await connection.request(frameRequest(ApiKey.produce, 3, correlation++, produceV3Body('raw', 0, batch))),
      );
      assert.equal(response.partitions.length, 1);
      assert.equal(response.partitions[0]?.errorCode, CORRUPT_MESSAGE);
      const stored = await kcatConsume(broker.bootstrap, 'raw', { format: '%k=%s\n' });
      assert.equal(stored.toString(), 'k=good\n');
      const still = parseProduceV3(
        await connection.request(frameRequest(ApiKey.produce, 3, correlation++, produceV3Body('raw', 0, recordBatch([{ key: null, value: Buffer.from('next') }])))),
      );
      assert.equal(still.partitions[0]?.errorCode, 0, 'the connection stopped working after a corrupt batch');
      assert.equal(still.partitions[0]?.baseOffset, 1n);
    });

    for (const name of INVALID_NAMES) {
      const shown = name.length > 20 ? `${name.length} chars` : JSON.stringify(name);
      it(`answers INVALID_TOPIC_EXCEPTION for topic ${shown} in Produce, Metadata and CreateTopics`, async function () {
        const connection = await connect();
        const batch = recordBatch([{ key: null, value: Buffer.from('x') }]);
        const produced = parseProduceV3(
          await connection.request(frameRequest(ApiKey.produce, 3, correlation++, produceV3Body(name, 0, batch))),
        );
        assert.deepEqual(
          produced.partitions.map((p) => [p.topic, p.errorCode]),
          [[name, INVALID_TOPIC_EXCEPTION]],
        );
        const metadata = parseMetadataV1Topics(
          await connection.request(frameRequest(ApiKey.metadata, 1, correlation++, metadataV1Body([name]))),
        );
        assert.deepEqual(metadata.topics, [{ name, errorCode: INVALID_TOPIC_EXCEPTION }]);
        const created = parseCreateTopicsV0(
          await connection.request(frameRequest(ApiKey.createTopics, 0, correlation++, createTopicsV0Body(name, 1))),
        );
        assert.deepEqual(created.topics, [{ name, errorCode: INVALID_TOPIC_EXCEPTION }]);
      });
    }

    it(`meanwhile a kcat -P -X acks=all producer of ${CONCURRENT_LINES} lines finished and all read back`, async function () {
      await feeder;
      producer.stdin.end();
      const result = await producer.result;
      assertSucceeded(result, 'concurrent kcat producer');
      const stored = (await kcatConsume(broker.bootstrap, 'concurrent')).toString();
      assert.equal(stored, lines.join('\n') + '\n');
    });
  });

  describe('bad configuration', function () {
    it('exits 1 with a one-line error naming the key when server.properties has a bad value', async function () {
      const run = await runBrokerToExit({ props: { 'num.partitions': 'many' } });
      assert.equal(run.code, 1, `exit code ${run.code}; stderr: ${run.stderr}`);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `stderr is not one line:\n${run.stderr}`);
      assert.match(lines[0] ?? '', /num\.partitions/);
    });

    it('exits 1 naming the key when --override sets a bad value', async function () {
      const run = await runBrokerToExit({ overrides: { 'socket.request.max.bytes': 'lots' } });
      assert.equal(run.code, 1, `exit code ${run.code}; stderr: ${run.stderr}`);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `stderr is not one line:\n${run.stderr}`);
      assert.match(lines[0] ?? '', /socket\.request\.max\.bytes/);
    });
  });
});
