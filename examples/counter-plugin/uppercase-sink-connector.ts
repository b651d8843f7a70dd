import { SinkConnector } from 'millrace/connect';
import type { ConfigDefinition, SinkTask, TaskConstructor } from 'millrace/connect';
import { UPPERCASE_SINK_CONFIG } from './uppercase-sink-config.js';
import { UppercaseSinkTask } from './uppercase-sink-task.js';
import { VERSION } from './version.js';

/**
 * An example sink built only on the public SDK (`millrace/connect`): appends each record's value, upper-cased, as
 * one line of `file`.
 */
export class UppercaseSinkConnector extends SinkConnector {
  #props: Readonly<Record<string, string>> = {};

  version(): string {
    return VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    UPPERCASE_SINK_CONFIG.parse(props);
    this.#props = props;
  }

  taskClass(): TaskConstructor<SinkTask> {
    return UppercaseSinkTask;
  }

  taskConfigs(_maxTasks: number): Record<string, string>[] {
    return [{ ...this.#props }];
  }

  stop(): void {}

  config(): ConfigDefinition {
    return UPPERCASE_SINK_CONFIG;
  }
}
