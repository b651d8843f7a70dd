import type { Writable } from 'node:stream';
import { Admin } from '../client/admin/admin.js';
import type { GroupDescription, GroupOffset } from '../client/admin/admin-types.js';
import { CONSUMER_PROTOCOL_TYPE, decodeAssignment } from '../client/consumer/consumer-protocol.js';
import { compareTopicPartitions } from '../client/consumer/topic-partition.js';
import type { TopicPartition } from '../client/consumer/topic-partition.js';
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import { admin, UnknownGroupError, UnknownTopicError } from './cli-errors.js';
import { adminOptions } from './client-options.js';
import { formatAssignments, formatGroupState, formatMembers, formatOffsetResets, lagOf, MISSING } from './consumer-group-table.js';
import type { MemberRow, OffsetResetRow, PartitionAssignmentRow } from './consumer-group-table.js';
import type { ConsumerGroupsOptions, ResetSpec, TopicScope } from './consumer-groups-options.js';
import { resetOffset } from './offset-reset.js';
import { write } from './write.js';

const NO_ACTION_WARNING =
  'WARN: No action will be performed as the --execute option is missing. In a future major release, the default ' +
  'behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. ' +
  'You should add the --dry-run option explicitly if you are scripting this command and want to keep the current ' +
  'default behavior without prompting.';

/** `--reset-offsets` on a group that still has members: they would overwrite the new offsets. */
export class GroupNotInactiveError extends KafkaError {
  constructor(group: string, state: string) {
    super(ErrorCode.NON_EMPTY_GROUP, `Assignments can only be reset if the group '${group}' is inactive, but the current state is ${state}.`);
    this.name = 'GroupNotInactiveError';
  }
}

export interface ConsumerGroupsIo {
  readonly out: Writable;
  readonly err: Writable;
}

/**
 * `millrace consumer-groups`: Kafka's `kafka-consumer-groups.sh` (`ConsumerGroupCommand`) — `--list`,
 * `--describe` (offsets and lag, `--members`, `--state`) and `--reset-offsets` — with Kafka's tables.
 */
export async function runConsumerGroups(
  options: ConsumerGroupsOptions,
  io: ConsumerGroupsIo = { out: process.stdout, err: process.stderr },
): Promise<void> {
  const properties = new Map(options.clientProperties);
  if (!properties.has('default.api.timeout.ms')) properties.set('default.api.timeout.ms', String(options.timeoutMs));
  const client = new Admin(adminOptions(options.bootstrapServers, properties, 'millrace-consumer-groups'));
  try {
    await client.connect();
    switch (options.action) {
      case 'list':
        await write(io.out, (await consumerGroups(client)).map((g) => `${g}\n`).join(''));
        break;
      case 'describe':
        for (const group of options.groups === 'all' ? await consumerGroups(client) : options.groups) {
          await describe(client, group, options.view, options.verbose, io);
        }
        break;
      case 'reset-offsets': {
        if (options.warnNoAction) await write(io.err, `${NO_ACTION_WARNING}\n`);
        const rows: OffsetResetRow[] = [];
        for (const group of options.groups === 'all' ? await consumerGroups(client) : options.groups) {
          rows.push(...(await resetGroup(client, group, options.topics, options.spec, options.execute, io)));
        }
        await write(io.out, formatOffsetResets(rows));
        break;
      }
    }
  } finally {
    await client.close();
  }
}

/** Kafka's `listConsumerGroups`: groups of protocol type `consumer`, or none (groups that only commit offsets). */
async function consumerGroups(client: Admin): Promise<string[]> {
  const groups = await admin(client.listGroups());
  return groups.filter((g) => g.protocolType === CONSUMER_PROTOCOL_TYPE || g.protocolType === '').map((g) => g.groupId);
}

async function describeGroup(client: Admin, group: string): Promise<GroupDescription> {
  const [description] = await admin(client.describeGroups([group]));
  if (description === undefined || description.state === 'Dead') throw new UnknownGroupError(group);
  return description;
}

