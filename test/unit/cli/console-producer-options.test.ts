import assert from 'node:assert/strict';
import { consoleProducerOptions, defineConsoleProducerCommand } from '../../../src/cli/console-producer-options.js';
import type { ConsoleProducerOptions } from '../../../src/cli/console-producer-options.js';
import { UsageError } from '../../../src/cli/usage-error.js';
import { parseArgs } from './parse-args.js';

const parse = (...args: string[]): ConsoleProducerOptions => consoleProducerOptions(parseArgs(defineConsoleProducerCommand, args));

function rejects(args: string[], message: string): void {
  assert.throws(() => parse(...args), (err: unknown) => err instanceof UsageError && err.message === message);
}

describe('console-producer arguments (Kafka ConsoleProducer)', () => {
  it('takes --broker-list or --bootstrap-server, and needs one and a topic', () => {
    assert.deepEqual(parse('--broker-list', 'localhost:9092', '--topic', 't').bootstrapServers, ['localhost:9092']);
    assert.deepEqual(parse('--bootstrap-server', 'h:1,h:2', '--topic', 't').bootstrapServers, ['h:1', 'h:2']);
    rejects(['--topic', 't'], 'Missing required argument "[bootstrap-server]"');
    rejects(['--broker-list', 'h:1'], 'Missing required argument "[topic]"');
  });

  it('passes --property to the line reader', () => {
    const o = parse('--broker-list', 'h:1', '--topic', 't', '--property', 'parse.key=true', '--property', 'key.separator=:');
    assert.deepEqual([...o.readerProperties], [['parse.key', 'true'], ['key.separator', ':']]);
  });

  it('lets the dedicated flags win over --producer-property', () => {
    const o = parse('--broker-list', 'h:1', '--topic', 't', '--producer-property', 'acks=all', '--producer-property', 'linger.ms=5', '--request-required-acks', '1', '--sync');
    assert.equal(o.producerProperties.get('acks'), '1');
    assert.equal(o.producerProperties.get('linger.ms'), '5');
    assert.equal(o.sync, true);
    assert.equal(parse('--broker-list', 'h:1', '--topic', 't', '--producer-property', 'acks=all').producerProperties.get('acks'), 'all');
  });

  it('maps the Kafka flags to producer properties', () => {
    const o = parse('--broker-list', 'h:1', '--topic', 't', '--batch-size', '100', '--timeout', '0', '--message-send-max-retries', '2', '--request-timeout-ms', '900');
    assert.deepEqual(
      Object.fromEntries(o.producerProperties),
      { 'batch.size': '100', 'linger.ms': '0', retries: '2', 'request.timeout.ms': '900' },
    );
    assert.equal(o.sync, false);
  });

  it("treats a bare --compression-codec as gzip and checks the codec", () => {
    assert.equal(parse('--broker-list', 'h:1', '--topic', 't', '--compression-codec').producerProperties.get('compression.type'), 'gzip');
    assert.equal(parse('--broker-list', 'h:1', '--topic', 't', '--compression-codec', 'lz4').producerProperties.get('compression.type'), 'lz4');
    rejects(['--broker-list', 'h:1', '--topic', 't', '--compression-codec', 'brotli'], '--compression-codec expects one of none, gzip, snappy, lz4, zstd, got "brotli"');
  });

  it('checks --request-required-acks', () => {
    rejects(['--broker-list', 'h:1', '--topic', 't', '--request-required-acks', '2'], '--request-required-acks expects 0, 1, -1 or all, got "2"');
    assert.equal(parse('--broker-list', 'h:1', '--topic', 't', '--request-required-acks', '-1').producerProperties.get('acks'), '-1');
  });
});
