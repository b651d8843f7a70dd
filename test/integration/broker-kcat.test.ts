import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, printBrokerOutputOnFailure, startBroker, tmpDir } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { assertSucceeded, kcat, kcatConsume, requireTool, size } from '../support/tools.js';
import { xorshift32 } from '../support/xorshift.js';

const LINES = size(20_000, 1_000_000);
const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

/**
 * Deterministic lines of varied length (1 byte to ~16 KiB, mostly short) over every byte value except the
 * delimiter and NUL, so compression, batching and byte-exactness are all exercised.
 */
function makeLines(count: number, seed: number): Buffer {
  const next = xorshift32(seed);
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const roll = next() % 1000;
    const length = roll === 0 ? 4096 + (next() % 12_288) : roll < 50 ? 1 + (next() % 2000) : 1 + (next() % 120);
    const line = Buffer.allocUnsafe(length + 1);
    const prefix = Buffer.from(`${i}:`);
    for (let j = 0; j < length; j++) {
      let byte = i % 3 === 0 ? 0x20 + (next() % 95) : 1 + (next() % 255);
      if (byte === 0x0a) byte = 0x2e;
      line[j] = byte;
    }
    prefix.copy(line, 0, 0, Math.min(prefix.length, length));
    line[length] = 0x0a;
    parts.push(line);
  }
  return Buffer.concat(parts);
}

/** Where two buffers first differ, for a failure message that does not dump megabytes. */
function firstDifference(actual: Buffer, expected: Buffer): string {
  const limit = Math.min(actual.length, expected.length);
  let at = 0;
  while (at < limit && actual[at] === expected[at]) at++;
  const line = expected.subarray(0, at).filter((byte) => byte === 0x0a).length;
  return (
    `got ${actual.length} bytes, expected ${expected.length}; first difference at byte ${at} (line ${line}): ` +
    `got ${JSON.stringify(actual.subarray(at, at + 40).toString('latin1'))}, ` +
    `expected ${JSON.stringify(expected.subarray(at, at + 40).toString('latin1'))}`
  );
}

describe('broker with kcat (acceptance 1)', function () {
  this.timeout(size(120_000, 1_800_000));
  let broker: BrokerHandle;
  let dir: string;

  before(async function () {
    requireTool('kcat', 'apt-get install kcat');
    dir = tmpDir();
    broker = await startBroker();
  });

  after(async function () {
    try {
      if (broker?.running) await broker.stop();
    } finally {
      await cleanup();
    }
  });

  printBrokerOutputOnFailure(() => broker);

  it('logs to stdout and writes nothing to stderr on a clean start', function () {
    assert.equal(broker.stderr(), '', `stderr of a clean start:\n${broker.stderr()}`);
  });

  it('kcat -L lists the broker on its advertised address', async function () {
    const result = await kcat(['-L', '-J', '-b', broker.bootstrap]);
    assertSucceeded(result, 'kcat -L');
    const metadata = JSON.parse(result.stdout.toString()) as { brokers: { id: number; name: string }[] };
    assert.deepEqual(metadata.brokers, [{ id: 0, name: broker.bootstrap }]);
  });

  for (const codec of CODECS) {
    it(`round-trips ${LINES} lines byte-identical and in order with -z ${codec}`, async function () {
      const topic = `lines-${codec}`;
      const data = makeLines(LINES, 0x9e3779b9 ^ codec.length ^ codec.charCodeAt(0));
      const file = path.join(dir, `${topic}.txt`);
      writeFileSync(file, data);
      const produced = await kcat(
        [
          '-P', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-z', codec, '-l', file,
          '-X', 'acks=all', '-X', 'linger.ms=5', '-X', 'batch.size=1000000', '-X', 'message.timeout.ms=60000',
        ],
        { timeoutMs: size(60_000, 900_000) },
      );
      assertSucceeded(produced, `kcat -P -z ${codec}`);
      const consumed = await kcatConsume(broker.bootstrap, topic, { timeoutMs: size(60_000, 900_000) });
      assert.ok(consumed.equals(data), firstDifference(consumed, data));
    });
  }

  it('kcat -L lists every auto-created topic with one partition led by broker 0', async function () {
    const result = await kcat(['-L', '-J', '-b', broker.bootstrap]);
    assertSucceeded(result, 'kcat -L');
    const metadata = JSON.parse(result.stdout.toString()) as {
      topics: { topic: string; partitions: { partition: number; leader: number }[] }[];
    };
    for (const codec of CODECS) {
      const topic = metadata.topics.find((entry) => entry.topic === `lines-${codec}`);
      assert.ok(topic, `lines-${codec} missing from ${JSON.stringify(metadata.topics.map((t) => t.topic))}`);
      assert.deepEqual(
        topic.partitions.map((p) => ({ partition: p.partition, leader: p.leader })),
        [{ partition: 0, leader: 0 }],
      );
    }
  });
});
