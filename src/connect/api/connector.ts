import type { ConfigDefinition } from './config-definition.js';
import type { ConfigValidation } from './config-validation.js';
import type { ConnectorContext } from './connector-context.js';
import { ConnectException } from './errors.js';
import type { Task } from './task.js';

/** Which way a connector moves data, readable without `instanceof` (which fails across copies of this package). */
export const ConnectorType = {
  SOURCE: 'source',
  SINK: 'sink',
} as const;

export type ConnectorType = (typeof ConnectorType)[keyof typeof ConnectorType];

/** A task class the runtime can instantiate: tasks are constructed without arguments. */
export type TaskConstructor<T extends Task = Task> = new () => T;

/**
 * Configures and splits the work of copying data between Kafka and another system (Kafka's `Connector`). A
 * connector does not copy data itself: it divides the job into task configurations. Its life:
 *
 * 1. **Initialization**: the runtime constructs the connector without arguments and calls `initialize(context)`.
 * 2. **Validation**: before starting, the runtime calls `validate(props)` and refuses to start on any error; the
 *    default checks `props` against `config()`.
 * 3. **Start**: `start(props)` with the connector's configuration; the connector may watch the source or target
 *    system and call `context.requestTaskReconfiguration()` when the work should be divided anew.
 * 4. **Task configuration**: `taskConfigs(maxTasks)` returns at most `maxTasks` maps, one per task to run; the
 *    runtime starts one instance of `taskClass()` per map.
 * 5. **Shutdown**: `stop()`, after the connector's tasks were stopped.
 */
export abstract class Connector<C extends ConnectorContext = ConnectorContext> {
  abstract readonly connectorType: ConnectorType;
  #context: C | null = null;

  /** Called by the runtime once, before `start`. */
  initialize(context: C): void {
    this.#context = context;
  }

  /** @throws ConnectException when read before `initialize` */
  get context(): C {
    if (this.#context === null) throw new ConnectException('Connector.context read before initialize()');
    return this.#context;
  }

  abstract version(): string;

  abstract start(props: Readonly<Record<string, string>>): void | Promise<void>;

  abstract taskClass(): TaskConstructor;

  /** At most `maxTasks` task configurations; fewer when the work does not divide further. */
  abstract taskConfigs(maxTasks: number): Record<string, string>[] | Promise<Record<string, string>[]>;

  abstract stop(): void | Promise<void>;

  /** The connector's configuration keys; the runtime adds its own (`name`, `tasks.max`, …) around them. */
  abstract config(): ConfigDefinition;

  /**
   * Checks a configuration without starting anything; never throws for invalid values — each problem is an error
   * on its key. Override to add checks across keys, starting from `super.validate(props)`.
   */
  validate(props: Readonly<Record<string, string>>): ConfigValidation {
    return this.config().validate(props);
  }

  /** Applies a new configuration; the default stops and starts the connector again. */
  async reconfigure(props: Readonly<Record<string, string>>): Promise<void> {
    await this.stop();
    await this.start(props);
  }
}
