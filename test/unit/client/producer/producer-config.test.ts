import assert from 'node:assert/strict';
import { ConfigError } from '../../../../src/common/config/config-def.js';
import { producerConfigFromProperties, resolveProducerConfig } from '../../../../src/client/producer/producer-config.js';

function keysOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.errors.map((e) => e.key);
  }
  assert.fail('expected a ConfigError');
}

describe('producer config', () => {
  it("has Kafka 3's defaults", () => {
    const config = resolveProducerConfig({ bootstrapServers: 'a:1, b:2' });
    assert.deepEqual(config.bootstrapServers, ['a:1', 'b:2']);
    assert.equal(config.acks, -1);
    assert.equal(config.lingerMs, 5);
    assert.equal(config.batchSize, 16384);
    assert.equal(config.deliveryTimeoutMs, 120_000);
    assert.equal(config.maxInFlightRequestsPerConnection, 5);
    assert.equal(config.enableIdempotence, false);
    assert.equal(config.bufferMemory, 32 * 1024 * 1024);
    assert.equal(config.compression, 'none');
  });

  it('reads Kafka-named properties as Connect passes them', () => {
    const options = producerConfigFromProperties({
      'bootstrap.servers': 'h:9092',
      acks: '1',
      'linger.ms': '20',
      'batch.size': '1048576',
      'compression.type': 'zstd',
      'enable.idempotence': 'false',
      'max.in.flight.requests.per.connection': '1',
      'key.serializer': 'org.apache.kafka.common.serialization.ByteArraySerializer',
    });
    const config = resolveProducerConfig(options);
    assert.deepEqual(
      [config.acks, config.lingerMs, config.batchSize, config.compression, config.maxInFlightRequestsPerConnection],
      [1, 20, 1048576, 'zstd', 1],
    );
    assert.equal(resolveProducerConfig(producerConfigFromProperties({ 'bootstrap.servers': 'h:1', acks: 'all' })).acks, -1);
  });

  it('names every invalid key, by its Kafka name', () => {
    assert.deepEqual(keysOf(() => producerConfigFromProperties({ 'bootstrap.servers': 'h:1', 'batch.size': '2000000', acks: '2' })).sort(), [
      'acks',
      'batch.size',
    ]);
    assert.deepEqual(keysOf(() => resolveProducerConfig({ bootstrapServers: [], lingerMs: -1 })).sort(), ['bootstrap.servers', 'linger.ms']);
    assert.deepEqual(keysOf(() => resolveProducerConfig({ bootstrapServers: 'h:1', requestTimeoutMs: 100_000, deliveryTimeoutMs: 50_000 })), [
      'delivery.timeout.ms',
    ]);
  });

  it('applies idempotence cross-checks as Kafka does', () => {
    assert.deepEqual(keysOf(() => resolveProducerConfig({ bootstrapServers: 'h:1', enableIdempotence: true, acks: 1 })), ['acks']);
    assert.deepEqual(
      keysOf(() => resolveProducerConfig({ bootstrapServers: 'h:1', enableIdempotence: true, maxInFlightRequestsPerConnection: 6 })),
      ['max.in.flight.requests.per.connection'],
    );
  });
});
