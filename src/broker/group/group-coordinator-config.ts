import type { BrokerConfig } from '../config/broker-config.js';

export interface GroupCoordinatorConfig {
  /** `group.initial.rebalance.delay.ms` */
  readonly initialRebalanceDelayMs: number;
  /** `group.min.session.timeout.ms` */
  readonly minSessionTimeoutMs: number;
  /** `group.max.session.timeout.ms` */
  readonly maxSessionTimeoutMs: number;
  /** `offsets.retention.minutes`, in ms */
  readonly offsetsRetentionMs: number;
  /** `offsets.retention.check.interval.ms` */
  readonly offsetsRetentionCheckIntervalMs: number;
  /** Kafka's `offset.metadata.max.bytes`: longer commit metadata is refused. */
  readonly maxMetadataBytes: number;
}

/** Kafka's default `offset.metadata.max.bytes`. */
const DEFAULT_MAX_METADATA_BYTES = 4096;

export function groupCoordinatorConfig(config: BrokerConfig): GroupCoordinatorConfig {
  return {
    initialRebalanceDelayMs: config.groupInitialRebalanceDelayMs,
    minSessionTimeoutMs: config.groupMinSessionTimeoutMs,
    maxSessionTimeoutMs: config.groupMaxSessionTimeoutMs,
    offsetsRetentionMs: config.offsetsRetentionMs,
    offsetsRetentionCheckIntervalMs: config.offsetsRetentionCheckIntervalMs,
    maxMetadataBytes: DEFAULT_MAX_METADATA_BYTES,
  };
}
