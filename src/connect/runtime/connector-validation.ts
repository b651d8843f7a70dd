import { ConfigError, formatUnknownConfig } from '../../common/config/config-def.js';
import type { ConfigErrorEntry, ConfigInputEntry } from '../../common/config/config-def.js';
import type { Connector, ConnectorType } from '../api/connector.js';
import { checkClientConfigs } from './client-configs.js';
import { entryValues } from './config-entries.js';
import type { ConfigEntries } from './config-entries.js';
import { ConnectorConfigKeys, connectorConfigDefinition, parseConnectorConfig } from './connector-config.js';
import type { ConnectorConfig, ConverterOverride } from './connector-config.js';
import { readConnectorFile } from './connector-file.js';
import { PluginKind, UnknownPluginError } from './plugins.js';
import type { PluginDesc, Plugins } from './plugins.js';
import { checkTransformations } from './transformation-chain.js';
import type { ConverterSpec, WorkerConfig } from './worker-config.js';

/**
 * Everything checked before a worker starts anything (Kafka's `AbstractHerder.validateConnectorConfig`, run over
 * every connector file at once): the runtime's keys, the connector's own `validate()`, the converter classes and
 * their settings, transformations and unique names. Every problem of every file goes into one `ConfigError`, each
 * with its file, line and key, so a single run shows all there is to fix and nothing starts half-configured.
 */

export interface ValidatedConnector {
  readonly name: string;
  readonly type: ConnectorType;
  readonly config: ConnectorConfig;
  /** The connector file's settings, as the connector's `start` receives them. */
  readonly props: Readonly<Record<string, string>>;
  readonly entries: ConfigEntries;
  readonly plugin: PluginDesc;
  /** Where the configuration came from, for logs. */
  readonly source: string;
}

export interface ValidationResult {
  readonly connectors: readonly ValidatedConnector[];
  /** Unknown keys, with the closest known key. */
  readonly warnings: readonly string[];
}

/**
 * Reads and checks connector files. Without a worker configuration (the worker file was invalid, and its errors are
 * being collected too) the checks that depend on it — converters, client settings — are left out.
 * @throws PropertiesReadError / PropertiesParseError / ConnectorFileError for a file that cannot be read as
 *   such; ConfigError listing every invalid key of every file (and of the worker's converters)
 */
export function validateConnectorFiles(files: readonly string[], plugins: Plugins, worker: WorkerConfig | null): ValidationResult {
  const entriesByFile = files.map((file) => ({ file, entries: readConnectorFile(file) }));
  return validateConnectorConfigs(entriesByFile, plugins, worker);
}

export function validateConnectorConfigs(
  inputs: readonly { readonly file: string; readonly entries: ConfigEntries }[],
  plugins: Plugins,
  worker: WorkerConfig | null,
): ValidationResult {
  const errors: ConfigErrorEntry[] = [];
  const warnings: string[] = [];
  const connectors: ValidatedConnector[] = [];
  if (worker !== null) {
    checkConverter(plugins, PluginKind.CONVERTER, 'key.converter', worker.keyConverter, worker.entries, errors, true);
    checkConverter(plugins, PluginKind.CONVERTER, 'value.converter', worker.valueConverter, worker.entries, errors, false);
    checkConverter(plugins, PluginKind.HEADER_CONVERTER, 'header.converter', worker.headerConverter, worker.entries, errors, false);
  }
  const names = new Map<string, string>();
  for (const { file, entries } of inputs) {
    const result = validateOne(file, entries, plugins);
    errors.push(...result.errors);
    warnings.push(...result.warnings);
    if (result.connector === null) continue;
    const previous = names.get(result.connector.name);
    if (previous !== undefined) {
      errors.push(at(ConnectorConfigKeys.NAME, `connector '${result.connector.name}' is already defined in ${previous}`, entries.get('name'), file));
      continue;
    }
    names.set(result.connector.name, file);
    connectors.push(result.connector);
  }
  if (worker !== null) errors.push(...checkClientConfigs(worker, connectors));
  if (errors.length > 0) throw new ConfigError(errors);
  return { connectors, warnings };
}

