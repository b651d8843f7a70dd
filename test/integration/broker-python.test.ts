import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, printBrokerOutputOnFailure, startBroker, tmpDir } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { assertSucceeded, kcatConsume, python, requirePythonKafka, requireTool, size } from '../support/tools.js';

const MESSAGES = size(5_000, 200_000);

interface ListedTopics {
  brokers: { id: number; host: string; port: number }[];
  topics: Record<string, { partitions: number[]; leaders: number[]; error: string | null }>;
}

async function runJson<T>(script: string, args: string[], timeoutMs = 60_000): Promise<T> {
  const result = await python(script, args, { timeoutMs });
  assertSucceeded(result, `${script} ${args.join(' ')}`);
  return JSON.parse(result.stdout.toString()) as T;
}

/** kcat's `%h` prints headers as `key=value` joined by commas. */
function formatHeaders(headers: readonly (readonly [string, string])[]): string {
  return headers.map(([key, value]) => `${key}=${value}`).join(',');
}

describe('broker with python3-confluent-kafka', function () {
  this.timeout(size(120_000, 900_000));
  let broker: BrokerHandle;

  before(async function () {
    requireTool('kcat', 'apt-get install kcat');
    requirePythonKafka();
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

  it('AdminClient creates topics and lists them', async function () {
    const created = await runJson<{ error: string | null }>('admin.py', ['create', broker.bootstrap, 'py-admin', '4']);
    assert.equal(created.error, null);
    const again = await runJson<{ error: string | null }>('admin.py', ['create', broker.bootstrap, 'py-admin', '4']);
    assert.match(again.error ?? '', /TOPIC_ALREADY_EXISTS/);
    const listed = await runJson<ListedTopics>('admin.py', ['list', broker.bootstrap]);
    assert.deepEqual(listed.brokers, [{ id: 0, host: '127.0.0.1', port: broker.port }]);
    assert.deepEqual(listed.topics['py-admin'], { partitions: [0, 1, 2, 3], leaders: [0, 0, 0, 0], error: null });
  });

  it(`a producer gets a delivery report without error for each of ${MESSAGES} messages, offsets consecutive`, async function () {
    const report = path.join(tmpDir(), 'delivered.txt');
    const summary = await runJson<{ delivered: number; failed: number; undelivered: number }>(
      'delivery-producer.py',
      [broker.bootstrap, 'py-delivery', String(MESSAGES), report, 'all', '0'],
      size(60_000, 600_000),
    );
    assert.deepEqual(summary, { delivered: MESSAGES, failed: 0, undelivered: 0 });
    const lines = readFileSync(report, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, MESSAGES);
    const offsetById = new Map<number, number>();
    for (const line of lines) {
      const [id, offset] = line.split(' ').map(Number);
      assert.ok(id !== undefined && offset !== undefined && Number.isInteger(id) && Number.isInteger(offset), line);
      offsetById.set(id, offset);
    }
    const offsets = [...offsetById.values()].sort((a, b) => a - b);
    assert.equal(offsetById.size, MESSAGES);
    offsets.forEach((offset, index) => assert.equal(offset, index, `offsets are not consecutive at ${index}`));
    const stored = (await kcatConsume(broker.bootstrap, 'py-delivery', { format: '%o %s\n' }))
      .toString()
      .trimEnd()
      .split('\n');
    assert.equal(stored.length, MESSAGES);
    for (const line of stored) {
      const [offset, value] = line.split(' ');
      const id = Number(value?.slice(3));
      assert.equal(offsetById.get(id), Number(offset), `message ${value} stored at offset ${offset}`);
    }
  });

  it('headers are preserved (kcat -f %h)', async function () {
    const result = await runJson<{ reports: { value: string; error: string | null; offset: number }[]; undelivered: number }>(
      'headers-producer.py',
      [broker.bootstrap, 'py-headers'],
    );
    assert.equal(result.undelivered, 0);
    assert.deepEqual(
      result.reports.map((report) => [report.value, report.error, report.offset]),
      [['one', null, 0], ['two', null, 1], ['three', null, 2], ['four', null, 3]],
    );
    const out = (await kcatConsume(broker.bootstrap, 'py-headers', { format: '%s|%h\n' })).toString('utf8');
    const expected = [
      `one|${formatHeaders([['trace', 'abc-123']])}`,
      `two|${formatHeaders([['a', '1'], ['b', '2'], ['a', '3']])}`,
      `three|${formatHeaders([['empty', '']])}`,
      `four|${formatHeaders([['unicode', 'grüße-✓'], ['n', '42']])}`,
    ];
    assert.deepEqual(out.trimEnd().split('\n'), expected);
  });
});
