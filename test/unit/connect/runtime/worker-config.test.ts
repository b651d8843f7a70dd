import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../../../src/common/config/config-def.js';
import { PropertiesParseError } from '../../../../src/common/properties.js';
import { loadWorkerConfig } from '../../../../src/connect/runtime/worker-config.js';

describe('worker config', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'millrace-worker-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function file(text: string): string {
    const p = path.join(dir, 'worker.properties');
    writeFileSync(p, text);
    return p;
  }

  function configErrorOf(fn: () => unknown): ConfigError {
    try {
      fn();
    } catch (err) {
      assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
      return err;
    }
    assert.fail('expected a ConfigError');
  }

  const MINIMAL = 'key.converter=org.apache.kafka.connect.json.JsonConverter\nvalue.converter=StringConverter\noffset.storage.file.filename=/tmp/x.offsets\n';

  it('applies Kafka defaults and passes prefixed settings to converters and clients', () => {
    const { config, warnings } = loadWorkerConfig(
      file(`${MINIMAL}value.converter.schemas.enable=false\nkey.converter.schemas.enable=true\nproducer.linger.ms=20\nconsumer.max.poll.records=7\nadmin.client.id=a\n`),
    );
    assert.deepEqual(warnings, []);
    assert.deepEqual(config.bootstrapServers, ['localhost:9092']);
    assert.equal(config.keyConverter.className, 'org.apache.kafka.connect.json.JsonConverter');
    assert.deepEqual(config.keyConverter.configs, { 'schemas.enable': 'true' });
    assert.deepEqual(config.valueConverter, { className: 'StringConverter', configs: { 'schemas.enable': 'false' } });
    assert.equal(config.headerConverter.className, 'org.apache.kafka.connect.storage.SimpleHeaderConverter');
    assert.equal(config.offsetFlushIntervalMs, 60000);
    assert.equal(config.offsetFlushTimeoutMs, 5000);
    assert.equal(config.taskShutdownGracefulTimeoutMs, 5000);
    assert.deepEqual(config.restListeners, ['http://:8083']);
    assert.deepEqual(config.pluginPath, []);
    assert.deepEqual(config.producerConfigs, { 'linger.ms': '20' });
    assert.deepEqual(config.consumerConfigs, { 'max.poll.records': '7' });
    assert.deepEqual(config.adminConfigs, { 'client.id': 'a' });
    assert.equal(config.embeddedBroker, null);
  });

  it('lists every missing and invalid key in one error, each with file and line', () => {
    const p = file('key.converter=JsonConverter\noffset.flush.interval.ms=soon\ntask.shutdown.graceful.timeout.ms=-5\n');
    const err = configErrorOf(() => loadWorkerConfig(p));
    const keys = err.errors.map((e) => e.key).sort();
    assert.deepEqual(keys, ['offset.flush.interval.ms', 'offset.storage.file.filename', 'task.shutdown.graceful.timeout.ms', 'value.converter']);
    const flush = err.errors.find((e) => e.key === 'offset.flush.interval.ms')!;
    assert.equal(flush.source, p);
    assert.equal(flush.line, 2);
    assert.match(err.message, new RegExp(`${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: offset.flush.interval.ms: expected a long integer >= 0, got "soon"`));
    assert.match(err.message, /value\.converter: missing required configuration/);
  });

  it('warns about an unknown key with the closest known one', () => {
    const { warnings } = loadWorkerConfig(file(`${MINIMAL}offset.flush.intervall.ms=100\nrest.port=8083\n`));
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /:4: unknown configuration 'offset\.flush\.intervall\.ms' \(did you mean 'offset\.flush\.interval\.ms'\?\)/);
    assert.match(warnings[1]!, /unknown configuration 'rest\.port'/);
  });

  it('configures the embedded broker from embedded.broker.* and leaves bootstrap.servers to it', () => {
    const { config, warnings } = loadWorkerConfig(
      file(`${MINIMAL}embedded.broker.enable=true\nembedded.broker.listeners=PLAINTEXT://127.0.0.1:0\nembedded.broker.log.dirs=${dir}/broker\nembedded.broker.num.partitons=3\n`),
    );
    assert.ok(config.embeddedBroker !== null);
    assert.deepEqual(config.embeddedBroker.logDirs, [`${dir}/broker`]);
    assert.equal(config.embeddedBroker.listeners[0]!.port, 0);
    assert.equal(config.bootstrapServers, null);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /unknown configuration 'embedded\.broker\.num\.partitons' \(did you mean 'embedded\.broker\.num\.partitions'\?\)/);
  });

  it('keeps an explicit bootstrap.servers beside the embedded broker', () => {
    const { config } = loadWorkerConfig(file(`${MINIMAL}bootstrap.servers=127.0.0.1:9999\nembedded.broker.enable=true\n`));
    assert.deepEqual(config.bootstrapServers, ['127.0.0.1:9999']);
  });

  it('reports a bad embedded broker key in the same error as the worker keys, under its prefixed name', () => {
    const p = file(`key.converter=A\nvalue.converter=B\nembedded.broker.enable=true\nembedded.broker.num.partitions=zero\n`);
    const err = configErrorOf(() => loadWorkerConfig(p));
    assert.deepEqual(err.errors.map((e) => e.key).sort(), ['embedded.broker.num.partitions', 'offset.storage.file.filename']);
    assert.equal(err.errors.find((e) => e.key === 'embedded.broker.num.partitions')!.line, 4);
  });

  it('ignores embedded.broker.* keys, with a warning, when the broker is not enabled', () => {
    const { config, warnings } = loadWorkerConfig(file(`${MINIMAL}embedded.broker.num.partitions=zero\n`));
    assert.equal(config.embeddedBroker, null);
    assert.equal(warnings.length, 1);
  });

  it('names file and line of a malformed properties line', () => {
    const p = file(`${MINIMAL}bad=\\u12\n`);
    assert.throws(() => loadWorkerConfig(p), (err: unknown) => err instanceof PropertiesParseError && err.line === 4 && err.file === p);
  });
});