function validateOne(
  file: string,
  entries: ConfigEntries,
  plugins: Plugins,
): { connector: ValidatedConnector | null; errors: ConfigErrorEntry[]; warnings: string[] } {
  const errors: ConfigErrorEntry[] = [];
  const classEntry = entries.get(ConnectorConfigKeys.CONNECTOR_CLASS);
  if (classEntry === undefined) {
    // Without a class there is nothing more to check than the shared keys.
    try {
      connectorConfigDefinition.parse(new Map([...entries].filter(([key]) => connectorConfigDefinition.key(key) !== undefined)), { source: file });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      errors.push(...err.errors);
    }
    return { connector: null, errors, warnings: [] };
  }
  let plugin: PluginDesc;
  let connector: Connector;
  try {
    plugin = plugins.find(PluginKind.CONNECTOR, classEntry.value.trim());
    connector = plugins.newConnector(classEntry.value.trim());
  } catch (err) {
    if (!(err instanceof UnknownPluginError)) throw err;
    errors.push(at(ConnectorConfigKeys.CONNECTOR_CLASS, err.message, classEntry, file));
    return { connector: null, errors, warnings: [] };
  }
  const type = connector.connectorType;
  const connectorKeys = safely(() => connector.config().keys.map((k) => k.name)) ?? [];
  const parsed = parseConnectorConfig(entries, type, connectorKeys, file);
  errors.push(...parsed.errors);
  const props = entryValues(entries);
  try {
    const validation = connector.validate(props);
    for (const key of validation.configs) {
      for (const message of key.errors) errors.push(at(key.name, message, entries.get(key.name), file));
    }
  } catch (err) {
    errors.push(at(ConnectorConfigKeys.CONNECTOR_CLASS, `${plugin.className}.validate() threw: ${(err as Error).message}`, classEntry, file));
  }
  errors.push(...checkTransformations(entries, plugins));
  if (parsed.config !== null) {
    checkOverride(plugins, PluginKind.CONVERTER, 'key.converter', parsed.config.keyConverter, entries, errors, true, file);
    checkOverride(plugins, PluginKind.CONVERTER, 'value.converter', parsed.config.valueConverter, entries, errors, false, file);
    checkOverride(plugins, PluginKind.HEADER_CONVERTER, 'header.converter', parsed.config.headerConverter, entries, errors, false, file);
  }
  const warnings = 'unknown' in parsed ? parsed.unknown.map((u) => formatUnknownConfig({ ...u, source: u.source ?? file })) : [];
  if (parsed.config === null || errors.length > 0) return { connector: null, errors, warnings };
  return {
    connector: { name: parsed.config.name, type, config: parsed.config, props, entries, plugin, source: file },
    errors,
    warnings,
  };
}

function checkOverride(
  plugins: Plugins,
  kind: PluginKind,
  key: string,
  override: ConverterOverride | null,
  entries: ReadonlyMap<string, ConfigInputEntry>,
  errors: ConfigErrorEntry[],
  isKey: boolean,
  file: string,
): void {
  if (override !== null) checkConverter(plugins, kind, key, override, entries, errors, isKey, file);
}

/** The converter class exists and accepts its settings (made and configured once, then dropped). */
function checkConverter(
  plugins: Plugins,
  kind: PluginKind,
  key: string,
  spec: ConverterSpec,
  entries: ReadonlyMap<string, ConfigInputEntry>,
  errors: ConfigErrorEntry[],
  isKey: boolean,
  file?: string,
): void {
  try {
    if (kind === PluginKind.HEADER_CONVERTER) plugins.newHeaderConverter(spec.className, spec.configs).close();
    else plugins.newConverter(spec.className, spec.configs, isKey).close?.();
  } catch (err) {
    if (err instanceof UnknownPluginError) {
      errors.push(at(key, err.message, entries.get(key), file));
      return;
    }
    const settingKey = problemKey(err);
    const fullKey = settingKey === null ? key : `${key}.${settingKey}`;
    errors.push(at(fullKey, (err as Error).message, entries.get(fullKey) ?? entries.get(key), file));
  }
}

/** The key a plugin's configuration error names (the SDK's `ConfigException.key`), read structurally. */
function problemKey(err: unknown): string | null {
  const key = (err as { key?: unknown } | null)?.key;
  return typeof key === 'string' ? key : null;
}

function at(key: string, message: string, entry: ConfigInputEntry | undefined, file: string | undefined): ConfigErrorEntry {
  const result: ConfigErrorEntry = { key, message };
  const source = entry?.source ?? file;
  if (source !== undefined) result.source = source;
  if (entry?.line !== undefined) result.line = entry.line;
  return result;
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
