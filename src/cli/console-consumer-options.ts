import { randomInt } from 'node:crypto';
import type { Command } from 'commander';
import { clientProperties, parseKeyValueArgs } from './key-value-args.js';
import { collect, parseIntArg, requireOption, splitServers, toolCommand } from './tool-command.js';
import { TopicFilter } from './topic-filter.js';
import { UsageError } from './usage-error.js';

/** Where a `--partition` consumer starts: a position, or an offset. */
export type StartOffset = 'earliest' | 'latest' | number;

/** What the consumer reads: a topic or pattern through the group, or one partition assigned by hand. */
export type ConsumerSource =
  | { readonly kind: 'topic'; readonly topic: string }
  | { readonly kind: 'pattern'; readonly filter: TopicFilter }
  | { readonly kind: 'partition'; readonly topic: string; readonly partition: number; readonly offset: StartOffset };

/** `millrace console-consumer` arguments after Kafka's `ConsoleConsumer.ConsumerConfig` checks. */
export interface ConsoleConsumerOptions {
  readonly bootstrapServers: readonly string[];
  readonly source: ConsumerSource;
  /**
   * Consumer properties as Kafka assembles them: `--consumer.config`, `--consumer-property`, then `group.id`
   * (given or generated), `auto.offset.reset` (earliest with `--from-beginning`, else latest unless set),
   * `client.id` (`console-consumer` unless set) and `--isolation-level`.
   */
  readonly consumerProperties: ReadonlyMap<string, string>;
  /** False when the group id was generated (Kafka then turns auto-commit off unless asked). */
  readonly groupIdGiven: boolean;
  /** `DefaultMessageFormatter` settings from `--property`, `--key-deserializer`, `--value-deserializer`. */
  readonly formatterProperties: ReadonlyMap<string, string>;
  /** -1: no limit. */
  readonly maxMessages: number;
  /** Give up when no record arrived for this long; -1: wait forever. */
  readonly timeoutMs: number;
  readonly skipMessageOnError: boolean;
}

interface RawConsoleConsumerOptions {
  bootstrapServer?: string;
  topic?: string;
  whitelist?: string;
  include?: string;
  partition?: string;
  offset?: string;
  fromBeginning?: boolean;
  group?: string;
  maxMessages?: string;
  timeoutMs?: string;
  property: string[];
  consumerProperty: string[];
  'consumer.config'?: string;
  formatter?: string;
  keyDeserializer?: string;
  valueDeserializer?: string;
  isolationLevel?: string;
  skipMessageOnError?: boolean;
}

/** Formatter class names this tool prints with: Kafka's, old and new package. */
const DEFAULT_FORMATTERS = ['kafka.tools.DefaultMessageFormatter', 'org.apache.kafka.tools.consumer.DefaultMessageFormatter'];

/** The `console-consumer` subcommand's flags, Kafka's names. */
export function defineConsoleConsumerCommand(): Command {
  return toolCommand('console-consumer', 'read records from a topic and print them to standard output (as kafka-console-consumer.sh)')
    .option('--bootstrap-server <host:port>', 'the broker(s) to connect to, comma-separated (required)')
    .option('--topic <topic>', 'the topic to consume from')
    .option('--include <regex>', 'a regular expression of topics to consume from')
    .option('--whitelist <regex>', 'a synonym of --include')
    .option('--partition <n>', 'consume only this partition (assigned directly, without a group)')
    .option('--offset <offset>', "with --partition: 'earliest', 'latest' or a non-negative offset (default: latest)")
    .option('--from-beginning', 'start at the earliest record when the group has no committed offset')
    .option('--group <group>', 'the consumer group id (default: a generated console-consumer-<n>)')
    .option('--max-messages <n>', 'exit after printing this many records')
    .option('--timeout-ms <ms>', 'exit when no record arrived for this long')
    .option('--property <name=value>', 'formatter settings: print.key, key.separator, print.timestamp … (repeatable)', collect, [])
    .option('--consumer-property <name=value>', 'a consumer configuration property (repeatable)', collect, [])
    .option('--consumer.config <file>', 'consumer configuration properties file')
    .option('--formatter <class>', 'the message formatter (only the default one is available)')
    .option('--key-deserializer <class>', 'print keys through this deserializer')
    .option('--value-deserializer <class>', 'print values through this deserializer')
    .option('--isolation-level <level>', 'read_committed or read_uncommitted')
    .option('--skip-message-on-error', 'skip a record that cannot be printed instead of stopping');
}

