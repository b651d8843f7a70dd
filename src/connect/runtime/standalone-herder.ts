import type { Logger } from '../../common/logger.js';
import type { ConnectorType } from '../api/connector.js';
import { State, failedStatus, formatTaskId } from './connector-status.js';
import type { ConnectorTaskId, Status, StatusListener } from './connector-status.js';
import type { ValidatedConnector } from './connector-validation.js';
import { PluginKind } from './plugins.js';
import type { Plugins } from './plugins.js';
import type { Worker } from './worker.js';

/**
 * Standalone mode's herder (Kafka's `StandaloneHerder`): the connectors given on the command line, run by the one
 * local worker, with their statuses kept for the REST API. The REST server and the CLI are thin layers over it.
 *
 * A connector whose `start` throws, or whose tasks fail, is marked FAILED with the error's trace; the others carry
 * on. `requestTaskReconfiguration` from a connector restarts its tasks with fresh configurations.
 */

export interface ConnectorInfo {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  readonly tasks: readonly ConnectorTaskId[];
  readonly type: ConnectorType;
}

export interface ConnectorStateInfo {
  readonly name: string;
  readonly connector: Status;
  readonly tasks: readonly (Status & { readonly id: number })[];
  readonly type: ConnectorType;
}

export interface TaskInfo {
  readonly id: ConnectorTaskId;
  readonly config: Readonly<Record<string, string>>;
}

export interface PluginInfo {
  readonly class: string;
  readonly type: string;
  readonly version: string;
}

/** A REST lookup of a connector (or task) this worker does not have; carries the HTTP status Kafka answers. */
export class NotFoundError extends Error {
  readonly status = 404;

  constructor(what: string) {
    super(`${what} not found`);
    this.name = new.target.name;
  }
}

interface ConnectorEntry {
  readonly validated: ValidatedConnector;
  status: Status;
  taskConfigs: Record<string, string>[];
  readonly taskStatuses: Map<number, Status>;
  reconfiguring: Promise<void> | null;
  reconfigureAgain: boolean;
}

export class StandaloneHerder implements StatusListener {
  readonly #plugins: Plugins;
  readonly #logger: Logger;
  readonly #connectors = new Map<string, ConnectorEntry>();
  #worker: Worker | null = null;
  #stopping = false;

  constructor(plugins: Plugins, logger: Logger) {
    this.#plugins = plugins;
    this.#logger = logger;
  }

  /** The worker is made with this herder as its status listener, then attached. */
  attach(worker: Worker): void {
    this.#worker = worker;
  }

  /** Starts a validated connector and its tasks. A failing start marks it FAILED (and is logged), never throws. */
  async putConnector(validated: ValidatedConnector): Promise<void> {
    const worker = this.#requireWorker();
    const entry: ConnectorEntry = {
      validated,
      status: { state: State.UNASSIGNED, workerId: worker.workerId },
      taskConfigs: [],
      taskStatuses: new Map(),
      reconfiguring: null,
      reconfigureAgain: false,
    };
    this.#connectors.set(validated.name, entry);
    try {
      await worker.startConnector(validated, {
        requestTaskReconfiguration: () => this.#requestTaskReconfiguration(validated.name),
        raiseError: (error) => this.onConnectorStatus(validated.name, failedStatus(worker.workerId, error)),
      });
      this.onConnectorStatus(validated.name, { state: State.RUNNING, workerId: worker.workerId });
      await this.#startTasks(entry);
    } catch (err) {
      this.#logger.error({ err }, `Failed to start connector ${validated.name}`);
      this.onConnectorStatus(validated.name, failedStatus(worker.workerId, err));
    }
  }

