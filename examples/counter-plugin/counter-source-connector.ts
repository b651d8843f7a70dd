import { SourceConnector } from 'millrace/connect';
import type { ConfigDefinition, SourceTask, TaskConstructor } from 'millrace/connect';
import { COUNTER_SOURCE_CONFIG } from './counter-source-config.js';
import { CounterSourceTask } from './counter-source-task.js';
import { VERSION } from './version.js';

/**
 * An example source built only on the public SDK (`millrace/connect`): counts 0, 1, 2, … into a topic, one int64
 * record per `interval.ms`, and resumes after the last committed number when restarted.
 */
export class CounterSourceConnector extends SourceConnector {
  #props: Readonly<Record<string, string>> = {};

  version(): string {
    return VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    COUNTER_SOURCE_CONFIG.parse(props);
    this.#props = props;
  }

  taskClass(): TaskConstructor<SourceTask> {
    return CounterSourceTask;
  }

  taskConfigs(_maxTasks: number): Record<string, string>[] {
    return [{ ...this.#props }];
  }

  stop(): void {}

  config(): ConfigDefinition {
    return COUNTER_SOURCE_CONFIG;
  }
}
