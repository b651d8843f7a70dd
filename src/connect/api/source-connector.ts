import { Connector, ConnectorType } from './connector.js';
import type { TaskConstructor } from './connector.js';
import type { SourceConnectorContext } from './connector-context.js';
import type { SourceTask } from './source-task.js';

/**
 * A connector that reads from another system into Kafka (Kafka's `SourceConnector`); its tasks are
 * {@link SourceTask}s. Its context can read the offsets its tasks committed.
 */
export abstract class SourceConnector extends Connector<SourceConnectorContext> {
  readonly connectorType = ConnectorType.SOURCE;

  abstract override taskClass(): TaskConstructor<SourceTask>;
}