/** The partitions a member was assigned; none for members of other protocols or before their first assignment. */
function assignedPartitions(description: GroupDescription, assignment: Buffer): readonly TopicPartition[] {
  if (description.protocolType !== CONSUMER_PROTOCOL_TYPE || assignment.length === 0) return [];
  return decodeAssignment(assignment).partitions;
}

/**
 * Kafka's `shouldPrintMemberState`: says on stderr when the group is empty or rebalancing; the table follows only
 * when there are rows.
 */
async function noteState(group: string, state: string, err: Writable): Promise<void> {
  if (state === 'Empty') await write(err, `\nConsumer group '${group}' has no active members.\n`);
  else if (state === 'PreparingRebalance' || state === 'CompletingRebalance') {
    await write(err, `\nWarning: Consumer group '${group}' is rebalancing.\n`);
  }
}

async function describe(client: Admin, group: string, view: 'offsets' | 'members' | 'state', verbose: boolean, io: ConsumerGroupsIo): Promise<void> {
  const description = await describeGroup(client, group);
  if (view === 'state') {
    await noteState(group, description.state, io.err);
    const coordinator = await client.cluster.coordinatorFor(group);
    await write(
      io.out,
      formatGroupState({
        group,
        coordinator: `${coordinator.host}:${coordinator.port} (${coordinator.nodeId})`,
        assignmentStrategy: description.protocol,
        state: description.state,
        members: description.members.length,
      }),
    );
    return;
  }
  if (view === 'members') {
    const rows: MemberRow[] = description.members.map((m) => ({
      group,
      consumerId: m.memberId,
      host: m.clientHost,
      clientId: m.clientId,
      partitions: assignedPartitions(description, m.assignment),
    }));
    await noteState(group, description.state, io.err);
    if (rows.length > 0) await write(io.out, formatMembers(rows, verbose));
    return;
  }
  const rows = await offsetRows(client, description);
  await noteState(group, description.state, io.err);
  if (rows.length > 0) await write(io.out, formatAssignments(rows));
}

/**
 * Kafka's `collectGroupOffsets`: a row per assigned partition, members with the most partitions first, each
 * member's partitions by partition number; then a row per partition with a committed offset but no member.
 */
async function offsetRows(client: Admin, description: GroupDescription): Promise<PartitionAssignmentRow[]> {
  const group = description.groupId;
  const committed = new Map<string, number>();
  const unassigned: GroupOffset[] = [];
  for (const o of await admin(client.fetchGroupOffsets(group))) {
    if (o.offset < 0) continue;
    committed.set(`${o.topic}\0${o.partition}`, o.offset);
    unassigned.push(o);
  }
  const members = description.members
    .map((m) => ({ member: m, partitions: [...assignedPartitions(description, m.assignment)].sort((a, b) => a.partition - b.partition) }))
    .filter((m) => m.partitions.length > 0)
    .sort((a, b) => b.partitions.length - a.partitions.length);
  const topics = new Set([...unassigned.map((o) => o.topic), ...members.flatMap((m) => m.partitions.map((p) => p.topic))]);
  const logEnd = await logEndOffsets(client, topics);
  const assigned = new Set<string>();
  const rows: PartitionAssignmentRow[] = [];
  const row = (tp: TopicPartition, consumerId: string | null, host: string | null, clientId: string | null): PartitionAssignmentRow => {
    const currentOffset = committed.get(`${tp.topic}\0${tp.partition}`) ?? null;
    const logEndOffset = logEnd.get(`${tp.topic}\0${tp.partition}`) ?? null;
    return { group, topic: tp.topic, partition: tp.partition, currentOffset, logEndOffset, lag: lagOf(currentOffset, logEndOffset), consumerId, host, clientId };
  };
  for (const { member, partitions } of members) {
    for (const tp of partitions) {
      assigned.add(`${tp.topic}\0${tp.partition}`);
      rows.push(row(tp, member.memberId, member.clientHost, member.clientId));
    }
  }
  for (const o of unassigned) {
    if (!assigned.has(`${o.topic}\0${o.partition}`)) rows.push(row(o, MISSING, MISSING, MISSING));
  }
  return rows;
}

