/**
 * The `consumer` embedded protocol: what consumers put in JoinGroup's protocol metadata (a subscription) and what
 * the leader puts in SyncGroup for each member (an assignment). Transcribed from Kafka's
 * `ConsumerProtocolSubscription.json` / `ConsumerProtocolAssignment.json` (message type "data", so no API key)
 * and framed as Kafka's `ConsumerProtocol` frames them: an int16 version, then the struct, never flexible.
 *
 * The same bytes are written by kafkajs (`AssignerProtocol`, v0), librdkafka and the Java client, which is what
 * lets them share a group when they use the same assignor name. Decoding follows Kafka's forward-compatibility
 * rule: a newer version is read as the newest one known, whose fields are a prefix of it.
 */
import { decodeMessage, encodeMessage } from '../../protocol/codec.js';
import { ProtocolDecodeError } from '../../protocol/errors.js';
import type { MessageSpec } from '../../protocol/message-spec.js';
import { ByteReader } from '../../protocol/primitives/byte-reader.js';
import { ByteWriter } from '../../protocol/primitives/byte-writer.js';
import { groupByTopic } from './topic-partition.js';
import type { TopicPartition } from './topic-partition.js';

/** The protocol type consumers join groups with (Kafka Connect workers use "connect"). */
export const CONSUMER_PROTOCOL_TYPE = 'consumer';

/** v1 adds owned partitions, which cooperative rebalancing needs; v2 (generation) and v3 (rack) are read only. */
export const SUBSCRIPTION_VERSION = 1;
export const ASSIGNMENT_VERSION = 1;
const HIGHEST_SUBSCRIPTION_VERSION = 3;
const HIGHEST_ASSIGNMENT_VERSION = 3;

/** Not an API message: `apiKey` -1 and `type` request only satisfy the spec shape (Kafka's type is "data"). */
export const consumerProtocolSubscription: MessageSpec = {
  apiKey: -1,
  type: 'request',
  name: 'ConsumerProtocolSubscription',
  validVersions: '0-3',
  flexibleVersions: 'none',
  fields: [
    { name: 'Topics', type: '[]string', versions: '0+' },
    { name: 'UserData', type: 'bytes', versions: '0+', nullableVersions: '0+', default: null },
    {
      name: 'OwnedPartitions',
      type: '[]TopicPartition',
      versions: '1+',
      ignorable: true,
      fields: [
        { name: 'Topic', type: 'string', versions: '1+', mapKey: true, entityType: 'topicName' },
        { name: 'Partitions', type: '[]int32', versions: '1+' },
      ],
    },
    { name: 'GenerationId', type: 'int32', versions: '2+', default: -1, ignorable: true },
    { name: 'RackId', type: 'string', versions: '3+', nullableVersions: '3+', default: null, ignorable: true },
  ],
};

export const consumerProtocolAssignment: MessageSpec = {
  apiKey: -1,
  type: 'request',
  name: 'ConsumerProtocolAssignment',
  validVersions: '0-3',
  flexibleVersions: 'none',
  fields: [
    {
      name: 'AssignedPartitions',
      type: '[]TopicPartition',
      versions: '0+',
      fields: [
        { name: 'Topic', type: 'string', versions: '0+', mapKey: true, entityType: 'topicName' },
        { name: 'Partitions', type: '[]int32', versions: '0+' },
      ],
    },
    { name: 'UserData', type: 'bytes', versions: '0+', nullableVersions: '0+', default: null },
  ],
};

/** A member's subscription as the group leader sees it. */
export interface Subscription {
  readonly topics: readonly string[];
  readonly userData: Buffer | null;
  /** The partitions the member owned when it (re)joined; empty before v1. */
  readonly ownedPartitions: readonly TopicPartition[];
  /** The generation the owned partitions belong to, from v2 subscriptions (Java clients); null otherwise. */
  readonly generationId: number | null;
  readonly rackId: string | null;
}

export interface Assignment {
  readonly partitions: readonly TopicPartition[];
  readonly userData: Buffer | null;
}

interface TopicPartitionsWire {
  topic: string;
  partitions: number[];
}

interface SubscriptionWire {
  topics: string[];
  userData: Buffer | null;
  ownedPartitions: TopicPartitionsWire[];
  generationId: number;
  rackId: string | null;
}

interface AssignmentWire {
  assignedPartitions: TopicPartitionsWire[];
  userData: Buffer | null;
}

export function encodeSubscription(
  subscription: Pick<Subscription, 'topics' | 'userData' | 'ownedPartitions'>,
  version: number = SUBSCRIPTION_VERSION,
): Buffer {
  const writer = new ByteWriter();
  writer.int16(version);
  const value: Partial<SubscriptionWire> = {
    topics: [...subscription.topics],
    userData: subscription.userData,
  };
  if (version >= 1) value.ownedPartitions = toWire(subscription.ownedPartitions);
  encodeMessage(consumerProtocolSubscription, version, value, writer);
  return writer.toBuffer();
}

/** @throws ProtocolDecodeError for bytes that are not a subscription (a member of another protocol type) */
export function decodeSubscription(bytes: Buffer): Subscription {
  const reader = new ByteReader(bytes);
  const version = readVersion(reader, 'subscription');
  const wire = decodeMessage<SubscriptionWire>(
    consumerProtocolSubscription,
    Math.min(version, HIGHEST_SUBSCRIPTION_VERSION),
    reader,
  );
  return {
    topics: wire.topics,
    userData: wire.userData,
    ownedPartitions: fromWire(wire.ownedPartitions),
    generationId: version >= 2 ? wire.generationId : null,
    rackId: wire.rackId,
  };
}

export function encodeAssignment(assignment: Assignment, version: number = ASSIGNMENT_VERSION): Buffer {
  const writer = new ByteWriter();
  writer.int16(version);
  const value: AssignmentWire = { assignedPartitions: toWire(assignment.partitions), userData: assignment.userData };
  encodeMessage(consumerProtocolAssignment, version, value, writer);
  return writer.toBuffer();
}

/**
 * An empty buffer is an empty assignment: the coordinator answers SyncGroup with empty bytes for a member the
 * leader left out (kafkajs and librdkafka read it the same way).
 * @throws ProtocolDecodeError for bytes that are not an assignment
 */
export function decodeAssignment(bytes: Buffer): Assignment {
  if (bytes.length === 0) return { partitions: [], userData: null };
  const reader = new ByteReader(bytes);
  const version = readVersion(reader, 'assignment');
  const wire = decodeMessage<AssignmentWire>(consumerProtocolAssignment, Math.min(version, HIGHEST_ASSIGNMENT_VERSION), reader);
  return { partitions: fromWire(wire.assignedPartitions), userData: wire.userData };
}

function readVersion(reader: ByteReader, what: string): number {
  const version = reader.int16();
  if (version < 0) throw new ProtocolDecodeError(`unsupported consumer protocol ${what} version ${version}`);
  return version;
}

function toWire(partitions: readonly TopicPartition[]): TopicPartitionsWire[] {
  return [...groupByTopic(partitions)].map(([topic, numbers]) => ({ topic, partitions: numbers }));
}

function fromWire(wire: readonly TopicPartitionsWire[]): TopicPartition[] {
  const out: TopicPartition[] = [];
  for (const entry of wire) for (const partition of entry.partitions) out.push({ topic: entry.topic, partition });
  return out;
}
