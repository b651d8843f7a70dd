import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConfigSource,
  defaultLogConfig,
  describeBrokerConfigs,
  loadBrokerConfig,
  parseBrokerConfig,
} from '../../../../src/broker/config/broker-config.js';
import type { BrokerConfig } from '../../../../src/broker/config/broker-config.js';
import { ConfigError } from '../../../../src/common/config/config-def.js';
import { PropertiesReadError } from '../../../../src/common/properties.js';

/** dist/test/unit/broker/config → the repository root. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const SHIPPED = join(ROOT, 'config', 'server.properties');

/** The settings of Apache Kafka's own sample config/server.properties (ZooKeeper era), comments left out. */
const KAFKA_SAMPLE = `broker.id=0
num.network.threads=3
num.io.threads=8
socket.send.buffer.bytes=102400
socket.receive.buffer.bytes=102400
socket.request.max.bytes=104857600
log.dirs=/tmp/kafka-logs
num.partitions=1
num.recovery.threads.per.data.dir=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
#log.flush.interval.messages=10000
#log.flush.interval.ms=1000
log.retention.hours=168
#log.retention.bytes=1073741824
log.segment.bytes=1073741824
log.retention.check.interval.ms=300000
zookeeper.connect=localhost:2181
zookeeper.connection.timeout.ms=18000
group.initial.rebalance.delay.ms=0
`;

const HOUR = 3_600_000;

function parse(settings: Record<string, string>): BrokerConfig {
  return parseBrokerConfig(settings).config;
}

function configErrors(fn: () => unknown): ConfigError['errors'] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err.errors;
  }
  assert.fail('expected a ConfigError');
}

describe('loadBrokerConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(os.tmpdir(), 'millrace-broker-config-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function file(text: string): string {
    const path = join(dir, 'server.properties');
    writeFileSync(path, text);
    return path;
  }

  it('loads the shipped config/server.properties with no warnings', () => {
    const { config, warnings } = loadBrokerConfig(SHIPPED);
    assert.deepEqual(warnings, []);
    assert.equal(config.brokerId, 0);
    assert.deepEqual(config.listeners, [{ name: 'PLAINTEXT', host: '', port: 9092 }]);
    assert.deepEqual(config.advertisedListeners, [{ name: 'PLAINTEXT', host: os.hostname(), port: 9092 }]);
    assert.deepEqual(config.logDirs, ['/tmp/millrace-logs']);
    assert.equal(config.numPartitions, 1);
    assert.equal(config.logRetentionMs, 168 * HOUR);
    assert.equal(config.logSegmentBytes, 1073741824);
    assert.equal(config.logRetentionCheckIntervalMs, 300000);
    assert.equal(config.offsetsTopicReplicationFactor, 1);
    assert.equal(config.transactionStateLogMinIsr, 1);
    assert.equal(config.groupInitialRebalanceDelayMs, 0);
  });

  it("loads Kafka's own sample server.properties with no warnings", () => {
    const { config, warnings } = loadBrokerConfig(file(KAFKA_SAMPLE));
    assert.deepEqual(warnings, []);
    assert.deepEqual(config.logDirs, ['/tmp/kafka-logs']);
  });

  it('names the key and line of a bad integer', () => {
    const path = file('broker.id=0\n# comment\n\nlog.segment.bytes=abc\nnum.partitions=1.5\n');
    assert.throws(() => loadBrokerConfig(path), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(
        err.message,
        `${path}:4: log.segment.bytes: expected an integer >= 14, got "abc"\n` +
          `${path}:5: num.partitions: expected an integer >= 1, got "1.5"`,
      );
      return true;
    });
  });

  it('warns about unknown keys with the closest known one', () => {
    const path = file('broker.id=0\n\nlog.segmant.bytes=1024\nfrobnicate=yes\n');
    const { warnings } = loadBrokerConfig(path);
    assert.deepEqual(warnings, [
      `${path}:3: unknown configuration 'log.segmant.bytes' (did you mean 'log.segment.bytes'?)`,
      `${path}:4: unknown configuration 'frobnicate'`,
    ]);
  });

  it('applies --override settings over the file, and names them in errors', () => {
    const path = file('num.partitions=3\nbroker.id=1\n');
    const { config } = loadBrokerConfig(path, { 'num.partitions': '6', 'log.dirs': '/data/a,/data/b' });
    assert.equal(config.numPartitions, 6);
    assert.equal(config.brokerId, 1);
    assert.deepEqual(config.logDirs, ['/data/a', '/data/b']);
    assert.throws(() => loadBrokerConfig(path, { 'num.partitions': 'many' }), {
      message: '--override: num.partitions: expected an integer >= 1, got "many"',
    });
  });

  it('names the file when it cannot be read', () => {
    assert.throws(() => loadBrokerConfig(join(dir, 'missing.properties')), PropertiesReadError);
  });
});