  /** Stops every task, then every connector; offsets are flushed and committed as the tasks stop. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all([...this.#connectors.values()].map((e) => e.reconfiguring));
    await this.#worker?.stop();
  }

  connectors(): string[] {
    return [...this.#connectors.keys()].sort();
  }

  connectorInfo(name: string): ConnectorInfo {
    const entry = this.#entry(name);
    return {
      name,
      config: entry.validated.props,
      tasks: entry.taskConfigs.map((_, task) => ({ connector: name, task })),
      type: entry.validated.type,
    };
  }

  connectorStatus(name: string): ConnectorStateInfo {
    const entry = this.#entry(name);
    const tasks = [...entry.taskStatuses.entries()].sort(([a], [b]) => a - b).map(([id, status]) => ({ id, ...status }));
    return { name, connector: entry.status, tasks, type: entry.validated.type };
  }

  taskConfigs(name: string): TaskInfo[] {
    return this.#entry(name).taskConfigs.map((config, task) => ({ id: { connector: name, task }, config }));
  }

  taskStatus(id: ConnectorTaskId): Status & { readonly id: number } {
    const status = this.#entry(id.connector).taskStatuses.get(id.task);
    if (status === undefined) throw new NotFoundError(`Task ${formatTaskId(id)}`);
    return { id: id.task, ...status };
  }

  /** Connector plugins as `GET /connector-plugins` lists them; every kind with `all`. */
  plugins(all: boolean): PluginInfo[] {
    const descs = all ? this.#plugins.list() : this.#plugins.list(PluginKind.CONNECTOR);
    return descs.map((desc) => {
      let type: string = desc.kind;
      let version = 'unknown';
      if (desc.kind === PluginKind.CONNECTOR) {
        try {
          const connector = this.#plugins.newConnector(desc.className);
          type = connector.connectorType;
          version = connector.version();
        } catch {
          type = 'unknown';
        }
      }
      return { class: desc.className, type, version };
    });
  }

  onConnectorStatus(connector: string, status: Status): void {
    const entry = this.#connectors.get(connector);
    if (entry !== undefined) entry.status = status;
  }

  onTaskStatus(id: ConnectorTaskId, status: Status): void {
    this.#connectors.get(id.connector)?.taskStatuses.set(id.task, status);
  }

  async #startTasks(entry: ConnectorEntry): Promise<void> {
    const worker = this.#requireWorker();
    entry.taskConfigs = await worker.taskConfigs(entry.validated);
    entry.taskStatuses.clear();
    entry.taskConfigs.forEach((config, task) => {
      const id = { connector: entry.validated.name, task };
      this.onTaskStatus(id, { state: State.UNASSIGNED, workerId: worker.workerId });
      try {
        worker.startTask(entry.validated, id, config);
      } catch (err) {
        this.#logger.error({ err }, `Failed to start task ${formatTaskId(id)}`);
        this.onTaskStatus(id, failedStatus(worker.workerId, err));
      }
    });
  }

  /**
   * Stops the connector's tasks and starts them again with new configurations. A request arriving while one is
   * under way makes it run once more afterwards, so the last request always sees the connector's latest state.
   */
  #requestTaskReconfiguration(name: string): void {
    const entry = this.#connectors.get(name);
    if (entry === undefined || this.#stopping) return;
    if (entry.reconfiguring !== null) {
      entry.reconfigureAgain = true;
      return;
    }
    entry.reconfiguring = (async () => {
      do {
        entry.reconfigureAgain = false;
        try {
          this.#logger.info(`Connector ${name} requested task reconfiguration`);
          await this.#requireWorker().stopTasks(name);
          if (!this.#stopping) await this.#startTasks(entry);
        } catch (err) {
          this.#logger.error({ err }, `Task reconfiguration of connector ${name} failed`);
          this.onConnectorStatus(name, failedStatus(this.#requireWorker().workerId, err));
        }
      } while (entry.reconfigureAgain && !this.#stopping);
      entry.reconfiguring = null;
    })();
  }

  #entry(name: string): ConnectorEntry {
    const entry = this.#connectors.get(name);
    if (entry === undefined) throw new NotFoundError(`Connector ${name}`);
    return entry;
  }

  #requireWorker(): Worker {
    if (this.#worker === null) throw new Error('StandaloneHerder used before a worker was attached');
    return this.#worker;
  }
}
