import type { Command } from 'commander';
import { clientProperties } from './key-value-args.js';
import { collect, parseIntArg, parseLongArg, requireOption, splitServers, toolCommand } from './tool-command.js';
import { UsageError } from './usage-error.js';

/** Where `--reset-offsets` moves each partition. */
export type ResetSpec =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'current' }
  | { readonly kind: 'offset'; readonly offset: number }
  | { readonly kind: 'shift'; readonly by: number };

/** `--topic t` (every partition) or `--topic t:0,2`. */
export interface TopicScope {
  readonly topic: string;
  /** undefined: every partition of the topic (for `--reset-offsets`, those with a committed offset or all). */
  readonly partitions: readonly number[] | undefined;
}

export type DescribeView = 'offsets' | 'members' | 'state';

export type ConsumerGroupsOptions = {
  readonly bootstrapServers: readonly string[];
  readonly clientProperties: ReadonlyMap<string, string>;
  readonly timeoutMs: number;
} & (
  | { readonly action: 'list' }
  | { readonly action: 'describe'; readonly groups: readonly string[] | 'all'; readonly view: DescribeView; readonly verbose: boolean }
  | {
      readonly action: 'reset-offsets';
      readonly groups: readonly string[] | 'all';
      readonly topics: readonly TopicScope[] | 'all';
      readonly spec: ResetSpec;
      readonly execute: boolean;
      /** Neither --dry-run nor --execute: Kafka warns and does a dry run. */
      readonly warnNoAction: boolean;
    }
);

interface RawConsumerGroupsOptions {
  bootstrapServer?: string;
  commandConfig?: string;
  timeout?: string;
  list?: boolean;
  describe?: boolean;
  resetOffsets?: boolean;
  group: string[];
  allGroups?: boolean;
  topic: string[];
  allTopics?: boolean;
  toEarliest?: boolean;
  toLatest?: boolean;
  toCurrent?: boolean;
  toOffset?: string;
  shiftBy?: string;
  dryRun?: boolean;
  execute?: boolean;
  members?: boolean;
  offsets?: boolean;
  state?: boolean;
  verbose?: boolean;
}

/** The `consumer-groups` subcommand's flags, Kafka's names. */
export function defineConsumerGroupsCommand(): Command {
  return toolCommand('consumer-groups', 'list, describe, or reset the offsets of consumer groups (as kafka-consumer-groups.sh)')
    .option('--bootstrap-server <host:port>', 'the broker(s) to connect to, comma-separated (required)')
    .option('--command-config <file>', 'admin client properties file')
    .option('--timeout <ms>', 'how long to wait for the group coordinator and brokers', '5000')
    .option('--list', 'list all consumer groups')
    .option('--describe', "describe a group's members, lag and committed offsets")
    .option('--reset-offsets', "reset a group's committed offsets (the group must have no active members)")
    .option('--group <group>', 'the consumer group (repeatable)', collect, [])
    .option('--all-groups', 'every consumer group')
    .option('--topic <topic[:partitions]>', 'with --reset-offsets: the topic, optionally with partitions t:0,1 (repeatable)', collect, [])
    .option('--all-topics', 'with --reset-offsets: every topic the group has committed offsets for')
    .option('--to-earliest', 'reset to the earliest offset')
    .option('--to-latest', 'reset to the latest offset')
    .option('--to-current', 'reset to the committed offset (log end where there is none)')
    .option('--to-offset <offset>', 'reset to this offset, clamped to the partition')
    .option('--shift-by <n>', 'move the committed offset by n (may be negative), clamped to the partition')
    .option('--dry-run', 'only show the offsets a reset would commit (the default)')
    .option('--execute', 'commit the new offsets')
    .option('--members', 'with --describe: list members instead of offsets')
    .option('--offsets', 'with --describe: list offsets and lag (the default)')
    .option('--state', 'with --describe: the group state')
    .option('--verbose', 'with --describe --members: add the assigned partitions');
}

const ACTIONS = ['list', 'describe', 'reset-offsets'] as const;

