/**
 * The records of `__consumer_offsets`, in Kafka's own formats (apache/kafka `group-coordinator/src/main/resources/
 * common/message/OffsetCommitKey.json`, `OffsetCommitValue.json`, `GroupMetadataKey.json`), so that Kafka tooling
 * reading the topic understands them. Key and value each start with an int16 version; a null value is a tombstone.
 *
 * Key versions 0 and 1 are offset commits (group, topic, partition); version 2 is a group's membership record,
 * which Millrace does not persist (after a restart groups come back empty and members rejoin) and skips on load.
 * Values are written as version 3 (with the leader epoch) or, when the commit carries an explicit expiry, as
 * version 1 — as Kafka chooses.
 */
import { decodeMessage, encodeMessage } from '../../protocol/codec.js';
import type { MessageSpec } from '../../protocol/message-spec.js';
import { ByteReader } from '../../protocol/primitives/byte-reader.js';
import { ByteWriter } from '../../protocol/primitives/byte-writer.js';
import type { CommittedOffset } from './group.js';

/** Not a Kafka API: internal record formats use the message DSL without an API key. */
const NO_API_KEY = -1;

const offsetCommitKey: MessageSpec = {
  apiKey: NO_API_KEY,
  type: 'request',
  name: 'OffsetCommitKey',
  validVersions: '0-1',
  flexibleVersions: 'none',
  fields: [
    { name: 'Group', type: 'string', versions: '0-1' },
    { name: 'Topic', type: 'string', versions: '0-1' },
    { name: 'Partition', type: 'int32', versions: '0-1' },
  ],
};

const offsetCommitValue: MessageSpec = {
  apiKey: NO_API_KEY,
  type: 'request',
  name: 'OffsetCommitValue',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'Offset', type: 'int64', versions: '0+' },
    { name: 'LeaderEpoch', type: 'int32', versions: '3+', default: -1 },
    { name: 'Metadata', type: 'string', versions: '0+' },
    { name: 'CommitTimestamp', type: 'int64', versions: '0+' },
    { name: 'ExpireTimestamp', type: 'int64', versions: '1', default: -1n },
  ],
};

/** Kafka writes offset-commit keys at version 1 (0 has the same fields). */
const OFFSET_COMMIT_KEY_VERSION = 1;
/** Key version of Kafka's GroupMetadataKey: a group's membership, not an offset. */
export const GROUP_METADATA_KEY_VERSION = 2;
const VALUE_VERSION_WITH_EXPIRY = 1;
const VALUE_VERSION = 3;

export interface OffsetRecordKey {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
}

interface OffsetCommitKeyData {
  group: string;
  topic: string;
  partition: number;
}

interface OffsetCommitValueData {
  offset: bigint;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: bigint;
  expireTimestamp: bigint;
}

/** A record of the offsets topic the coordinator cannot read (unknown version, truncated bytes). */
export class OffsetRecordFormatError extends Error {
  readonly version: number;

  constructor(message: string, version: number) {
    super(message);
    this.name = 'OffsetRecordFormatError';
    this.version = version;
  }
}

export function encodeOffsetKey(key: OffsetRecordKey): Buffer {
  const writer = new ByteWriter(64);
  writer.int16(OFFSET_COMMIT_KEY_VERSION);
  encodeMessage<OffsetCommitKeyData>(offsetCommitKey, OFFSET_COMMIT_KEY_VERSION, { group: key.group, topic: key.topic, partition: key.partition }, writer);
  return writer.toBuffer();
}

export function encodeOffsetValue(value: CommittedOffset): Buffer {
  const writer = new ByteWriter(64);
  const withExpiry = value.expireTimestamp >= 0;
  const version = withExpiry ? VALUE_VERSION_WITH_EXPIRY : VALUE_VERSION;
  writer.int16(version);
  const data: Partial<OffsetCommitValueData> = {
    offset: value.offset,
    metadata: value.metadata,
    commitTimestamp: BigInt(value.commitTimestamp),
  };
  if (withExpiry) data.expireTimestamp = BigInt(value.expireTimestamp);
  else data.leaderEpoch = value.leaderEpoch;
  encodeMessage(offsetCommitValue, version, data, writer);
  return writer.toBuffer();
}

/** The key's version: 0–1 offset commits, 2 group metadata; others are unknown to this broker. */
export function offsetKeyVersion(key: Buffer): number {
  if (key.length < 2) throw new OffsetRecordFormatError(`a record key of ${key.length} bytes has no version`, -1);
  return key.readInt16BE(0);
}

export function decodeOffsetKey(key: Buffer): OffsetRecordKey {
  const version = offsetKeyVersion(key);
  if (version !== 0 && version !== 1) throw new OffsetRecordFormatError(`offset commit key version ${version} is unknown`, version);
  try {
    return decodeMessage<OffsetCommitKeyData>(offsetCommitKey, version, new ByteReader(key, 2));
  } catch (err) {
    throw new OffsetRecordFormatError(`malformed offset commit key: ${(err as Error).message}`, version);
  }
}

export function decodeOffsetValue(value: Buffer): CommittedOffset {
  if (value.length < 2) throw new OffsetRecordFormatError(`a record value of ${value.length} bytes has no version`, -1);
  const version = value.readInt16BE(0);
  if (version < 0 || version > 4) throw new OffsetRecordFormatError(`offset commit value version ${version} is unknown`, version);
  let data: OffsetCommitValueData;
  try {
    data = decodeMessage<OffsetCommitValueData>(offsetCommitValue, version, new ByteReader(value, 2));
  } catch (err) {
    throw new OffsetRecordFormatError(`malformed offset commit value: ${(err as Error).message}`, version);
  }
  return {
    offset: data.offset,
    leaderEpoch: data.leaderEpoch,
    metadata: data.metadata,
    commitTimestamp: Number(data.commitTimestamp),
    expireTimestamp: Number(data.expireTimestamp),
  };
}
