import type { SinkRecord } from './sink-record.js';

/**
 * Reports a record a sink task could not process, so the runtime applies the connector's error handling
 * (`errors.tolerance`, logging, dead letter queue) instead of failing the task.
 */
export interface ErrantRecordReporter {
  /**
   * Resolves once the report is durable (e.g. written to the dead letter queue); the runtime waits for every
   * pending report before committing offsets past the record.
   * @throws ConnectException when the connector does not tolerate errors (`errors.tolerance=none`)
   */
  report(record: SinkRecord, error: Error): Promise<void>;
}
