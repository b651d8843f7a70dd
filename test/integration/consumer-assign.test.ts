import assert from 'node:assert/strict';
import { Consumer } from '../../src/client/consumer/consumer.js';
import { NoOffsetForPartitionError, OffsetOutOfRangeError, WakeupError } from '../../src/client/consumer/consumer-errors.js';
import type { ConsumerOptions } from '../../src/client/consumer/consumer-config.js';
import type { ConsumerRecord } from '../../src/client/consumer/consumer-record.js';
import { cleanup, startBroker } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { assertSucceeded, kcat, requireTool, size } from '../support/tools.js';

const COUNT = size(2_000, 50_000);
const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

/** Millrace's consumer with `assign()` (no group) reading what kcat produced into a Millrace broker. */
describe('consumer with assign() against a Millrace broker', function () {
  this.timeout(size(120_000, 900_000));
  let broker: BrokerHandle;
  const consumers: Consumer[] = [];

  before(async function () {
    requireTool('kcat', 'apt-get install kcat');
    broker = await startBroker({ props: { 'num.partitions': '1', 'group.initial.rebalance.delay.ms': '0' } });
  });

  afterEach(async function () {
    await Promise.all(consumers.splice(0).map((c) => c.close()));
    if (this.currentTest?.state === 'failed') console.log(`--- broker output ---\n${broker.allLogs().slice(-20_000)}`);
  });

  after(async function () {
    try {
      if (broker?.running) await broker.stop();
    } finally {
      await cleanup();
    }
  });

  function consumer(options: Partial<ConsumerOptions> = {}): Consumer {
    const created = new Consumer({ bootstrapServers: broker.bootstrap, autoOffsetReset: 'earliest', ...options });
    consumers.push(created);
    return created;
  }

  /** kcat -P of `count` lines `k<i>:v<i>` with a header, into partition 0. */
  async function produce(topic: string, from: number, count: number, codec: string = 'none'): Promise<void> {
    const lines = Array.from({ length: count }, (_, i) => `k${from + i}:v${from + i}`).join('\n') + '\n';
    const result = await kcat(['-P', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-K:', '-H', 'source=kcat', '-z', codec], { input: lines });
    assertSucceeded(result, `kcat produce to ${topic}`);
  }

  async function pollUntil(c: Consumer, count: number, timeoutMs = 60_000): Promise<ConsumerRecord[]> {
    const records: ConsumerRecord[] = [];
    const deadline = Date.now() + timeoutMs;
    while (records.length < count) {
      assert.ok(Date.now() < deadline, `only ${records.length} of ${count} records within ${timeoutMs} ms`);
      records.push(...(await c.poll(1_000)));
    }
    return records;
  }

  for (const codec of CODECS) {
    it(`reads ${COUNT} records kcat produced with compression ${codec}, in order, with keys and headers`, async function () {
      const topic = `assign-${codec}`;
      await produce(topic, 0, COUNT, codec);
      const c = consumer({ maxPollRecords: 300 });
      c.assign([{ topic, partition: 0 }]);
      const records = await pollUntil(c, COUNT);
      assert.equal(records.length, COUNT);
      records.forEach((r, i) => {
        assert.equal(r.offset, i);
        assert.equal(r.topic, topic);
        assert.equal(r.partition, 0);
        assert.equal(r.key?.toString(), `k${i}`);
        assert.equal(r.value?.toString(), `v${i}`);
      });
      assert.deepEqual(records[0]!.headers.map((h) => [h.key, h.value?.toString()]), [['source', 'kcat']]);
      assert.equal(records[0]!.timestampType, 'CreateTime');
      assert.ok(Math.abs(records[0]!.timestamp - Date.now()) < 600_000);
      assert.deepEqual(await c.poll(200), [], 'nothing more');
      assert.equal(await c.position({ topic, partition: 0 }), COUNT);
    });
  }

  it('seeks into the middle of a batch, to the beginning and to the end', async function () {
    const topic = 'assign-seek';
    const tp = { topic, partition: 0 };
    await produce(topic, 0, 100);
    const c = consumer({ autoOffsetReset: 'latest' });
    c.assign([tp]);
    assert.equal(await c.position(tp), 100, 'latest: the log end');

    c.seek(tp, 37);
    const fromMiddle = await pollUntil(c, 63);
    assert.deepEqual(fromMiddle.map((r) => r.offset), Array.from({ length: 63 }, (_, i) => 37 + i));

    c.seekToBeginning([tp]);
    assert.equal(await c.position(tp), 0);
    assert.equal((await pollUntil(c, 1))[0]!.offset, 0);

    c.seekToEnd();
    assert.equal(await c.position(tp), 100);
    await produce(topic, 100, 5);
    assert.deepEqual((await pollUntil(c, 5)).map((r) => r.value?.toString()), ['v100', 'v101', 'v102', 'v103', 'v104']);
  });

  it('pauses and resumes a partition', async function () {
    const topic = 'assign-pause';
    const tp = { topic, partition: 0 };
    await produce(topic, 0, 50);
    const c = consumer();
    c.assign([tp]);
    c.pause([tp]);
    assert.deepEqual(c.paused(), [tp]);
    assert.deepEqual(await c.poll(1_000), []);
    c.resume([tp]);
    assert.deepEqual(c.paused(), []);
    assert.equal((await pollUntil(c, 50)).length, 50);
  });

  it('resets an out-of-range position by autoOffsetReset, or fails with none', async function () {
    const topic = 'assign-range';
    const tp = { topic, partition: 0 };
    await produce(topic, 0, 10);
    const resetting = consumer({ autoOffsetReset: 'earliest' });
    resetting.assign([tp]);
    resetting.seek(tp, 1_000);
    assert.equal((await pollUntil(resetting, 10))[0]!.offset, 0);

    const strict = consumer({ autoOffsetReset: 'none' });
    strict.assign([tp]);
    await assert.rejects(strict.poll(5_000), NoOffsetForPartitionError);
    strict.seek(tp, 1_000);
    const deadline = Date.now() + 10_000;
    let failure: unknown;
    while (failure === undefined && Date.now() < deadline) {
      try {
        await strict.poll(500);
      } catch (error) {
        failure = error;
      }
    }
    assert.ok(failure instanceof OffsetOutOfRangeError, `expected OffsetOutOfRangeError, got ${String(failure)}`);
    assert.deepEqual(failure.partitions, [tp]);
  });

  it('commits with a group id but no membership, and a new consumer resumes there', async function () {
    const topic = 'assign-commit';
    const tp = { topic, partition: 0 };
    await produce(topic, 0, 30);
    const first = consumer({ groupId: 'assign-group', enableAutoCommit: false, maxPollRecords: 20 });
    first.assign([tp]);
    const read = await first.poll(10_000);
    assert.equal(read.length, 20);
    await first.commitSync();
    const [committed] = await first.committed([tp]);
    assert.equal(committed?.offset, 20);
    assert.equal(committed?.metadata, '');
    await first.commitSync([{ topic, partition: 0, offset: 25, metadata: 'note' }]);

    const second = consumer({ groupId: 'assign-group', enableAutoCommit: false });
    second.assign([tp]);
    assert.deepEqual((await pollUntil(second, 5)).map((r) => r.offset), [25, 26, 27, 28, 29]);
    assert.equal((await second.committed([tp]))[0]?.metadata, 'note');
  });

  it('wakeup() interrupts a waiting poll, and batches() ends on close', async function () {
    const topic = 'assign-wakeup';
    const tp = { topic, partition: 0 };
    await produce(topic, 0, 3);
    const c = consumer();
    c.assign([tp]);
    assert.equal((await pollUntil(c, 3)).length, 3);
    const waiting = c.poll(30_000);
    setTimeout(() => c.wakeup(), 200);
    const started = Date.now();
    await assert.rejects(waiting, WakeupError);
    assert.ok(Date.now() - started < 10_000);

    c.seekToBeginning([tp]);
    const seen: number[] = [];
    for await (const batch of c.batches(200)) {
      seen.push(...batch.map((r) => r.offset));
      if (seen.length >= 3) void c.close();
    }
    assert.deepEqual(seen, [0, 1, 2]);
  });
});
