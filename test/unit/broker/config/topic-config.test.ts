import assert from 'node:assert/strict';
import { ConfigSource, parseBrokerConfig } from '../../../../src/broker/config/broker-config.js';
import type { BrokerConfig } from '../../../../src/broker/config/broker-config.js';
import {
  describeTopicConfigs,
  effectiveCompressionType,
  effectiveLogConfig,
  effectiveMinInsyncReplicas,
  nonDefaultTopicConfigs,
  validateTopicConfigs,
} from '../../../../src/broker/config/topic-config.js';
import { ConfigError } from '../../../../src/common/config/config-def.js';

const HOUR = 3_600_000;

function broker(settings: Record<string, string> = {}): BrokerConfig {
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

describe('validateTopicConfigs', () => {
  it('accepts every topic config Kafka names', () => {
    const values = validateTopicConfigs({
      'segment.bytes': '1024',
      'segment.ms': '1000',
      'segment.jitter.ms': '0',
      'retention.ms': '-1',
      'retention.bytes': '-1',
      'cleanup.policy': 'compact,delete',
      'max.message.bytes': '100',
      'message.timestamp.type': 'LogAppendTime',
      'flush.messages': '1',
      'flush.ms': '0',
      'index.interval.bytes': '4096',
      'min.insync.replicas': '2',
      'compression.type': 'zstd',
    });
    assert.equal(values['segment.bytes'], 1024);
    assert.deepEqual(values['cleanup.policy'], ['compact', 'delete']);
    assert.equal(values['compression.type'], 'zstd');
  });

  it('leaves unset configs null', () => {
    const values = validateTopicConfigs({ 'retention.ms': '10' });
    assert.equal(values['retention.ms'], 10);
    assert.equal(values['segment.bytes'], null);
  });

  it('refuses unknown configs, suggesting the closest name', () => {
    assert.deepEqual(configErrors(() => validateTopicConfigs({ 'retention.mss': '1', 'log.retention.hours': '1', zzz: '1' })), [
      { key: 'retention.mss', message: "unknown topic configuration (did you mean 'retention.ms'?)" },
      { key: 'log.retention.hours', message: 'unknown topic configuration' },
      { key: 'zzz', message: 'unknown topic configuration' },
    ]);
  });

  const INVALID: [config: string, value: string, message: string][] = [
    ['segment.bytes', '13', 'expected an integer >= 14, got "13"'],
    ['segment.ms', '0', 'expected a long integer >= 1, got "0"'],
    ['retention.ms', '-2', 'expected a long integer >= -1, got "-2"'],
    ['retention.bytes', '1GB', 'expected a long integer, got "1GB"'],
    ['cleanup.policy', 'compact,shred', 'expected a comma-separated list of values one of [compact, delete], got "compact,shred"'],
    ['cleanup.policy', '', 'expected at least one of [compact, delete]'],
    ['max.message.bytes', '-1', 'expected an integer >= 0, got "-1"'],
    ['message.timestamp.type', 'BrokerTime', 'expected one of [CreateTime, LogAppendTime], got "BrokerTime"'],
    ['flush.messages', '0', 'expected a long integer >= 1, got "0"'],
    ['min.insync.replicas', '0', 'expected an integer >= 1, got "0"'],
    ['compression.type', 'brotli', 'expected one of [uncompressed, zstd, lz4, snappy, gzip, producer], got "brotli"'],
  ];
  for (const [config, value, message] of INVALID) {
    it(`refuses ${config}=${JSON.stringify(value)}`, () => {
      assert.deepEqual(configErrors(() => validateTopicConfigs({ [config]: value })), [{ key: config, message }]);
    });
  }

  it('reports unknown and invalid configs together', () => {
    const errors = configErrors(() => validateTopicConfigs({ bogus: '1', 'segment.bytes': 'x' }));
    assert.deepEqual(errors.map((e) => e.key), ['bogus', 'segment.bytes']);
  });

  it('answers the same object again for the same overrides, frozen', () => {
    const overrides = { 'cleanup.policy': 'compact' };
    const first = validateTopicConfigs(overrides);
    assert.equal(validateTopicConfigs(overrides), first);
    assert.ok(Object.isFrozen(first));
  });
});

describe('effectiveLogConfig', () => {
  it("is the broker's log config when the topic overrides nothing", () => {
    assert.deepEqual(effectiveLogConfig(broker({ 'log.retention.hours': '1', 'log.segment.bytes': '4096' }), {}), {
      segmentBytes: 4096,
      segmentMs: 168 * HOUR,
      segmentJitterMs: 0,
      retentionMs: HOUR,
      retentionBytes: -1,
      flushIntervalMessages: Number.MAX_SAFE_INTEGER,
      flushIntervalMs: Number.MAX_SAFE_INTEGER,
      indexIntervalBytes: 4096,
      maxMessageBytes: 1048588,
      messageTimestampType: 'CreateTime',
      cleanupPolicy: 'delete',
    });
  });

  it('applies topic overrides over broker settings', () => {
    const log = effectiveLogConfig(broker({ 'log.retention.hours': '1', 'log.cleanup.policy': 'compact' }), {
      'retention.ms': '-1',
      'segment.ms': '500',
      'cleanup.policy': 'delete,compact',
      'message.timestamp.type': 'LogAppendTime',
      'flush.ms': '250',
    });
    assert.equal(log.retentionMs, -1);
    assert.equal(log.segmentMs, 500);
    assert.equal(log.cleanupPolicy, 'compact,delete');
    assert.equal(log.messageTimestampType, 'LogAppendTime');
    assert.equal(log.flushIntervalMs, 250);
    assert.equal(log.segmentBytes, 1073741824);
  });

  it('throws on invalid overrides', () => {
    assert.throws(() => effectiveLogConfig(broker(), { 'segment.bytes': '1' }), ConfigError);
  });
});

describe('min.insync.replicas and compression.type', () => {
  it('fall back to the broker', () => {
    assert.equal(effectiveMinInsyncReplicas(broker({ 'min.insync.replicas': '2' }), {}), 2);
    assert.equal(effectiveMinInsyncReplicas(broker({ 'min.insync.replicas': '2' }), { 'min.insync.replicas': '3' }), 3);
    assert.equal(effectiveCompressionType(broker(), {}), 'producer');
    assert.equal(effectiveCompressionType(broker({ 'compression.type': 'gzip' }), { 'compression.type': 'lz4' }), 'lz4');
  });
});

describe('describeTopicConfigs', () => {
  const brokerConfig = broker({ 'log.retention.hours': '24', 'log.segment.bytes': '1073741824' });

  it('reports a topic override as TOPIC_CONFIG, then the broker synonyms', () => {
    const entries = new Map(describeTopicConfigs(brokerConfig, { 'retention.ms': ' 1000 ' }).map((e) => [e.name, e]));
    assert.deepEqual(entries.get('retention.ms'), {
      name: 'retention.ms',
      value: '1000',
      readOnly: false,
      isDefault: false,
      source: ConfigSource.TOPIC_CONFIG,
      isSensitive: false,
      synonyms: [{ name: 'retention.ms', value: '1000', source: ConfigSource.TOPIC_CONFIG }],
    });
  });

  it("reports the broker's file setting as STATIC_BROKER_CONFIG and the computed value", () => {
    const entries = new Map(describeTopicConfigs(brokerConfig, {}).map((e) => [e.name, e]));
    // Kafka reports retention.ms as a default even when log.retention.hours is set in the file: its synonym
    // list for log.retention.ms drops the entries ranked before log.retention.ms itself.
    const retention = entries.get('retention.ms')!;
    assert.equal(retention.value, String(24 * HOUR));
    assert.equal(retention.source, ConfigSource.DEFAULT_CONFIG);
    assert.equal(retention.isDefault, true);
    const segment = entries.get('segment.bytes')!;
    assert.equal(segment.source, ConfigSource.STATIC_BROKER_CONFIG);
    assert.deepEqual(segment.synonyms[0], { name: 'log.segment.bytes', value: '1073741824', source: ConfigSource.STATIC_BROKER_CONFIG });
  });

  it('reports untouched configs as DEFAULT_CONFIG, Long.MAX_VALUE in full', () => {
    const entries = new Map(describeTopicConfigs(brokerConfig, {}).map((e) => [e.name, e]));
    const flush = entries.get('flush.messages')!;
    assert.equal(flush.value, '9223372036854775807');
    assert.equal(flush.source, ConfigSource.DEFAULT_CONFIG);
    assert.equal(flush.isDefault, true);
    assert.deepEqual(flush.synonyms, [
      { name: 'log.flush.interval.messages', value: '9223372036854775807', source: ConfigSource.DEFAULT_CONFIG },
    ]);
    assert.equal(entries.get('cleanup.policy')!.value, 'delete');
    assert.equal(entries.get('compression.type')!.value, 'producer');
    assert.equal(entries.size, 13);
  });
});

describe('nonDefaultTopicConfigs', () => {
  it("lists only values that differ from Kafka's built-in defaults", () => {
    const brokerConfig = broker({ 'log.segment.bytes': '1073741824', 'log.retention.hours': '24' });
    const entries = nonDefaultTopicConfigs(brokerConfig, { 'cleanup.policy': 'compact', 'max.message.bytes': '1048588' });
    assert.deepEqual(
      entries.map((e) => [e.name, e.value]),
      [
        ['retention.ms', String(24 * HOUR)],
        ['cleanup.policy', 'compact'],
      ],
    );
  });

  it('is empty for a topic on a broker with default settings', () => {
    assert.deepEqual(nonDefaultTopicConfigs(broker(), {}), []);
  });
});
