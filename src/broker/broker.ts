import os from 'node:os';
import type { Logger } from '../common/logger.js';
import type { BrokerConfig } from './config/broker-config.js';
import type { BrokerContext, BrokerEndpoint } from './broker-context.js';
import { effectiveLogConfig } from './config/topic-config.js';
import { LogManager } from './log/log-manager.js';
import { MetadataStore } from './metadata/metadata-store.js';
import { processRequest } from './network/request-processor.js';
import { SocketServer, type BoundListener } from './network/socket-server.js';
import { TopicManager } from './topic-manager.js';
import { supportedApis } from './handlers/supported-apis.js';
import { GroupCoordinator } from './group/group-coordinator.js';
import { groupCoordinatorConfig } from './group/group-coordinator-config.js';
import { OffsetsLog, offsetsLogConfig } from './group/offsets-log.js';
import { systemScheduler } from './group/scheduler.js';

/**
 * One Millrace broker: the composition of log manager, metadata, topics, group coordinator and the socket
 * server. `start` returns once every listener accepts connections, and everything a client may ask (metadata,
 * produce, fetch, groups and offsets — loaded before listening) is served from that moment on.
 */
export class Broker {
  readonly config: BrokerConfig;
  readonly #logger: Logger;
  readonly #logs: LogManager;
  readonly #groups: GroupCoordinator;
  readonly #server: SocketServer;
  readonly #bound: BoundListener[];
  readonly #advertised: ReadonlyMap<string, BrokerEndpoint>;
  #stopped = false;

  private constructor(config: BrokerConfig, logger: Logger, logs: LogManager, groups: GroupCoordinator, server: SocketServer, bound: BoundListener[], advertised: Map<string, BrokerEndpoint>) {
    this.config = config;
    this.#logger = logger;
    this.#logs = logs;
    this.#groups = groups;
    this.#server = server;
    this.#bound = bound;
    this.#advertised = advertised;
  }

  static async start(config: BrokerConfig, logger: Logger): Promise<Broker> {
    const began = Date.now();
    const metadata = MetadataStore.open(config.logDirs[0]!);
    const logs = LogManager.open(config.logDirs, {
      logger: logger.child({ component: 'log-manager' }),
      configFor: (topic) => effectiveLogConfig(config, metadata.topic(topic)?.configs ?? {}),
    });
    const topics = new TopicManager(config, metadata, logs, logger.child({ component: 'topics' }));
    topics.loadAll();
    const groupsLogger = logger.child({ component: 'group-coordinator' });
    const groups = GroupCoordinator.open({
      config: groupCoordinatorConfig(config),
      offsetsLog: OffsetsLog.open({ logs, numPartitions: config.offsetsTopicNumPartitions, logConfig: offsetsLogConfig(config), logger: groupsLogger, now: Date.now }),
      scheduler: systemScheduler,
      logger: groupsLogger,
      partitionExists: (topic, partition) => topics.partition(topic, partition) !== undefined,
    });
    logs.startBackgroundTasks({
      retentionCheckIntervalMs: config.logRetentionCheckIntervalMs,
      flushCheckMs: config.logFlushSchedulerIntervalMs,
      recoveryPointCheckpointMs: 60_000,
    });

    const advertised = new Map<string, BrokerEndpoint>();
    const context: BrokerContext = {
      config,
      clusterId: metadata.clusterId,
      topics,
      groups,
      logger,
      now: Date.now,
      controllerId: config.brokerId,
      brokers: (listenerName) => {
        const endpoint = advertised.get(listenerName) ?? advertised.values().next().value;
        return endpoint ? [endpoint] : [];
      },
      allocateProducerId: () => metadata.allocateProducerId(),
      supportedApis: supportedApis(),
    };
    const server = new SocketServer(config.listeners, config.socketRequestMaxBytes, (frame, connection) => processRequest(context, frame, connection), logger.child({ component: 'network' }));
    let bound: BoundListener[];
    try {
      bound = await server.start();
    } catch (err) {
      groups.shutdown();
      logs.shutdown();
      throw err;
    }
    for (const listener of bound) advertised.set(listener.name, advertisedEndpoint(config, listener));
    const broker = new Broker(config, logger, logs, groups, server, bound, advertised);
    const where = [...advertised.entries()].map(([name, e]) => `${name}://${e.host}:${e.port}`).join(', ');
    logger.info(`Millrace broker ${config.brokerId} started in ${Date.now() - began} ms; listening on ${where}`);
    return broker;
  }

  /** The listeners as bound (a configured port 0 shows the ephemeral port the system chose). */
  get listeners(): readonly BoundListener[] {
    return this.#bound;
  }

  get advertisedListeners(): readonly BrokerEndpoint[] {
    return [...this.#advertised.values()];
  }

  /** Clean shutdown: stop serving, flush every log, write recovery checkpoints and the clean-shutdown marker. */
  async shutdown(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#logger.info(`Millrace broker ${this.config.brokerId} shutting down`);
    await this.#server.stop();
    this.#groups.shutdown();
    this.#logs.shutdown();
    this.#logger.info(`Millrace broker ${this.config.brokerId} shut down cleanly`);
  }
}

/**
 * What clients are told to connect to for a listener: the configured advertised listener of the same name, with
 * the port actually bound when the configuration said 0, and a concrete host when it left the host empty.
 */
function advertisedEndpoint(config: BrokerConfig, listener: BoundListener): BrokerEndpoint {
  const configured = config.advertisedListeners.find((l) => l.name === listener.name);
  const host = configured?.host || listener.host || os.hostname();
  const port = !configured || configured.port === 0 ? listener.port : configured.port;
  return { nodeId: config.brokerId, host, port, rack: null };
}
