import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConnectorConfig } from '../../../../src/connect/runtime/connector-config.js';
import { ConnectorFileError, readConnectorFile } from '../../../../src/connect/runtime/connector-file.js';

describe('connector config', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'millrace-connector-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, text: string): string {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  }

  it('reads Kafka\'s shipped source file with defaults for the runtime keys', () => {
    const p = file('src.properties', 'name=local-file-source\nconnector.class=FileStreamSource\ntasks.max=1\nfile=test.txt\ntopic=connect-test\n');
    const result = parseConnectorConfig(readConnectorFile(p), 'source', ['file', 'topic', 'batch.size'], p);
    assert.ok(result.config !== null);
    assert.equal(result.config.name, 'local-file-source');
    assert.equal(result.config.connectorClass, 'FileStreamSource');
    assert.equal(result.config.tasksMax, 1);
    assert.equal(result.config.errorsTolerance, 'none');
    assert.equal(result.config.keyConverter, null);
    assert.deepEqual(result.errors, []);
    assert.deepEqual('unknown' in result ? result.unknown : null, []);
  });

  it('reports tasks.max=abc with file, line and key', () => {
    const p = file('bad.properties', 'name=x\nconnector.class=FileStreamSource\ntasks.max=abc\n');
    const result = parseConnectorConfig(readConnectorFile(p), 'source', [], p);
    assert.equal(result.config, null);
    assert.deepEqual(result.errors, [{ key: 'tasks.max', message: 'expected an integer >= 1, got "abc"', source: p, line: 3 }]);
  });

  it('reports every missing required key with the file', () => {
    const p = file('empty.properties', '# nothing\n');
    const result = parseConnectorConfig(readConnectorFile(p), 'source', [], p);
    assert.deepEqual(result.errors.map((e) => [e.key, e.source]).sort(), [['connector.class', p], ['name', p]]);
  });

  it('requires exactly one of topics and topics.regex for sinks', () => {
    const base = 'name=s\nconnector.class=FileStreamSink\n';
    const none = parseConnectorConfig(readConnectorFile(file('a', base)), 'sink', []);
    assert.deepEqual(none.errors.map((e) => e.key), ['topics']);
    const both = parseConnectorConfig(readConnectorFile(file('b', `${base}topics=t\ntopics.regex=t.*\n`)), 'sink', []);
    assert.deepEqual(both.errors.map((e) => [e.key, e.line]), [['topics.regex', 4]]);
    const regex = parseConnectorConfig(readConnectorFile(file('c', `${base}topics.regex=logs-.*\n`)), 'sink', []);
    assert.ok(regex.config !== null);
    assert.ok(regex.config.topicsRegex?.test('logs-a'));
    assert.ok(!regex.config.topicsRegex?.test('xlogs-a'));
  });

  it('takes converter overrides with their own prefixed settings, and client overrides', () => {
    const p = file('o', 'name=s\nconnector.class=X\ntopics=t\nvalue.converter=StringConverter\nvalue.converter.encoding=latin1\nkey.converter.schemas.enable=false\nconsumer.override.max.poll.records=5\n');
    const result = parseConnectorConfig(readConnectorFile(p), 'sink', []);
    assert.ok(result.config !== null);
    assert.deepEqual(result.config.valueConverter, { className: 'StringConverter', configs: { encoding: 'latin1' } });
    assert.equal(result.config.keyConverter, null, 'prefixed settings alone do not override the worker\'s converter');
    assert.deepEqual(result.config.consumerOverrides, { 'max.poll.records': '5' });
  });

  it('warns about unknown keys, suggesting from runtime and connector keys alike', () => {
    const p = file('u', 'name=s\nconnector.class=X\ntopic=t\nfiel=a\nerrors.tolerence=all\n');
    const result = parseConnectorConfig(readConnectorFile(p), 'source', ['file', 'topic'], p);
    assert.ok('unknown' in result);
    assert.deepEqual(result.unknown.map((u) => [u.key, u.suggestion, u.line]), [['fiel', 'file', 4], ['errors.tolerence', 'errors.tolerance', 5]]);
  });

  it('refuses a dead letter queue topic that is also consumed', () => {
    const result = parseConnectorConfig(readConnectorFile(file('d', 'name=s\nconnector.class=X\ntopics=a,b\nerrors.deadletterqueue.topic.name=b\n')), 'sink', []);
    assert.deepEqual(result.errors.map((e) => e.key), ['errors.deadletterqueue.topic.name']);
  });

  it('reads a JSON connector file shaped like POST /connectors, with lines for errors', () => {
    const p = file('c.json', '{\n  "name": "local-file-sink",\n  "config": {\n    "connector.class": "FileStreamSink",\n    "tasks.max": "abc",\n    "topics": "connect-test"\n  }\n}\n');
    const entries = readConnectorFile(p);
    assert.equal(entries.get('name')!.value, 'local-file-sink');
    const result = parseConnectorConfig(entries, 'sink', []);
    assert.deepEqual(result.errors, [{ key: 'tasks.max', message: 'expected an integer >= 1, got "abc"', source: p, line: 5 }]);
  });

  it('rejects JSON that is malformed or not {name, config}', () => {
    assert.throws(() => readConnectorFile(file('m.json', '{"name": "x", ')), ConnectorFileError);
    assert.throws(() => readConnectorFile(file('n.json', '{"name": "x", "config": [1]}')), /expected "config" to be an object/);
    assert.throws(() => readConnectorFile(file('o.json', '{"name": "x", "config": {"name": "y"}}')), /differs from the top-level "name"/);
  });
});
