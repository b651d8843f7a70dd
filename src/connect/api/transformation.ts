import type { ConfigDefinition } from './config-definition.js';
import type { ConnectRecord } from './connect-record.js';

/**
 * A single-message transformation (Kafka's `Transformation`): applied to each record in the order of the
 * connector's `transforms` list — after the source task for sources, before the sink task for sinks. Configured
 * once with its `transforms.<alias>.*` settings.
 */
export interface Transformation<R extends ConnectRecord<R>> {
  configure(configs: Readonly<Record<string, string>>): void;
  /**
   * The transformed record (a new one from `record.newRecord`, or the same record), or null to drop it.
   * @throws DataException for a record it cannot transform; the connector's error tolerance applies
   */
  apply(record: R): R | null;
  config(): ConfigDefinition;
  close(): void;
}
