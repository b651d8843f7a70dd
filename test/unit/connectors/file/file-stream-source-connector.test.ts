import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigException } from '../../../../src/connect/api/index.js';
import { FileStreamSinkConnector } from '../../../../connectors/file/file-stream-sink-connector.js';
import { FileStreamSinkTask } from '../../../../connectors/file/file-stream-sink-task.js';
import { FileStreamSourceConnector } from '../../../../connectors/file/file-stream-source-connector.js';
import { FileStreamSourceTask } from '../../../../connectors/file/file-stream-source-task.js';
import { plugin } from '../../../../connectors/file/index.js';

const errorsOf = (connector: FileStreamSourceConnector, props: Record<string, string>): Record<string, string[]> =>
  Object.fromEntries(connector.validate(props).configs.filter((c) => c.errors.length > 0).map((c) => [c.name, c.errors]));

describe('FileStreamSourceConnector', () => {
  it('declares Kafka\'s keys and defaults', () => {
    const config = new FileStreamSourceConnector().config();
    assert.deepEqual(config.keys.map((k) => k.name), ['file', 'files', 'topic', 'batch.size']);
    assert.equal(config.key('batch.size')?.defaultValue, 2000);
    assert.equal(config.key('topic')?.required, true);
    assert.equal(config.key('file')?.required, false);
  });

  it('validates per key without throwing', () => {
    const connector = new FileStreamSourceConnector();
    assert.deepEqual(errorsOf(connector, { file: 'data.txt', topic: 'connect-test' }), {});
    const bad = errorsOf(connector, { 'batch.size': 'abc', files: ' , ' });
    assert.deepEqual(Object.keys(bad).sort(), ['batch.size', 'files', 'topic']);
    assert.ok(Object.keys(errorsOf(connector, { topic: 'a,b' })).includes('topic'), 'one topic, not a list');
    assert.ok(Object.keys(errorsOf(connector, { topic: 't', 'batch.size': '0' })).includes('batch.size'));
  });

  it('refuses to start on a bad configuration, naming the key', () => {
    assert.throws(
      () => new FileStreamSourceConnector().start({ file: 'data.txt' }),
      (err: unknown) => err instanceof ConfigException && err.key === 'topic',
    );
  });

  it('runs one task for a single file, as Kafka does, and for standard input', async () => {
    const connector = new FileStreamSourceConnector();
    connector.start({ file: 'data.txt', topic: 't', name: 'local-file-source' });
    const configs = await connector.taskConfigs(4);
    assert.equal(configs.length, 1);
    assert.equal(configs[0]?.['file'], 'data.txt');
    assert.equal(configs[0]?.['name'], 'local-file-source');
    assert.deepEqual(JSON.parse(configs[0]?.['task.files'] ?? ''), ['data.txt']);
    connector.start({ topic: 't' });
    assert.equal((await connector.taskConfigs(4)).length, 1);
    assert.equal(connector.taskClass(), FileStreamSourceTask);
  });

  it('gives literal patterns no more tasks than files, and wildcard patterns tasks.max tasks', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'millrace-source-connector-'));
    try {
      writeFileSync(path.join(dir, 'a.log'), '');
      const connector = new FileStreamSourceConnector();
      connector.start({ files: `${dir}/a.log,${dir}/b.log`, topic: 't' });
      assert.equal((await connector.taskConfigs(5)).length, 2);
      connector.start({ files: `${dir}/*.log`, topic: 't' });
      const configs = await connector.taskConfigs(5);
      assert.deepEqual(configs.map((c) => c['task.index']), ['0', '1', '2', '3', '4']);
      assert.ok(configs.every((c) => c['task.count'] === '5'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('file connectors plugin manifest', () => {
  it('names the connectors by Kafka class name and short alias', () => {
    const descriptors = (plugin.connectors ?? []).flatMap((e) => (typeof e === 'function' ? [] : [e]));
    const source = descriptors.find((e) => e.name === 'org.apache.kafka.connect.file.FileStreamSourceConnector');
    const sink = descriptors.find((e) => e.name === 'org.apache.kafka.connect.file.FileStreamSinkConnector');
    assert.equal(source?.class, FileStreamSourceConnector);
    assert.equal(sink?.class, FileStreamSinkConnector);
    assert.deepEqual(source?.aliases, ['FileStreamSource']);
    assert.deepEqual(sink?.aliases, ['FileStreamSink']);
    assert.equal(new FileStreamSinkConnector().taskClass(), FileStreamSinkTask);
  });
});
