import type { Logger } from '../../common/logger.js';

export interface AdminOptions {
  readonly bootstrapServers: readonly string[] | string;
  /** @default 'millrace-admin' */
  readonly clientId?: string;
  /** @default 30000 */
  readonly requestTimeoutMs?: number;
  /** Upper bound of one admin call, retries included (Kafka's `default.api.timeout.ms`). @default 60000 */
  readonly defaultApiTimeoutMs?: number;
  /** @default 100 */
  readonly retryBackoffMs?: number;
  /** @default 300000 */
  readonly metadataMaxAgeMs?: number;
  readonly logger?: Logger;
}

export interface NewTopic {
  readonly topic: string;
  /** The broker's `num.partitions` when omitted. */
  readonly numPartitions?: number;
  /** The broker's `default.replication.factor` when omitted. */
  readonly replicationFactor?: number;
  /** Topic-level configs (`retention.ms`, `cleanup.policy` …). */
  readonly configs?: Readonly<Record<string, string>>;
}

export interface TopicDescription {
  readonly name: string;
  readonly isInternal: boolean;
  readonly partitions: readonly {
    readonly partition: number;
    /** -1 when the partition has no leader. */
    readonly leader: number;
    readonly replicas: readonly number[];
    readonly isr: readonly number[];
  }[];
}

export interface NewPartitions {
  readonly topic: string;
  /** The new total number of partitions. */
  readonly count: number;
}

export interface ConfigResource {
  readonly type: 'topic' | 'broker';
  /** The topic name, or the broker id as a string. */
  readonly name: string;
}

/** Kafka's `ConfigEntry.ConfigSource`, by the names its tools print. */
export const CONFIG_SOURCES = [
  'UNKNOWN',
  'DYNAMIC_TOPIC_CONFIG',
  'DYNAMIC_BROKER_CONFIG',
  'DYNAMIC_DEFAULT_BROKER_CONFIG',
  'STATIC_BROKER_CONFIG',
  'DEFAULT_CONFIG',
  'DYNAMIC_BROKER_LOGGER_CONFIG',
] as const;
export type ConfigSourceName = (typeof CONFIG_SOURCES)[number];

export interface ConfigEntry {
  readonly name: string;
  /** null for sensitive values. */
  readonly value: string | null;
  readonly source: ConfigSourceName;
  readonly isDefault: boolean;
  readonly isReadOnly: boolean;
  readonly isSensitive: boolean;
  readonly synonyms: readonly { readonly name: string; readonly value: string | null; readonly source: ConfigSourceName }[];
}

/** 'earliest' (log start), 'latest' (log end), or a timestamp in ms (first offset at or after it). */
export type OffsetSpec = 'earliest' | 'latest' | number;

export interface PartitionOffset {
  readonly partition: number;
  /** -1 when no record has a timestamp at or after the one asked for. */
  readonly offset: number;
  /** -1 for 'earliest'/'latest'. */
  readonly timestamp: number;
}

export interface GroupListing {
  readonly groupId: string;
  /** 'consumer', 'connect', or '' for a group that only commits offsets. */
  readonly protocolType: string;
}

export interface GroupMemberDescription {
  readonly memberId: string;
  readonly clientId: string;
  readonly clientHost: string;
  readonly metadata: Buffer;
  readonly assignment: Buffer;
}

export interface GroupDescription {
  readonly groupId: string;
  /** Empty, PreparingRebalance, CompletingRebalance, Stable or Dead. */
  readonly state: string;
  readonly protocolType: string;
  /** The chosen protocol (assignor), when Stable. */
  readonly protocol: string;
  readonly members: readonly GroupMemberDescription[];
}

export interface GroupOffset {
  readonly topic: string;
  readonly partition: number;
  /** -1 when the group has no offset committed for the partition. */
  readonly offset: number;
  readonly metadata: string | null;
}

export interface GroupOffsetCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly metadata?: string | null;
}
