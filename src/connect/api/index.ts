/**
 * Millrace's Kafka Connect SDK (`millrace/connect`): what connector, converter and transformation authors build on.
 * Interfaces and value types only; the runtime that runs them lives elsewhere and is never imported from here.
 */
export { ConfigDefinition, defineConfig, Password } from './config-definition.js';
export type {
  ConfigDefault,
  ConfigImportance,
  ConfigKey,
  ConfigKeySpec,
  ConfigType,
  ConfigValidatorSpec,
  ConfigValue,
  ConfigValues,
} from './config-definition.js';
export { ConfigValidation } from './config-validation.js';
export type { ConfigKeyValidation } from './config-validation.js';
export { ConnectRecord } from './connect-record.js';
export type { ConnectRecordChanges, ConnectRecordInit } from './connect-record.js';
export { Connector, ConnectorType } from './connector.js';
export type { TaskConstructor } from './connector.js';
export type { ConnectorContext, SinkConnectorContext, SourceConnectorContext } from './connector-context.js';
export type { Converter } from './converter.js';
export type { ErrantRecordReporter } from './errant-record-reporter.js';
export {
  ConfigException,
  ConnectErrorCode,
  ConnectException,
  DataException,
  RetriableException,
  SchemaBuilderException,
} from './errors.js';
export type { ConfigProblem } from './errors.js';
export type { HeaderConverter } from './header-converter.js';
export { ConnectHeaders } from './headers.js';
export type { Header } from './headers.js';
export type { OffsetStorageReader } from './offset-storage-reader.js';
export type { PluginClass, PluginDescriptor, PluginEntry, PluginManifest } from './plugin-manifest.js';
export type { Predicate } from './predicate.js';
export type { RecordMetadata } from './record-metadata.js';
export { SinkConnector } from './sink-connector.js';
export { SinkRecord } from './sink-record.js';
export type { SinkRecordInit } from './sink-record.js';
export { SinkTask } from './sink-task.js';
export type { SinkTaskContext } from './sink-task-context.js';
export { SourceConnector } from './source-connector.js';
export { SourceRecord } from './source-record.js';
export type { JsonValue, SourceOffset, SourcePartition, SourceRecordInit } from './source-record.js';
export { SourceTask } from './source-task.js';
export type { SourceTaskContext } from './source-task-context.js';
export type { Task } from './task.js';
export { TimestampType } from './timestamp-type.js';
export { formatTopicPartition, TopicPartitionOffsets } from './topic-partition.js';
export type { TopicPartition } from './topic-partition.js';
export type { Transformation } from './transformation.js';
export { BigDecimal } from './schema/big-decimal.js';
export { ConnectSchema, isPlainObject, mapEntries } from './schema/connect-schema.js';
export type { ConnectSchemaInit } from './schema/connect-schema.js';
export { ConnectDate } from './schema/date.js';
export { Decimal } from './schema/decimal.js';
export { Field } from './schema/field.js';
export { LogicalName } from './schema/logical-names.js';
export { Schema } from './schema/schema.js';
export { SchemaAndValue } from './schema/schema-and-value.js';
export { SchemaBuilder } from './schema/schema-builder.js';
export type { SchemaLike } from './schema/schema-builder.js';
export { Struct } from './schema/struct.js';
export { Time } from './schema/time.js';
export { Timestamp } from './schema/timestamp.js';
export { isPrimitiveType, Type, typeLabel } from './schema/type.js';
export { valuesEqual } from './schema/values-equal.js';