/** Validates the flags commander parsed, with Kafka's messages. @throws UsageError */
export function consoleConsumerOptions(raw: RawConsoleConsumerOptions, random: (bound: number) => number = randomInt): ConsoleConsumerOptions {
  const bootstrap = requireOption(raw.bootstrapServer, '--bootstrap-server');
  const pattern = raw.include ?? raw.whitelist;
  if ((raw.topic === undefined) === (pattern === undefined)) throw new UsageError('Exactly one of --include/--topic is required.');
  const partition = raw.partition === undefined ? undefined : parseIntArg('--partition', raw.partition, 0);
  if (partition !== undefined) {
    if (raw.topic === undefined) throw new UsageError('The topic is required when partition is specified.');
    if (raw.fromBeginning === true && raw.offset !== undefined) {
      throw new UsageError('Options from-beginning and offset cannot be specified together.');
    }
  } else if (raw.offset !== undefined) {
    throw new UsageError('The partition is required when offset is specified.');
  }
  const offset: StartOffset = raw.offset !== undefined ? startOffset(raw.offset) : raw.fromBeginning === true ? 'earliest' : 'latest';

  const consumerProperties = clientProperties(raw['consumer.config'], '--consumer-property', raw.consumerProperty);
  const groupIds = new Set([raw.group, consumerProperties.get('group.id')].filter((g) => g !== undefined));
  if (groupIds.size > 1) {
    throw new UsageError(
      "The group ids provided in different places (directly using '--group', via '--consumer-property', or via " +
        `'--consumer.config') do not match. Detected group ids: '${[...groupIds].join("', '")}'`,
    );
  }
  const groupIdGiven = groupIds.size === 1;
  if (groupIdGiven && partition !== undefined) throw new UsageError('Options group and partition cannot be specified together.');
  if (groupIdGiven) {
    consumerProperties.set('group.id', [...groupIds][0]!);
  } else {
    consumerProperties.set('group.id', `console-consumer-${random(100000)}`);
    // As Kafka: a generated group is never used again, so its offsets are not worth storing.
    if (!consumerProperties.has('enable.auto.commit')) consumerProperties.set('enable.auto.commit', 'false');
  }
  const reset = consumerProperties.get('auto.offset.reset');
  if (reset === undefined) {
    consumerProperties.set('auto.offset.reset', raw.fromBeginning === true ? 'earliest' : 'latest');
  } else if (raw.fromBeginning === true && reset !== 'earliest') {
    throw new UsageError(
      `Can't simultaneously specify --from-beginning and 'auto.offset.reset=${reset}', to make sure consumer should start from beginning, remove it`,
    );
  }
  if (!consumerProperties.has('client.id')) consumerProperties.set('client.id', 'console-consumer');
  if (raw.isolationLevel !== undefined) {
    if (raw.isolationLevel !== 'read_committed' && raw.isolationLevel !== 'read_uncommitted') {
      throw new UsageError(`--isolation-level expects read_committed or read_uncommitted, got "${raw.isolationLevel}"`);
    }
    consumerProperties.set('isolation.level', raw.isolationLevel);
  }

  if (raw.formatter !== undefined && !DEFAULT_FORMATTERS.includes(raw.formatter)) {
    throw new UsageError(`--formatter: unsupported formatter ${raw.formatter}; only ${DEFAULT_FORMATTERS[0]} is available`);
  }
  const formatterProperties = parseKeyValueArgs('--property', raw.property);
  if (raw.keyDeserializer !== undefined) formatterProperties.set('key.deserializer', raw.keyDeserializer);
  if (raw.valueDeserializer !== undefined) formatterProperties.set('value.deserializer', raw.valueDeserializer);

  let source: ConsumerSource;
  if (raw.topic === undefined) source = { kind: 'pattern', filter: new TopicFilter(pattern!) };
  else if (partition === undefined) source = { kind: 'topic', topic: raw.topic };
  else source = { kind: 'partition', topic: raw.topic, partition, offset };
  return {
    bootstrapServers: splitServers(bootstrap),
    source,
    consumerProperties,
    groupIdGiven,
    formatterProperties,
    maxMessages: raw.maxMessages === undefined ? -1 : parseIntArg('--max-messages', raw.maxMessages, 0),
    timeoutMs: raw.timeoutMs === undefined ? -1 : parseIntArg('--timeout-ms', raw.timeoutMs, 0),
    skipMessageOnError: raw.skipMessageOnError === true,
  };
}

/** Kafka's `--offset` values. */
function startOffset(text: string): StartOffset {
  const lower = text.toLowerCase();
  if (lower === 'earliest' || lower === 'latest') return lower;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) {
    throw new UsageError(`The provided offset value '${text}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.`);
  }
  return value;
}
