import { SinkConnector } from '../../src/connect/api/index.js';
import type { ConfigDefinition, SinkTask, TaskConstructor } from '../../src/connect/api/index.js';
import { FILE_SINK_CONFIG } from './file-stream-sink-config.js';
import { FileStreamSinkTask } from './file-stream-sink-task.js';
import { VERSION } from './version.js';

/**
 * Writes record values, one line each, to a file or standard output: Kafka's FileStreamSinkConnector. One task,
 * whatever `tasks.max` says, since several tasks appending to one file would interleave their batches.
 */
export class FileStreamSinkConnector extends SinkConnector {
  #props: Readonly<Record<string, string>> = {};

  version(): string {
    return VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    FILE_SINK_CONFIG.parse(props);
    this.#props = props;
  }

  taskClass(): TaskConstructor<SinkTask> {
    return FileStreamSinkTask;
  }

  taskConfigs(_maxTasks: number): Record<string, string>[] {
    return [{ ...this.#props }];
  }

  stop(): void {
    this.#props = {};
  }

  config(): ConfigDefinition {
    return FILE_SINK_CONFIG;
  }
}
