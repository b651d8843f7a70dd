import { Producer } from '../../client/index.js';
import { Consumer } from '../../client/consumer/index.js';
import type { Logger } from '../../common/logger.js';
import type { Connector } from '../api/connector.js';
import type { SourceConnectorContext } from '../api/connector-context.js';
import type { Converter } from '../api/converter.js';
import type { HeaderConverter } from '../api/header-converter.js';
import type { SinkRecord } from '../api/sink-record.js';
import type { SinkTask } from '../api/sink-task.js';
import type { SourceRecord } from '../api/source-record.js';
import type { SourceTask } from '../api/source-task.js';
import { dlqProducerOptions, sinkConsumerOptions, sourceProducerOptions } from './client-configs.js';
import { formatTaskId } from './connector-status.js';
import type { ConnectorTaskId, StatusListener } from './connector-status.js';
import type { ValidatedConnector } from './connector-validation.js';
import { DeadLetterQueueReporter } from './dead-letter-queue-reporter.js';
import { ErrorHandler } from './error-handling.js';
import type { ErrorReporter } from './error-handling.js';
import type { FileOffsetBackingStore } from './file-offset-backing-store.js';
import { offsetStorageReader } from './offset-storage-reader.js';
import type { Plugins } from './plugins.js';
import { TransformationChain } from './transformation-chain.js';
import type { WorkerConfig } from './worker-config.js';
import { WorkerSinkTask } from './worker-sink-task.js';
import { WorkerSourceTask } from './worker-source-task.js';
import type { WorkerTask } from './worker-task.js';

/**
 * Runs connectors and their tasks in this process (Kafka's `Worker`): makes connector instances, and for each task
 * its converters, transformation chain, error handler and Kafka client, then runs it. Knows nothing of where
 * configurations come from; the herder decides what runs.
 */

export interface WorkerOptions {
  readonly config: WorkerConfig;
  /** Resolved addresses (the embedded broker's when the worker file left `bootstrap.servers` unset). */
  readonly bootstrapServers: readonly string[];
  readonly plugins: Plugins;
  readonly offsetStore: FileOffsetBackingStore;
  readonly workerId: string;
  readonly statusListener: StatusListener;
  readonly logger: Logger;
}

/** What the herder offers a connector for its context (Kafka's `ConnectorContext` callbacks). */
export interface ConnectorCallbacks {
  requestTaskReconfiguration(): void;
  raiseError(error: Error): void;
}

export class Worker {
  readonly workerId: string;
  readonly #options: WorkerOptions;
  readonly #connectors = new Map<string, Connector>();
  readonly #tasks = new Map<string, { readonly id: ConnectorTaskId; readonly task: WorkerTask }>();

  constructor(options: WorkerOptions) {
    this.#options = options;
    this.workerId = options.workerId;
  }

  get bootstrapServers(): readonly string[] {
    return this.#options.bootstrapServers;
  }

