import assert from 'node:assert/strict';
import { consoleConsumerOptions, defineConsoleConsumerCommand } from '../../../src/cli/console-consumer-options.js';
import type { ConsoleConsumerOptions } from '../../../src/cli/console-consumer-options.js';
import { UsageError } from '../../../src/cli/usage-error.js';
import { parseArgs } from './parse-args.js';

const parse = (...args: string[]): ConsoleConsumerOptions =>
  consoleConsumerOptions(parseArgs(defineConsoleConsumerCommand, args), () => 4242);
const BS = ['--bootstrap-server', 'localhost:9092'];

function rejects(args: string[], message: string): void {
  assert.throws(() => parse(...args), (err: unknown) => err instanceof UsageError && err.message === message);
}

describe('console-consumer arguments (Kafka ConsoleConsumer)', () => {
  it('subscribes with a generated group and auto-commit off, as Kafka does', () => {
    const o = parse(...BS, '--topic', 'hellokafka', '--from-beginning');
    assert.deepEqual(o.source, { kind: 'topic', topic: 'hellokafka' });
    assert.equal(o.groupIdGiven, false);
    assert.equal(o.consumerProperties.get('group.id'), 'console-consumer-4242');
    assert.equal(o.consumerProperties.get('enable.auto.commit'), 'false');
    assert.equal(o.consumerProperties.get('auto.offset.reset'), 'earliest');
    assert.equal(o.consumerProperties.get('client.id'), 'console-consumer');
    assert.equal(o.maxMessages, -1);
    assert.equal(o.timeoutMs, -1);
  });

  it('uses a given group with auto-commit left to the consumer, and latest by default', () => {
    const o = parse(...BS, '--topic', 't', '--group', 'g');
    assert.equal(o.consumerProperties.get('group.id'), 'g');
    assert.equal(o.groupIdGiven, true);
    assert.equal(o.consumerProperties.has('enable.auto.commit'), false);
    assert.equal(o.consumerProperties.get('auto.offset.reset'), 'latest');
    assert.equal(parse(...BS, '--topic', 't', '--consumer-property', 'group.id=g').groupIdGiven, true);
  });

  it('refuses group ids that disagree', () => {
    rejects(
      [...BS, '--topic', 't', '--group', 'a', '--consumer-property', 'group.id=b'],
      "The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: 'a', 'b'",
    );
  });

  it('needs exactly one of --topic and --include', () => {
    rejects([...BS], 'Exactly one of --include/--topic is required.');
    rejects([...BS, '--topic', 't', '--include', 't.*'], 'Exactly one of --include/--topic is required.');
    const o = parse(...BS, '--whitelist', 'a.*,b');
    assert.equal(o.source.kind, 'pattern');
    assert.ok(o.source.kind === 'pattern' && o.source.filter.matches('abc') && o.source.filter.matches('b') && !o.source.filter.matches('c'));
  });

  it('assigns a partition at an offset', () => {
    assert.deepEqual(parse(...BS, '--topic', 't', '--partition', '2', '--offset', '17').source, { kind: 'partition', topic: 't', partition: 2, offset: 17 });
    assert.deepEqual(parse(...BS, '--topic', 't', '--partition', '0', '--offset', 'EARLIEST').source, { kind: 'partition', topic: 't', partition: 0, offset: 'earliest' });
    assert.deepEqual(parse(...BS, '--topic', 't', '--partition', '0').source, { kind: 'partition', topic: 't', partition: 0, offset: 'latest' });
    assert.deepEqual(parse(...BS, '--topic', 't', '--partition', '0', '--from-beginning').source, { kind: 'partition', topic: 't', partition: 0, offset: 'earliest' });
  });

  it("checks --partition, --offset and --from-beginning together in Kafka's words", () => {
    rejects([...BS, '--include', 't', '--partition', '0'], 'The topic is required when partition is specified.');
    rejects([...BS, '--topic', 't', '--offset', '3'], 'The partition is required when offset is specified.');
    rejects([...BS, '--topic', 't', '--partition', '0', '--offset', '3', '--from-beginning'], 'Options from-beginning and offset cannot be specified together.');
    rejects([...BS, '--topic', 't', '--partition', '0', '--offset', '-1'], "The provided offset value '-1' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.");
    rejects([...BS, '--topic', 't', '--partition', '0', '--group', 'g'], 'Options group and partition cannot be specified together.');
    rejects(
      [...BS, '--topic', 't', '--from-beginning', '--consumer-property', 'auto.offset.reset=latest'],
      "Can't simultaneously specify --from-beginning and 'auto.offset.reset=latest', to make sure consumer should start from beginning, remove it",
    );
  });

  it('collects formatter properties and deserializer flags', () => {
    const o = parse(...BS, '--topic', 't', '--property', 'print.key=true', '--property', 'key.separator=:', '--value-deserializer', 'StringDeserializer');
    assert.deepEqual(Object.fromEntries(o.formatterProperties), { 'print.key': 'true', 'key.separator': ':', 'value.deserializer': 'StringDeserializer' });
    rejects([...BS, '--topic', 't', '--formatter', 'kafka.tools.LoggingMessageFormatter'], '--formatter: unsupported formatter kafka.tools.LoggingMessageFormatter; only kafka.tools.DefaultMessageFormatter is available');
  });

  it('parses limits', () => {
    const o = parse(...BS, '--topic', 't', '--max-messages', '10', '--timeout-ms', '2500', '--isolation-level', 'read_uncommitted');
    assert.equal(o.maxMessages, 10);
    assert.equal(o.timeoutMs, 2500);
    assert.equal(o.consumerProperties.get('isolation.level'), 'read_uncommitted');
    rejects([...BS, '--topic', 't', '--max-messages', 'many'], '--max-messages expects an integer >= 0, got "many"');
    rejects([...BS, '--topic', 't', '--isolation-level', 'dirty'], '--isolation-level expects read_committed or read_uncommitted, got "dirty"');
  });
});
