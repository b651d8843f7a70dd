import { Connector, ConnectorType } from './connector.js';
import type { TaskConstructor } from './connector.js';
import type { SinkConnectorContext } from './connector-context.js';
import type { SinkTask } from './sink-task.js';

/**
 * A connector that writes from Kafka to another system (Kafka's `SinkConnector`); its tasks are {@link SinkTask}s,
 * consuming the topics named by `topics` or `topics.regex` in consumer group `connect-<name>`.
 */
export abstract class SinkConnector extends Connector<SinkConnectorContext> {
  /** The connector key listing the topics to consume, as Kafka names it. */
  static readonly TOPICS_CONFIG = 'topics';

  readonly connectorType = ConnectorType.SINK;

  abstract override taskClass(): TaskConstructor<SinkTask>;
}