describe('parseBrokerConfig', () => {
  it("has Kafka's defaults when nothing is set", () => {
    const config = parse({});
    assert.equal(config.brokerId, 0);
    assert.deepEqual(config.listeners, [{ name: 'PLAINTEXT', host: '', port: 9092 }]);
    assert.deepEqual(config.logDirs, ['/tmp/millrace-logs']);
    assert.equal(config.autoCreateTopicsEnable, true);
    assert.equal(config.defaultReplicationFactor, 1);
    assert.equal(config.logRollMs, 168 * HOUR);
    assert.equal(config.logRetentionMs, 168 * HOUR);
    assert.equal(config.logRetentionBytes, -1);
    assert.equal(config.logFlushIntervalMessages, Number.MAX_SAFE_INTEGER);
    assert.equal(config.logFlushIntervalMs, Number.MAX_SAFE_INTEGER);
    assert.equal(config.logIndexIntervalBytes, 4096);
    assert.equal(config.messageMaxBytes, 1048588);
    assert.equal(config.socketRequestMaxBytes, 104857600);
    assert.equal(config.logMessageTimestampType, 'CreateTime');
    assert.equal(config.logCleanupPolicy, 'delete');
    assert.equal(config.offsetsTopicNumPartitions, 50);
    assert.equal(config.offsetsTopicReplicationFactor, 3);
    assert.equal(config.offsetsRetentionMs, 10080 * 60_000);
    assert.equal(config.groupInitialRebalanceDelayMs, 3000);
    assert.equal(config.groupMinSessionTimeoutMs, 6000);
    assert.equal(config.groupMaxSessionTimeoutMs, 1800000);
    assert.deepEqual(config.originals, {});
  });

  describe('precedence', () => {
    const RETENTION: [settings: Record<string, string>, ms: number][] = [
      [{ 'log.retention.hours': '1' }, HOUR],
      [{ 'log.retention.hours': '1', 'log.retention.minutes': '2' }, 120_000],
      [{ 'log.retention.hours': '1', 'log.retention.minutes': '2', 'log.retention.ms': '3' }, 3],
      [{ 'log.retention.ms': '5', 'log.retention.hours': '1' }, 5],
      [{ 'log.retention.ms': '-1' }, -1],
      [{ 'log.retention.ms': '-5' }, -1],
      [{ 'log.retention.hours': '-1' }, -1],
      [{ 'log.retention.minutes': '-1', 'log.retention.hours': '5' }, -1],
    ];
    for (const [settings, ms] of RETENTION) {
      it(`retention ${JSON.stringify(settings)} → ${ms}`, () => {
        assert.equal(parse(settings).logRetentionMs, ms);
      });
    }

    it('log.roll.ms wins over log.roll.hours', () => {
      assert.equal(parse({ 'log.roll.hours': '2' }).logRollMs, 2 * HOUR);
      assert.equal(parse({ 'log.roll.hours': '2', 'log.roll.ms': '1000' }).logRollMs, 1000);
    });

    it('log.flush.interval.ms falls back to log.flush.scheduler.interval.ms', () => {
      assert.equal(parse({ 'log.flush.scheduler.interval.ms': '2000' }).logFlushIntervalMs, 2000);
      assert.equal(parse({ 'log.flush.scheduler.interval.ms': '2000', 'log.flush.interval.ms': '10' }).logFlushIntervalMs, 10);
    });

    it('log.dirs wins over log.dir', () => {
      assert.deepEqual(parse({ 'log.dir': '/one' }).logDirs, ['/one']);
      assert.deepEqual(parse({ 'log.dir': '/one', 'log.dirs': '/a, /b' }).logDirs, ['/a', '/b']);
    });
  });

  describe('broker.id and node.id', () => {
    const IDS: [settings: Record<string, string>, id: number][] = [
      [{}, 0],
      [{ 'broker.id': '3' }, 3],
      [{ 'node.id': '4' }, 4],
      [{ 'broker.id': '5', 'node.id': '5' }, 5],
      [{ 'broker.id': '-1', 'node.id': '6' }, 6],
    ];
    for (const [settings, id] of IDS) {
      it(`${JSON.stringify(settings)} → broker ${id}`, () => {
        assert.equal(parse(settings).brokerId, id);
      });
    }

    it('must agree when both are set', () => {
      const input = new Map([
        ['broker.id', { value: '1', line: 1 }],
        ['node.id', { value: '2', line: 2 }],
      ]);
      const errors = configErrors(() => parseBrokerConfig(input, 's.properties'));
      assert.deepEqual(errors, [
        { key: 'node.id', message: 'must equal broker.id (1) when both are set, got 2', source: 's.properties', line: 2 },
      ]);
    });

    it('refuses ids below -1', () => {
      assert.deepEqual(configErrors(() => parse({ 'broker.id': '-2' })).map((e) => e.key), ['broker.id']);
    });
  });

  describe('listeners', () => {
    it('parses several listeners, IPv6 and ephemeral ports', () => {
      const config = parse({
        listeners: 'plaintext://127.0.0.1:0, INTERNAL://[::1]:9093,EXTERNAL://:9094',
        'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT',
      });
      assert.deepEqual(config.listeners, [
        { name: 'PLAINTEXT', host: '127.0.0.1', port: 0 },
        { name: 'INTERNAL', host: '::1', port: 9093 },
        { name: 'EXTERNAL', host: '', port: 9094 },
      ]);
      assert.deepEqual(config.advertisedListeners, [
        { name: 'PLAINTEXT', host: '127.0.0.1', port: 0 },
        { name: 'INTERNAL', host: '::1', port: 9093 },
        { name: 'EXTERNAL', host: os.hostname(), port: 9094 },
      ]);
    });

    it('advertises the host name for a wildcard listener', () => {
      assert.equal(parse({ listeners: 'PLAINTEXT://0.0.0.0:9092' }).advertisedListeners[0]!.host, os.hostname());
    });

    it('takes advertised.listeners as given', () => {
      const config = parse({ listeners: 'PLAINTEXT://:0', 'advertised.listeners': 'PLAINTEXT://broker1.example:19092' });
      assert.deepEqual(config.advertisedListeners, [{ name: 'PLAINTEXT', host: 'broker1.example', port: 19092 }]);
    });

    const BAD: [settings: Record<string, string>, key: string, message: string][] = [
      [{ listeners: 'PLAINTEXT://:65536' }, 'listeners', 'expected NAME://host:port with a port in [0, 65535], got "PLAINTEXT://:65536"'],
      [{ listeners: 'localhost:9092' }, 'listeners', 'expected NAME://host:port with a port in [0, 65535], got "localhost:9092"'],
      [{ listeners: '' }, 'listeners', 'expected at least one NAME://host:port listener'],
      [{ listeners: 'SSL://:9093' }, 'listeners', 'listener SSL uses SSL; only PLAINTEXT listeners are supported'],
      [{ listeners: 'CLIENT://:9093' }, 'listeners', 'listener CLIENT is not in listener.security.protocol.map; only PLAINTEXT listeners are supported'],
      [{ listeners: 'PLAINTEXT://:1,PLAINTEXT://:2' }, 'listeners', 'each listener must have a different name, PLAINTEXT appears twice'],
      [
        { listeners: 'PLAINTEXT://:1,B://:1', 'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,B:PLAINTEXT' },
        'listeners',
        'each listener must have a different port, 1 appears twice',
      ],
      [{ 'advertised.listeners': 'OTHER://h:1', 'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,OTHER:PLAINTEXT' }, 'advertised.listeners', 'listener OTHER is not one of listeners'],
      [{ 'advertised.listeners': 'PLAINTEXT://0.0.0.0:9092' }, 'advertised.listeners', 'cannot advertise the non-routable address 0.0.0.0; use a routable host'],
    ];
    for (const [settings, key, message] of BAD) {
      it(`refuses ${JSON.stringify(settings)}`, () => {
        assert.deepEqual(configErrors(() => parse(settings)), [{ key, message }]);
      });
    }

    it('allows several listeners on ephemeral ports', () => {
      const config = parse({ listeners: 'PLAINTEXT://:0,B://:0', 'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,B:PLAINTEXT' });
      assert.equal(config.listeners.length, 2);
    });
  });

  it('normalises log.cleanup.policy', () => {
    assert.equal(parse({ 'log.cleanup.policy': 'compact' }).logCleanupPolicy, 'compact');
    assert.equal(parse({ 'log.cleanup.policy': 'delete, compact' }).logCleanupPolicy, 'compact,delete');
    assert.deepEqual(configErrors(() => parse({ 'log.cleanup.policy': '' })).map((e) => e.key), ['log.cleanup.policy']);
    assert.deepEqual(configErrors(() => parse({ 'log.cleanup.policy': 'shred' })).map((e) => e.key), ['log.cleanup.policy']);
  });

  it('refuses an empty log.dirs', () => {
    assert.deepEqual(configErrors(() => parse({ 'log.dirs': ' ' })).map((e) => e.key), ['log.dirs']);
  });

  it('collects semantic errors of several keys together', () => {
    const errors = configErrors(() => parse({ 'broker.id': '1', 'node.id': '2', listeners: 'bogus' }));
    assert.deepEqual(errors.map((e) => e.key).sort(), ['listeners', 'node.id']);
  });
});

