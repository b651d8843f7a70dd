import type { OffsetStorageReader } from './offset-storage-reader.js';

/** What the runtime offers a running connector (Kafka's `ConnectorContext`). */
export interface ConnectorContext {
  /**
   * Asks the runtime to call `taskConfigs` again and restart the tasks with the new configurations, e.g. when the
   * set of input files or tables changed.
   */
  requestTaskReconfiguration(): void;
  /** Reports an unrecoverable error from the connector's own background work; the connector is marked FAILED. */
  raiseError(error: Error): void;
}

/** A source connector's context: it can also read the offsets its tasks committed. */
export interface SourceConnectorContext extends ConnectorContext {
  readonly offsetStorageReader: OffsetStorageReader;
}

/** A sink connector's context. */
export type SinkConnectorContext = ConnectorContext;