/** Validates the flags commander parsed, with Kafka's messages. @throws UsageError */
export function consumerGroupsOptions(raw: RawConsumerGroupsOptions): ConsumerGroupsOptions {
  const chosen = ACTIONS.filter((a) => (a === 'reset-offsets' ? raw.resetOffsets : raw[a]) === true);
  if (chosen.length !== 1) throw new UsageError('Command must include exactly one action: --list, --describe, --reset-offsets');
  const base = {
    bootstrapServers: splitServers(requireOption(raw.bootstrapServer, '--bootstrap-server')),
    clientProperties: clientProperties(raw.commandConfig, '--command-config', []),
    timeoutMs: parseIntArg('--timeout', raw.timeout ?? '5000', 1),
  };
  const groups = (action: string): readonly string[] | 'all' => {
    if (raw.allGroups === true) {
      if (raw.group.length > 0) throw new UsageError(`Option "[${action}]" takes one of these options: "[all-groups]", "[group]"`);
      return 'all';
    }
    if (raw.group.length === 0) throw new UsageError(`Option "[${action}]" takes one of these options: "[all-groups]", "[group]"`);
    return raw.group;
  };
  switch (chosen[0]!) {
    case 'list':
      return { ...base, action: 'list' };
    case 'describe': {
      const views = (['members', 'offsets', 'state'] as const).filter((v) => raw[v] === true);
      if (views.length > 1) throw new UsageError('Option "[describe]" takes at most one of these options: "[members]", "[offsets]", "[state]"');
      if (raw.verbose === true && views[0] !== 'members') throw new UsageError('Option "[verbose]" can only be used with "[members]"');
      return { ...base, action: 'describe', groups: groups('describe'), view: views[0] ?? 'offsets', verbose: raw.verbose === true };
    }
    case 'reset-offsets': {
      if (raw.dryRun === true && raw.execute === true) throw new UsageError('Option "[reset-offsets]" only accepts one of "[execute]" and "[dry-run]"');
      if (raw.allTopics === true && raw.topic.length > 0) throw new UsageError('Option "[reset-offsets]" takes only one of these options: "[all-topics]", "[topic]"');
      if (raw.allTopics !== true && raw.topic.length === 0) {
        throw new UsageError('Option "[reset-offsets]" takes one of these options: "[all-topics]", "[topic]"');
      }
      return {
        ...base,
        action: 'reset-offsets',
        groups: groups('reset-offsets'),
        topics: raw.allTopics === true ? 'all' : raw.topic.map(topicScope),
        spec: resetSpec(raw),
        execute: raw.execute === true,
        warnNoAction: raw.execute !== true && raw.dryRun !== true,
      };
    }
  }
}

function resetSpec(raw: RawConsumerGroupsOptions): ResetSpec {
  const specs: ResetSpec[] = [];
  if (raw.toEarliest === true) specs.push({ kind: 'earliest' });
  if (raw.toLatest === true) specs.push({ kind: 'latest' });
  if (raw.toCurrent === true) specs.push({ kind: 'current' });
  if (raw.toOffset !== undefined) specs.push({ kind: 'offset', offset: parseLongArg('--to-offset', raw.toOffset, 0) });
  if (raw.shiftBy !== undefined) specs.push({ kind: 'shift', by: parseLongArg('--shift-by', raw.shiftBy) });
  if (specs.length !== 1) {
    throw new UsageError(
      'Option "[reset-offsets]" takes exactly one of these options: "[to-earliest]", "[to-latest]", "[to-current]", "[to-offset]", "[shift-by]"',
    );
  }
  return specs[0]!;
}

/** Kafka's `--topic t` or `--topic t:0,1,2`. */
function topicScope(text: string): TopicScope {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { topic: text, partitions: undefined };
  const partitions = text
    .slice(colon + 1)
    .split(',')
    .map((p) => parseIntArg('--topic partition', p, 0));
  return { topic: text.slice(0, colon), partitions };
}
