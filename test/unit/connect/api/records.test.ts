import assert from 'node:assert/strict';
import { ConnectHeaders, Schema, SinkRecord, SourceRecord, TimestampType } from '../../../../src/connect/api/index.js';

describe('records', () => {
  it('builds a source record with defaults', () => {
    const record = new SourceRecord({
      sourcePartition: { filename: 'a.txt' },
      sourceOffset: { position: 4 },
      topic: 't',
      valueSchema: Schema.STRING_SCHEMA,
      value: 'foo',
    });
    assert.equal(record.kafkaPartition, null);
    assert.equal(record.key, null);
    assert.equal(record.keySchema, null);
    assert.equal(record.timestamp, null);
    assert.equal(record.hasHeaders(), false);
    assert.equal(record.headers.size, 0);
    assert.deepEqual(record.sourceOffset, { position: 4 });
  });

  it('derives a changed copy with newRecord, keeping source position and duplicating headers', () => {
    const headers = new ConnectHeaders().addString('h', 'v');
    const record = new SourceRecord({ sourcePartition: { p: 1 }, sourceOffset: { o: 2 }, topic: 't', value: 'x', headers });
    const copy = record.newRecord({ topic: 'u', value: 'X', kafkaPartition: 3 });
    assert.equal(copy.topic, 'u');
    assert.equal(copy.value, 'X');
    assert.equal(copy.kafkaPartition, 3);
    assert.deepEqual(copy.sourcePartition, { p: 1 });
    assert.deepEqual(copy.sourceOffset, { o: 2 });
    copy.headers.addString('only-on-copy', 'y');
    assert.equal(record.headers.size, 1);
    assert.equal(copy.headers.size, 2);
    assert.equal(copy.newRecord({ key: null }).value, 'X');
  });

  it('keeps a sink record\'s original position across newRecord', () => {
    const record = new SinkRecord({ topic: 't', kafkaPartition: 1, kafkaOffset: 42, value: 'v', timestamp: 5, timestampType: TimestampType.CREATE_TIME });
    assert.equal(record.originalTopic, 't');
    const routed = record.newRecord({ topic: 'routed', kafkaPartition: 9 });
    assert.equal(routed.topic, 'routed');
    assert.equal(routed.kafkaPartition, 9);
    assert.equal(routed.kafkaOffset, 42);
    assert.equal(routed.originalTopic, 't');
    assert.equal(routed.originalKafkaPartition, 1);
    assert.equal(routed.originalKafkaOffset, 42);
    assert.equal(routed.timestampType, 'CreateTime');
    assert.match(String(routed), /^SinkRecord\{kafkaOffset=42, timestampType=CreateTime\} ConnectRecord\{topic='routed'/);
  });
});

describe('ConnectHeaders', () => {
  it('keeps order and repeated keys, the last one winning', () => {
    const headers = new ConnectHeaders().addString('a', '1').addInt32('b', 2).addString('a', '3');
    assert.deepEqual([...headers].map((h) => h.key), ['a', 'b', 'a']);
    assert.equal(headers.lastWithName('a')?.value, '3');
    assert.equal(headers.allWithName('a').length, 2);
    assert.ok(headers.lastWithName('b')?.schema?.equals(Schema.INT32_SCHEMA));
    assert.equal(headers.lastWithName('c'), undefined);
  });

  it('removes, retains the latest, and duplicates independently', () => {
    const headers = new ConnectHeaders().addString('a', '1').addString('b', '2').addString('a', '3');
    const copy = headers.duplicate();
    headers.retainLatest();
    assert.deepEqual([...headers].map((h) => `${h.key}=${String(h.value)}`), ['b=2', 'a=3']);
    copy.remove('a');
    assert.deepEqual([...copy].map((h) => h.key), ['b']);
    assert.equal(headers.clear().isEmpty(), true);
  });
});