/** Log end offsets of every partition of `topics`; a topic that no longer exists has none. */
async function logEndOffsets(client: Admin, topics: Iterable<string>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const topic of topics) {
    try {
      for (const p of await admin(client.listOffsets(topic, 'latest'))) out.set(`${topic}\0${p.partition}`, p.offset);
    } catch (error) {
      if (!(error instanceof KafkaError) || error.code !== ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) throw error;
    }
  }
  return out;
}

/** Kafka's `resetOffsets` for one group: only while it has no members; commits only with `--execute`. */
async function resetGroup(
  client: Admin,
  group: string,
  scope: readonly TopicScope[] | 'all',
  spec: ResetSpec,
  execute: boolean,
  io: ConsumerGroupsIo,
): Promise<OffsetResetRow[]> {
  const [description] = await admin(client.describeGroups([group]));
  const state = description?.state ?? 'Dead';
  if (state !== 'Empty' && state !== 'Dead') throw new GroupNotInactiveError(group, state);
  const committed = new Map<string, number>();
  const committedPartitions: TopicPartition[] = [];
  for (const o of await admin(client.fetchGroupOffsets(group))) {
    if (o.offset < 0) continue;
    committed.set(`${o.topic}\0${o.partition}`, o.offset);
    committedPartitions.push({ topic: o.topic, partition: o.partition });
  }
  const partitions = scope === 'all' ? committedPartitions : await scopePartitions(client, scope);
  partitions.sort(compareTopicPartitions);
  const earliest = new Map<string, number>();
  const latest = new Map<string, number>();
  for (const topic of new Set(partitions.map((p) => p.topic))) {
    const [starts, ends] = await Promise.all([admin(client.listOffsets(topic, 'earliest')), admin(client.listOffsets(topic, 'latest'))]);
    for (const p of starts) earliest.set(`${topic}\0${p.partition}`, p.offset);
    for (const p of ends) latest.set(`${topic}\0${p.partition}`, p.offset);
  }
  const rows: OffsetResetRow[] = [];
  for (const tp of partitions) {
    const key = `${tp.topic}\0${tp.partition}`;
    const logEnd = latest.get(key);
    if (logEnd === undefined) throw new UnknownTopicError(`${tp.topic}-${tp.partition}`);
    const outcome = resetOffset(spec, tp, { earliest: earliest.get(key) ?? 0, latest: logEnd, committed: committed.get(key) ?? null });
    if (outcome.warning !== undefined) await write(io.err, `WARN ${outcome.warning}\n`);
    rows.push({ group, topic: tp.topic, partition: tp.partition, newOffset: outcome.offset });
  }
  if (execute && rows.length > 0) {
    await admin(client.commitGroupOffsets(group, rows.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.newOffset }))));
  }
  return rows;
}

/** `--topic t` (all its partitions) and `--topic t:0,1`; an unknown topic is an error. */
async function scopePartitions(client: Admin, scope: readonly TopicScope[]): Promise<TopicPartition[]> {
  const out: TopicPartition[] = [];
  for (const { topic, partitions } of scope) {
    let known: number[];
    try {
      known = (await admin(client.describeTopics([topic])))[0]!.partitions.map((p) => p.partition);
    } catch (error) {
      if (error instanceof KafkaError && error.code === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) throw new UnknownTopicError(topic);
      throw error;
    }
    for (const partition of partitions ?? known) {
      if (!known.includes(partition)) throw new UnknownTopicError(`${topic}-${partition}`);
      out.push({ topic, partition });
    }
  }
  return out;
}
