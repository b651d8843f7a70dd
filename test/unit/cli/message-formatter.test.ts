import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { ConsumerRecord } from '../../../src/client/consumer/consumer-record.js';
import { BufferedOutput } from '../../../src/cli/buffered-output.js';
import { DeserializationError } from '../../../src/cli/deserializers.js';
import { DefaultMessageFormatter } from '../../../src/cli/message-formatter.js';
import { UsageError } from '../../../src/cli/usage-error.js';

function record(overrides: Partial<ConsumerRecord> = {}): ConsumerRecord {
  return {
    topic: 't',
    partition: 3,
    offset: 42,
    timestamp: 1700000000123,
    timestampType: 'CreateTime',
    key: Buffer.from('k1'),
    value: Buffer.from('v1'),
    headers: [],
    leaderEpoch: 0,
    ...overrides,
  };
}

class Sink extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk);
    callback();
  }
}

async function format(props: Record<string, string>, ...records: ConsumerRecord[]): Promise<string> {
  const sink = new Sink();
  const out = new BufferedOutput(sink);
  const formatter = new DefaultMessageFormatter(new Map(Object.entries(props)));
  for (const r of records) formatter.writeTo(r, out);
  await out.flush();
  return Buffer.concat(sink.chunks).toString('latin1');
}

describe('DefaultMessageFormatter (Kafka 3)', () => {
  it('prints only the value and a newline by default', async () => {
    assert.equal(await format({}, record(), record({ value: Buffer.from('v2') })), 'v1\nv2\n');
  });

  it('prints key and value with key.separator', async () => {
    assert.equal(await format({ 'print.key': 'true', 'key.separator': ':' }, record()), 'k1:v1\n');
    assert.equal(await format({ 'print.key': 'true' }, record()), 'k1\tv1\n');
  });

  it('prints every column in Kafka order', async () => {
    const r = record({ headers: [{ key: 'h1', value: Buffer.from('x') }, { key: 'h2', value: null }] });
    const all = { 'print.timestamp': 'true', 'print.partition': 'true', 'print.offset': 'true', 'print.headers': 'true', 'print.key': 'true' };
    assert.equal(await format(all, r), 'CreateTime:1700000000123\tPartition:3\tOffset:42\th1:x,h2:null\tk1\tv1\n');
  });

  it('prints NO_HEADERS, null keys and values with null.literal', async () => {
    const r = record({ key: null, value: null, timestampType: 'LogAppendTime' });
    assert.equal(
      await format({ 'print.headers': 'true', 'print.key': 'true', 'print.timestamp': 'true' }, r),
      'LogAppendTime:1700000000123\tNO_HEADERS\tnull\tnull\n',
    );
    assert.equal(await format({ 'print.key': 'true', 'null.literal': '<nil>' }, r), '<nil>\t<nil>\n');
  });

  it('ends the last printed column with line.separator when print.value=false', async () => {
    assert.equal(await format({ 'print.key': 'true', 'print.value': 'false' }, record()), 'k1\n');
    assert.equal(await format({ 'print.offset': 'true', 'print.value': 'false', 'line.separator': '|' }, record(), record()), 'Offset:42|Offset:42|');
  });

  it('writes value bytes unchanged, including invalid UTF-8', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0xc3, 0x28, 0x0a]);
    const sink = new Sink();
    const out = new BufferedOutput(sink);
    new DefaultMessageFormatter(new Map()).writeTo(record({ value: bytes }), out);
    await out.flush();
    assert.ok(Buffer.concat(sink.chunks).equals(Buffer.concat([bytes, Buffer.from('\n')])));
  });

  it('handles values larger than its buffer', async () => {
    const big = Buffer.alloc(200_000, 0x61);
    const printed = await format({ 'print.key': 'true' }, record({ value: big }), record());
    assert.equal(printed, `k1\t${big.toString('latin1')}\nk1\tv1\n`);
  });

  it('applies named deserializers', async () => {
    const n = Buffer.alloc(8);
    n.writeBigInt64BE(-5n);
    const props = { 'print.key': 'true', 'key.deserializer': 'org.apache.kafka.common.serialization.LongDeserializer', 'value.deserializer': 'IntegerDeserializer' };
    const v = Buffer.alloc(4);
    v.writeInt32BE(70000);
    assert.equal(await format(props, record({ key: n, value: v })), '-5\t70000\n');
    await assert.rejects(format(props, record()), DeserializationError);
    assert.throws(() => new DefaultMessageFormatter(new Map([['value.deserializer', 'com.example.Nope']])), UsageError);
  });
});
