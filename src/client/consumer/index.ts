export { Consumer } from './consumer.js';
export {
  AUTO_OFFSET_RESET,
  ISOLATION_LEVELS,
  consumerConfigDefinition,
  consumerConfigFromProperties,
  resolveConsumerConfig,
} from './consumer-config.js';
export type { AutoOffsetReset, ConsumerConfig, ConsumerOptions, IsolationLevel } from './consumer-config.js';
export type { CommitCallback } from './consumer-coordinator.js';
export {
  CommitFailedError,
  ConsumerArgumentError,
  ConsumerError,
  ConsumerErrorCode,
  ConsumerStateError,
  NoOffsetForPartitionError,
  OffsetOutOfRangeError,
  WakeupError,
} from './consumer-errors.js';
export type { ConsumerErrorCodeName } from './consumer-errors.js';
export { TimestampType } from './consumer-record.js';
export type { ConsumerRecord, TimestampTypeName } from './consumer-record.js';
export {
  CONSUMER_PROTOCOL_TYPE,
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
} from './consumer-protocol.js';
export type { Assignment, Subscription } from './consumer-protocol.js';
export { GroupMembership, MemberState, NO_GENERATION } from './group-membership.js';
export type { Generation, GroupProtocol, MembershipConfig } from './group-membership.js';
export type { OffsetAndMetadata } from './group-offsets.js';
export { PollNotifier } from './poll-notifier.js';
export type { RebalanceListener } from './subscription-state.js';
export { TopicPartitionMap, compareTopicPartitions, formatTopicPartition } from './topic-partition.js';
export type { TopicPartition, TopicPartitionOffset } from './topic-partition.js';
export * from './assignors/index.js';
