/**
 * Per-partition log settings, Kafka's topic-level log configs after broker defaults and topic overrides have been
 * applied (the config layer maps `server.properties` / topic configs onto this; the log only reads it).
 */
export interface LogConfig {
  /** `segment.bytes`: roll when the active segment would grow past this. */
  readonly segmentBytes: number;
  /** `segment.ms`: roll when the active segment's first batch is this old. */
  readonly segmentMs: number;
  /** `segment.jitter.ms`: a random amount up to this is subtracted from segmentMs per segment. */
  readonly segmentJitterMs?: number;
  /** `retention.ms`: -1 keeps data forever. */
  readonly retentionMs: number;
  /** `retention.bytes`: -1 for no size limit. */
  readonly retentionBytes: number;
  /** `flush.messages`: fsync after this many appended records. */
  readonly flushIntervalMessages: number;
  /** `flush.ms`: fsync when the last flush is this old. */
  readonly flushIntervalMs: number;
  /** `index.interval.bytes`: bytes between sparse index entries. */
  readonly indexIntervalBytes: number;
  /** `max.message.bytes`: the largest record batch accepted. */
  readonly maxMessageBytes: number;
  /** `message.timestamp.type` */
  readonly messageTimestampType: 'CreateTime' | 'LogAppendTime';
  /** `cleanup.policy` */
  readonly cleanupPolicy: 'delete' | 'compact' | 'compact,delete';
}

/** Kafka's defaults for the settings above. */
export const DEFAULT_LOG_CONFIG: LogConfig = Object.freeze({
  segmentBytes: 1_073_741_824,
  segmentMs: 604_800_000,
  segmentJitterMs: 0,
  retentionMs: 604_800_000,
  retentionBytes: -1,
  // Kafka's Long.MAX_VALUE: flushing is left to the OS; durability comes from replication and recovery.
  flushIntervalMessages: Number.MAX_SAFE_INTEGER,
  flushIntervalMs: Number.MAX_SAFE_INTEGER,
  indexIntervalBytes: 4096,
  maxMessageBytes: 1_048_588,
  messageTimestampType: 'CreateTime',
  cleanupPolicy: 'delete',
});
