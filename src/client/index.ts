export { BrokerConnection } from './connection/broker-connection.js';
export type { BrokerConnectionOptions, SendOptions, VersionRange } from './connection/broker-connection.js';
export { Cluster, ClusterUnreachableError } from './cluster.js';
export type { ClusterOptions, ConnectionLane, CoordinatorAddress, MetadataOptions } from './cluster.js';
export type { BrokerAddress, ClusterMetadata, PartitionMetadata, TopicMetadata } from './cluster-metadata.js';
export { parseBootstrapServers, parseBrokerAddress } from './broker-address.js';
export { ClientClosedError, ConnectionError, UnsupportedVersionError } from './errors.js';
export { isRetriableError, sleep, withRetries } from './with-retries.js';
export type { RetryOptions } from './with-retries.js';

export { Producer } from './producer/producer.js';
export type { ProducerRecord } from './producer/producer.js';
export type { RecordMetadata } from './producer/record-completions.js';
export { encodeToBuffer, isEncodable } from './producer/producer-batch.js';
export type { EncodableValue, ProducerHeader, RecordBytes, RecordValue } from './producer/producer-batch.js';
export { producerConfigDefinition, producerConfigFromProperties, resolveProducerConfig } from './producer/producer-config.js';
export type { ProducerConfig, ProducerOptions } from './producer/producer-config.js';
export { InvalidPartitionError, ProducerTimeoutError, RecordTooLargeError } from './producer/producer-errors.js';
export type { Partitioner } from './producer/partitioner.js';
export { murmur2, toPositive } from './producer/murmur2.js';

export { Admin } from './admin/admin.js';
export type { TopicOperationOptions } from './admin/admin.js';
export { AdminItemError, AdminOperationError } from './admin/admin-errors.js';
export type * from './admin/admin-types.js';
