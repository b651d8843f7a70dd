#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { Broker } from '../broker/broker.js';
import { ListenerBindError } from '../broker/network/socket-server.js';
import { MetadataStoreError } from '../broker/metadata/metadata-store.js';
import { ConfigError } from '../common/config/config-def.js';
import { createLogger } from '../common/logger.js';
import type { Logger } from '../common/logger.js';
import { PropertiesParseError, PropertiesReadError } from '../common/properties.js';
import { builtinConverters } from '../connect/runtime/builtin-converters.js';
import { ConnectorFileError } from '../connect/runtime/connector-file.js';
import { validateConnectorFiles } from '../connect/runtime/connector-validation.js';
import type { ValidationResult } from '../connect/runtime/connector-validation.js';
import { readPropertiesEntries } from '../connect/runtime/config-entries.js';
import { FileOffsetBackingStore, OffsetStoreError } from '../connect/runtime/file-offset-backing-store.js';
import { PluginLoadError, Plugins } from '../connect/runtime/plugins.js';
import { RestServer, parseRestListener } from '../connect/runtime/rest-server.js';
import { StandaloneHerder } from '../connect/runtime/standalone-herder.js';
import { Worker } from '../connect/runtime/worker.js';
import { WorkerConfigKeys, loadWorkerConfig } from '../connect/runtime/worker-config.js';
import type { LoadedWorkerConfig, WorkerConfig } from '../connect/runtime/worker-config.js';
import { plugin as builtinTransforms } from '../connect/transforms/index.js';
import { plugin as fileConnectors } from '../../connectors/file/index.js';
import { UsageError } from './usage-error.js';

/**
 * `connect-standalone worker.properties connector1.properties [connector2.json …]`, Kafka's
 * `bin/connect-standalone.sh`: one worker running the given connectors, offsets in a local file, the REST API on
 * `listeners`, and — with `embedded.broker.enable=true` — a Millrace broker in the same process.
 *
 * Start-up checks everything before starting anything: worker keys, every connector file, plugins, converters and
 * the offset file. Any problem is printed (one line per problem, naming file, line and key) and the process exits
 * 1 having written nothing. SIGINT/SIGTERM stop the tasks gracefully (offsets flushed and committed), then the REST
 * server and the embedded broker, and exit 0; a second signal exits at once with 1.
 */

const USAGE = 'usage: connect-standalone worker.properties connector1.properties [connector2.properties ...]';

/** Errors the user can act on: printed as their message alone. Anything else keeps its stack. */
const USER_ERRORS = [
  UsageError,
  ConfigError,
  PropertiesParseError,
  PropertiesReadError,
  ConnectorFileError,
  OffsetStoreError,
  PluginLoadError,
  ListenerBindError,
  MetadataStoreError,
];

async function main(args: readonly string[]): Promise<void> {
  if (args[0] === '-h' || args[0] === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.length === 0) throw new UsageError(USAGE);
  const [workerFile, ...connectorFiles] = args as [string, ...string[]];
  const logger = createLogger({ name: 'connect' });
  const { config, warnings, plugins, validation } = await checkEverything(workerFile, connectorFiles, logger);
  for (const warning of warnings) logger.warn(warning);
  const offsetStore = FileOffsetBackingStore.open(config.offsetStorageFile);

  const broker = config.embeddedBroker === null ? null : await Broker.start(config.embeddedBroker, logger.child({ component: 'embedded-broker' }));
  const bootstrapServers = config.bootstrapServers ?? embeddedBootstrap(broker!);
  const herder = new StandaloneHerder(plugins, logger.child({ component: 'herder' }));
  const rest = new RestServer({
    listeners: config.restListeners,
    herder,
    version: packageVersion(),
    clusterId: () => null,
    allowOrigin: config.accessControlAllowOrigin,
    allowMethods: config.accessControlAllowMethods,
    logger: logger.child({ component: 'rest' }),
  });
  try {
    await rest.start();
  } catch (err) {
    await broker?.shutdown();
    throw new ConfigError([{ key: 'listeners', message: `cannot listen: ${(err as Error).message}`, source: workerFile }]);
  }
  const worker = new Worker({
    config,
    bootstrapServers,
    plugins,
    offsetStore,
    workerId: workerId(config, rest),
    statusListener: herder,
    logger: logger.child({ component: 'worker' }),
  });
  herder.attach(worker);
  for (const connector of validation.connectors) await herder.putConnector(connector);
  logger.info(`Kafka Connect started (bootstrap.servers=${bootstrapServers.join(',')}, ${validation.connectors.length} connectors)`);

  await shutdownSignal(logger);
  logger.info('Kafka Connect stopping');
  await herder.stop();
  await rest.stop();
  await broker?.shutdown();
  logger.info('Kafka Connect stopped');
}

interface Checked {
  readonly config: WorkerConfig;
  readonly warnings: readonly string[];
  readonly plugins: Plugins;
  readonly validation: ValidationResult;
}

/**
 * The worker file and every connector file, checked together: when the worker file has errors the connector files
 * are still checked (with the built-in plugins and whatever `plugin.path` says), so one run lists every problem.
 */
async function checkEverything(workerFile: string, connectorFiles: readonly string[], logger: Logger): Promise<Checked> {
  let loaded: LoadedWorkerConfig | null = null;
  let workerErrors: ConfigError | null = null;
  try {
    loaded = loadWorkerConfig(workerFile);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    workerErrors = err;
  }
  const config = loaded?.config ?? null;
  if (config !== null) for (const listener of config.restListeners) parseRestListener(listener);
  const pluginPath = config?.pluginPath ?? rawList(readPropertiesEntries(workerFile).get(WorkerConfigKeys.PLUGIN_PATH)?.value);
  const builtIns = [{ location: 'built-in', manifest: fileConnectors }, builtinConverters(), { location: 'built-in', manifest: builtinTransforms }];
  const plugins = await Plugins.load(builtIns, pluginPath, logger.child({ component: 'plugins' }));
  let validation: ValidationResult;
  try {
    validation = validateConnectorFiles(connectorFiles, plugins, config);
  } catch (err) {
    if (!(err instanceof ConfigError) || workerErrors === null) throw err;
    throw new ConfigError([...workerErrors.errors, ...err.errors]);
  }
  if (workerErrors !== null || loaded === null) throw workerErrors;
  return { config: loaded.config, warnings: [...loaded.warnings, ...validation.warnings], plugins, validation };
}

function rawList(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** Resolves on the first SIGINT/SIGTERM; a second one exits at once. */
function shutdownSignal(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) {
        logger.warn(`Received ${signal} again; exiting without finishing the shutdown`);
        process.exit(1);
      }
      received = true;
      logger.info(`Received ${signal}`);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** The embedded broker's first advertised listener, which clients in this process reach it by. */
function embeddedBootstrap(broker: Broker): string[] {
  const endpoint = broker.advertisedListeners[0]!;
  return [`${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`];
}

/** Kafka's worker id: the advertised REST host and port. */
function workerId(config: WorkerConfig, rest: RestServer): string {
  const port = config.restAdvertisedPort ?? rest.listeners[0]?.port ?? 8083;
  const host = config.restAdvertisedHostName ?? (rest.listeners[0]?.host || os.hostname());
  return `${host}:${port}`;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    if (USER_ERRORS.some((type) => err instanceof type)) {
      for (const line of (err as Error).message.split('\n')) process.stderr.write(`connect-standalone: ${line}\n`);
    } else {
      process.stderr.write(`connect-standalone: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    }
    process.exit(1);
  },
);