describe('defaultLogConfig', () => {
  it('maps the broker settings onto LogConfig', () => {
    const config = parse({
      'log.segment.bytes': '1024',
      'log.roll.ms': '1000',
      'log.roll.jitter.ms': '10',
      'log.retention.minutes': '1',
      'log.retention.bytes': '4096',
      'log.flush.interval.messages': '100',
      'log.flush.interval.ms': '200',
      'log.index.interval.bytes': '64',
      'message.max.bytes': '2048',
      'log.message.timestamp.type': 'LogAppendTime',
      'log.cleanup.policy': 'compact',
    });
    assert.deepEqual(defaultLogConfig(config), {
      segmentBytes: 1024,
      segmentMs: 1000,
      segmentJitterMs: 10,
      retentionMs: 60_000,
      retentionBytes: 4096,
      flushIntervalMessages: 100,
      flushIntervalMs: 200,
      indexIntervalBytes: 64,
      maxMessageBytes: 2048,
      messageTimestampType: 'LogAppendTime',
      cleanupPolicy: 'compact',
    });
  });
});

describe('describeBrokerConfigs', () => {
  const config = parse({ 'log.segment.bytes': ' 2048 ', 'log.retention.hours': '24' });
  const entries = new Map(describeBrokerConfigs(config).map((e) => [e.name, e]));

  it('reports keys set in the file as STATIC_BROKER_CONFIG, with the default as a synonym', () => {
    assert.deepEqual(entries.get('log.segment.bytes'), {
      name: 'log.segment.bytes',
      value: '2048',
      readOnly: true,
      isDefault: false,
      source: ConfigSource.STATIC_BROKER_CONFIG,
      isSensitive: false,
      synonyms: [
        { name: 'log.segment.bytes', value: '2048', source: ConfigSource.STATIC_BROKER_CONFIG },
        { name: 'log.segment.bytes', value: '1073741824', source: ConfigSource.DEFAULT_CONFIG },
      ],
    });
  });

  it('reports unset keys as DEFAULT_CONFIG', () => {
    const entry = entries.get('num.partitions')!;
    assert.equal(entry.value, '1');
    assert.equal(entry.source, ConfigSource.DEFAULT_CONFIG);
    assert.equal(entry.isDefault, true);
    assert.equal(entries.get('log.flush.interval.messages')!.value, '9223372036854775807');
  });

  it("drops synonyms ranked before the key itself, as Kafka's dropWhile does", () => {
    const entry = entries.get('log.retention.ms')!;
    assert.equal(entry.value, null);
    assert.equal(entry.source, ConfigSource.DEFAULT_CONFIG);
    assert.deepEqual(entry.synonyms, []);
    const hours = entries.get('log.retention.hours')!;
    assert.equal(hours.source, ConfigSource.STATIC_BROKER_CONFIG);
    assert.deepEqual(hours.synonyms[0], { name: 'log.retention.hours', value: '24', source: ConfigSource.STATIC_BROKER_CONFIG });
  });

  it('describes every broker key once', () => {
    assert.equal(entries.size, describeBrokerConfigs(config).length);
    assert.ok(entries.has('listeners') && entries.has('zookeeper.connect'));
  });
});
