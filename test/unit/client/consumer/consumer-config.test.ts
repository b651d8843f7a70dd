import assert from 'node:assert/strict';
import { consumerConfigFromProperties, resolveConsumerConfig } from '../../../../src/client/consumer/consumer-config.js';
import { ConfigError } from '../../../../src/common/config/config-def.js';

function configErrorKeys(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.errors.map((e) => e.key);
  }
  assert.fail('expected a ConfigError');
}

describe('consumer config', () => {
  it('applies Kafka\'s defaults', () => {
    const config = resolveConsumerConfig({ bootstrapServers: 'a:9092, b:9093' });
    assert.deepEqual(config.bootstrapServers, ['a:9092', 'b:9093']);
    assert.equal(config.groupId, null);
    assert.equal(config.autoOffsetReset, 'latest');
    assert.equal(config.enableAutoCommit, true);
    assert.equal(config.autoCommitIntervalMs, 5000);
    assert.equal(config.sessionTimeoutMs, 45000);
    assert.equal(config.heartbeatIntervalMs, 3000);
    assert.equal(config.rebalanceTimeoutMs, 300000);
    assert.deepEqual(config.partitionAssignmentStrategy, ['range', 'cooperative-sticky']);
    assert.equal(config.fetchMinBytes, 1);
    assert.equal(config.fetchMaxWaitMs, 500);
    assert.equal(config.fetchMaxBytes, 52428800);
    assert.equal(config.maxPartitionFetchBytes, 1048576);
    assert.equal(config.maxPollRecords, 500);
    assert.equal(config.isolationLevel, 'read_uncommitted');
    assert.match(config.clientId, /^consumer-\d+$/);
    assert.match(resolveConsumerConfig({ bootstrapServers: ['x:1'], groupId: 'g' }).clientId, /^consumer-g-\d+$/);
  });

  it('lists every invalid option at once, with its Kafka name', () => {
    try {
      resolveConsumerConfig({
        bootstrapServers: [],
        autoOffsetReset: 'smallest' as never,
        maxPollRecords: 0,
        partitionAssignmentStrategy: ['sticky' as never],
      });
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.errors.map((e) => e.key).sort(), ['autoOffsetReset', 'bootstrapServers', 'maxPollRecords', 'partitionAssignmentStrategy']);
      assert.match(error.message, /max\.poll\.records/);
    }
  });

  it('refuses options it does not know, so a typo is not silently ignored', () => {
    assert.deepEqual(configErrorKeys(() => resolveConsumerConfig({ bootstrapServers: 'a:1', groupID: 'g' } as never)), ['groupID']);
  });

  it('requires the heartbeat interval below the session timeout', () => {
    assert.deepEqual(configErrorKeys(() => resolveConsumerConfig({ bootstrapServers: 'a:1', heartbeatIntervalMs: 10_000, sessionTimeoutMs: 10_000 })), [
      'heartbeatIntervalMs',
    ]);
  });

  it('reads Kafka-named properties, including Java assignor class names', () => {
    const options = consumerConfigFromProperties({
      'bootstrap.servers': 'h1:9092,h2:9092',
      'group.id': 'sink-group',
      'auto.offset.reset': 'earliest',
      'enable.auto.commit': 'false',
      'max.poll.interval.ms': '60000',
      'partition.assignment.strategy': 'org.apache.kafka.clients.consumer.CooperativeStickyAssignor, roundrobin',
      'max.poll.records': '42',
      'isolation.level': 'read_committed',
      'some.producer.key': 'ignored',
    });
    const config = resolveConsumerConfig(options);
    assert.deepEqual(config.bootstrapServers, ['h1:9092', 'h2:9092']);
    assert.equal(config.groupId, 'sink-group');
    assert.equal(config.autoOffsetReset, 'earliest');
    assert.equal(config.enableAutoCommit, false);
    assert.equal(config.rebalanceTimeoutMs, 60000);
    assert.deepEqual(config.partitionAssignmentStrategy, ['cooperative-sticky', 'roundrobin']);
    assert.equal(config.maxPollRecords, 42);
    assert.equal(config.isolationLevel, 'read_committed');
  });

  it('names the Kafka key of a bad property', () => {
    assert.deepEqual(configErrorKeys(() => consumerConfigFromProperties({ 'bootstrap.servers': 'h:1', 'fetch.min.bytes': 'lots' })), ['fetch.min.bytes']);
    assert.deepEqual(
      configErrorKeys(() => consumerConfigFromProperties({ 'bootstrap.servers': 'h:1', 'partition.assignment.strategy': 'sticky' })),
      ['partition.assignment.strategy'],
    );
    assert.deepEqual(configErrorKeys(() => consumerConfigFromProperties({})), ['bootstrap.servers']);
  });
});