  /**
   * Makes, initialises and starts the connector.
   * @throws whatever the connector's `start` throws; the connector is then not kept
   */
  async startConnector(validated: ValidatedConnector, callbacks: ConnectorCallbacks): Promise<void> {
    const connector = this.#options.plugins.newConnector(validated.config.connectorClass);
    const name = validated.name;
    const context: SourceConnectorContext = {
      requestTaskReconfiguration: () => callbacks.requestTaskReconfiguration(),
      raiseError: (error) => callbacks.raiseError(error),
      offsetStorageReader: offsetStorageReader(this.#options.offsetStore, validated.name),
    };
    // A sink connector's context is the same minus the offset reader, which it simply never reads.
    (connector as Connector<SourceConnectorContext>).initialize(context);
    await connector.start(validated.props);
    this.#connectors.set(name, connector);
    this.#options.logger.info(`Finished creating connector ${name} (${validated.plugin.className} ${safeVersion(connector)})`);
  }

  /** The connector's task configurations, `tasks.max` at most. */
  async taskConfigs(validated: ValidatedConnector): Promise<Record<string, string>[]> {
    const connector = this.#connector(validated.name);
    const configs = await connector.taskConfigs(validated.config.tasksMax);
    if (configs.length > validated.config.tasksMax) {
      throw new Error(`${validated.plugin.className} returned ${configs.length} task configurations, more than tasks.max (${validated.config.tasksMax})`);
    }
    return configs;
  }

  /**
   * Builds and runs one task in the background; its failure is reported through the status listener.
   * @throws when the task cannot even be built (a converter refusing its settings)
   */
  startTask(validated: ValidatedConnector, id: ConnectorTaskId, taskConfig: Readonly<Record<string, string>>): void {
    const connector = this.#connector(validated.name);
    const key = formatTaskId(id);
    if (this.#tasks.has(key)) throw new Error(`task ${key} is already running`);
    const logger = this.#options.logger.child({ component: `task ${key}` });
    const taskClass = connector.taskClass();
    const converters = this.#converters(validated);
    const errorReporters: ErrorReporter[] = [];
    const { config } = validated;
    const errorHandler = new ErrorHandler(
      { tolerance: config.errorsTolerance, logEnable: config.errorsLogEnable, logIncludeMessages: config.errorsLogIncludeMessages, taskId: key },
      logger,
      errorReporters,
    );
    const common = { id, workerId: this.workerId, statusListener: this.#options.statusListener, logger, taskConfig, errorHandler, ...converters };
    let task: WorkerTask;
    if (validated.type === 'source') {
      task = new WorkerSourceTask({
        ...common,
        task: new taskClass() as SourceTask,
        transformations: TransformationChain.build<SourceRecord>(validated.entries, this.#options.plugins),
        producer: new Producer(sourceProducerOptions(this.#options.config, validated, this.bootstrapServers, id, logger)),
        offsetStore: this.#options.offsetStore,
        offsetFlushIntervalMs: this.#options.config.offsetFlushIntervalMs,
        offsetFlushTimeoutMs: this.#options.config.offsetFlushTimeoutMs,
      });
    } else {
      if (config.deadLetterQueueTopic !== null) {
        const producer = new Producer(dlqProducerOptions(this.#options.config, this.bootstrapServers, id, logger));
        errorReporters.push(new DeadLetterQueueReporter(producer, config.deadLetterQueueTopic, config.deadLetterQueueContextHeaders, id));
      }
      task = new WorkerSinkTask({
        ...common,
        task: new taskClass() as SinkTask,
        transformations: TransformationChain.build<SinkRecord>(validated.entries, this.#options.plugins),
        consumer: new Consumer(sinkConsumerOptions(this.#options.config, validated, this.bootstrapServers, id, logger)),
        topics: config.topicsRegex ?? config.topics,
        offsetCommitIntervalMs: this.#options.config.offsetFlushIntervalMs,
      });
    }
    this.#tasks.set(key, { id, task });
    this.#options.logger.info(`Starting task ${key}`);
    void task.run().finally(() => {
      if (this.#tasks.get(key)?.task === task) this.#tasks.delete(key);
      for (const reporter of errorReporters) if (reporter instanceof DeadLetterQueueReporter) void reporter.close().catch(() => undefined);
    });
  }

  /** Stops the tasks of `connector` (all when omitted), each given `task.shutdown.graceful.timeout.ms` together. */
  async stopTasks(connector?: string): Promise<void> {
    const stopping = [...this.#tasks.values()].filter((t) => connector === undefined || t.id.connector === connector);
    for (const { task } of stopping) task.stop();
    const timeoutMs = this.#options.config.taskShutdownGracefulTimeoutMs;
    const results = await Promise.all(stopping.map(({ task }) => task.awaitStop(timeoutMs)));
    results.forEach((stopped, i) => {
      if (!stopped) this.#options.logger.error(`Graceful stop of task ${formatTaskId(stopping[i]!.id)} failed: not done within task.shutdown.graceful.timeout.ms (${timeoutMs} ms)`);
    });
  }

  /** Stops the connector instance (after its tasks). Errors are logged: stopping goes on. */
  async stopConnector(name: string): Promise<void> {
    const connector = this.#connectors.get(name);
    if (connector === undefined) return;
    this.#connectors.delete(name);
    try {
      await connector.stop();
      this.#options.logger.info(`Stopped connector ${name}`);
    } catch (err) {
      this.#options.logger.error({ err }, `Error while stopping connector ${name}`);
    }
  }

  /** Every task first (so sinks commit what sources finished), then every connector. */
  async stop(): Promise<void> {
    await this.stopTasks();
    for (const name of [...this.#connectors.keys()]) await this.stopConnector(name);
  }

  isRunning(connector: string): boolean {
    return this.#connectors.has(connector);
  }

  connectorVersion(name: string): string | null {
    const connector = this.#connectors.get(name);
    return connector === undefined ? null : safeVersion(connector);
  }

  #connector(name: string): Connector {
    const connector = this.#connectors.get(name);
    if (connector === undefined) throw new Error(`connector ${name} is not running on this worker`);
    return connector;
  }

  /** The connector's converters if it names its own, else the worker's (Kafka's `Plugins.newConverter` rules). */
  #converters(validated: ValidatedConnector): { keyConverter: Converter; valueConverter: Converter; headerConverter: HeaderConverter } {
    const { plugins, config } = this.#options;
    const key = validated.config.keyConverter ?? config.keyConverter;
    const value = validated.config.valueConverter ?? config.valueConverter;
    const header = validated.config.headerConverter ?? config.headerConverter;
    return {
      keyConverter: plugins.newConverter(key.className, key.configs, true),
      valueConverter: plugins.newConverter(value.className, value.configs, false),
      headerConverter: plugins.newHeaderConverter(header.className, header.configs),
    };
  }
}

function safeVersion(connector: Connector): string {
  try {
    return connector.version();
  } catch {
    return 'unknown';
  }
}
