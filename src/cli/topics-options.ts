import type { Command } from 'commander';
import { clientProperties, parseKeyValueArgs } from './key-value-args.js';
import type { DescribeFilter } from './topic-description.js';
import { collect, parseIntArg, rejectWith, requireOption, splitServers, toolCommand } from './tool-command.js';
import { UsageError } from './usage-error.js';

export const TOPICS_ACTIONS = ['create', 'list', 'describe', 'alter', 'delete'] as const;
export type TopicsAction = (typeof TOPICS_ACTIONS)[number];

/** `millrace topics` arguments after Kafka 2.3's `TopicCommandOptions.checkArgs`. */
export interface TopicsOptions {
  readonly action: TopicsAction;
  readonly bootstrapServers: readonly string[];
  /** Admin client properties from `--command-config`. */
  readonly clientProperties: ReadonlyMap<string, string>;
  /** A `TopicFilter` pattern; required except for `--list` and `--describe`. */
  readonly topic: string | undefined;
  /** For `--create` (broker default when absent) and `--alter` (required there). */
  readonly partitions: number | undefined;
  /** For `--create`; the broker's `default.replication.factor` when absent. */
  readonly replicationFactor: number | undefined;
  /** `--config k=v` overrides for `--create`. */
  readonly configs: ReadonlyMap<string, string>;
  readonly ifExists: boolean;
  readonly ifNotExists: boolean;
  readonly excludeInternal: boolean;
  readonly describeFilter: DescribeFilter;
}

interface RawTopicsOptions {
  bootstrapServer?: string;
  commandConfig?: string;
  create?: boolean;
  list?: boolean;
  describe?: boolean;
  alter?: boolean;
  delete?: boolean;
  topic?: string;
  partitions?: string;
  replicationFactor?: string;
  config: string[];
  ifExists?: boolean;
  ifNotExists?: boolean;
  excludeInternal?: boolean;
  underReplicatedPartitions?: boolean;
  unavailablePartitions?: boolean;
  topicsWithOverrides?: boolean;
}

/** The `topics` subcommand's flags, Kafka's names. */
export function defineTopicsCommand(): Command {
  return toolCommand('topics', 'create, delete, describe, or change a topic (as kafka-topics.sh)')
    .option('--bootstrap-server <host:port>', 'the broker(s) to connect to, comma-separated (required)')
    .option('--command-config <file>', 'admin client properties file')
    .option('--create', 'create a new topic')
    .option('--list', 'list all available topics')
    .option('--describe', 'list details for the given topics')
    .option('--alter', "alter the number of partitions of a topic")
    .option('--delete', 'delete a topic')
    .option('--topic <topic>', 'the topic (a regular expression for --describe, --alter and --delete)')
    .option('--partitions <n>', 'the number of partitions for the topic being created or altered')
    .option('--replication-factor <n>', 'the replication factor for each partition of the topic being created')
    .option('--config <name=value>', 'a topic configuration override for the topic being created (repeatable)', collect, [])
    .option('--if-exists', 'with --alter, --delete or --describe: only act if the topic exists')
    .option('--if-not-exists', 'with --create: only create the topic if it does not already exist')
    .option('--exclude-internal', 'exclude internal topics from --list and --describe')
    .option('--under-replicated-partitions', 'with --describe: only partitions whose ISR is smaller than their replicas')
    .option('--unavailable-partitions', 'with --describe: only partitions without a leader')
    .option('--topics-with-overrides', 'with --describe: only topics that have configuration overrides');
}

/** Validates the flags commander parsed, with Kafka's messages. @throws UsageError */
export function topicsOptions(raw: RawTopicsOptions): TopicsOptions {
  const chosen = TOPICS_ACTIONS.filter((a) => raw[a] === true);
  const action = chosen[0];
  if (action === undefined || chosen.length > 1) {
    throw new UsageError('Command must include exactly one action: --list, --describe, --create, --alter or --delete');
  }
  const bootstrap = requireOption(raw.bootstrapServer, '--bootstrap-server');
  if (raw.describe === true && raw.ifExists === true) requireOption(raw.topic, '--topic');
  if (action !== 'list' && action !== 'describe') requireOption(raw.topic, '--topic');
  if (action === 'alter') {
    rejectWith('--config', raw.config.length > 0, { '--alter': true });
    requireOption(raw.partitions, '--partitions');
  }
  const others = (...allowed: TopicsAction[]) => Object.fromEntries(TOPICS_ACTIONS.filter((a) => !allowed.includes(a)).map((a) => [`--${a}`, raw[a] === true]));
  rejectWith('--config', raw.config.length > 0, others('create', 'alter'));
  rejectWith('--partitions', raw.partitions !== undefined, others('create', 'alter'));
  rejectWith('--replication-factor', raw.replicationFactor !== undefined, others('create'));
  const describeOnly = (self: string) => ({
    ...others('describe'),
    ...Object.fromEntries(
      [
        ['--under-replicated-partitions', raw.underReplicatedPartitions === true],
        ['--unavailable-partitions', raw.unavailablePartitions === true],
        ['--topics-with-overrides', raw.topicsWithOverrides === true],
      ].filter(([flag]) => flag !== self),
    ),
  });
  rejectWith('--under-replicated-partitions', raw.underReplicatedPartitions === true, describeOnly('--under-replicated-partitions'));
  rejectWith('--unavailable-partitions', raw.unavailablePartitions === true, describeOnly('--unavailable-partitions'));
  rejectWith('--topics-with-overrides', raw.topicsWithOverrides === true, describeOnly('--topics-with-overrides'));
  rejectWith('--if-exists', raw.ifExists === true, others('alter', 'delete', 'describe'));
  rejectWith('--if-not-exists', raw.ifNotExists === true, others('create'));
  rejectWith('--exclude-internal', raw.excludeInternal === true, others('list', 'describe'));
  return {
    action,
    bootstrapServers: splitServers(bootstrap),
    clientProperties: clientProperties(raw.commandConfig, '--command-config', []),
    topic: raw.topic,
    partitions: raw.partitions === undefined ? undefined : parseIntArg('--partitions', raw.partitions, 1),
    replicationFactor:
      raw.replicationFactor === undefined ? undefined : parseIntArg('--replication-factor', raw.replicationFactor, 1, 32767),
    configs: parseKeyValueArgs('--config', raw.config),
    ifExists: raw.ifExists === true,
    ifNotExists: raw.ifNotExists === true,
    excludeInternal: raw.excludeInternal === true,
    describeFilter: {
      underReplicated: raw.underReplicatedPartitions === true,
      unavailable: raw.unavailablePartitions === true,
      withOverrides: raw.topicsWithOverrides === true,
    },
  };
}
