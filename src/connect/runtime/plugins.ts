import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../../common/logger.js';
import type { Connector } from '../api/connector.js';
import type { Converter } from '../api/converter.js';
import type { HeaderConverter } from '../api/header-converter.js';
import type { PluginClass, PluginEntry, PluginManifest } from '../api/plugin-manifest.js';
import type { Predicate } from '../api/predicate.js';
import type { Transformation } from '../api/transformation.js';

/**
 * Finds plugins and makes instances by name (Kafka's `Plugins` + `DelegatingClassLoader`, without class loaders:
 * each plugin is an ES module, loaded once).
 *
 * Sources, in order (the first to claim a name keeps it; a clash is logged): the built-in manifests the
 * composition root passes in, then every plugin under `plugin.path`. For each `plugin.path` directory:
 * - the directory itself, when it is a plugin;
 * - else each subdirectory (and each `@scope/name` below a scope directory) that is a plugin.
 * A directory is a plugin when its `package.json` declares `"millrace": { "plugin": "<module>" }` (resolved from
 * the package directory, e.g. `./dist/index.js`), or, without that, when it holds an `index.js`. The module
 * exports a `PluginManifest` as `plugin` or as its default export.
 *
 * Names: an entry's full name (`name`, else the class name), the simple name (after the last `.`), that name
 * without its kind's suffix (`FileStreamSourceConnector` → `FileStreamSource`, `JsonConverter` → `Json`), and any
 * listed aliases, all case-sensitive as in Kafka.
 */

export const PluginKind = {
  CONNECTOR: 'connector',
  CONVERTER: 'converter',
  HEADER_CONVERTER: 'header converter',
  TRANSFORMATION: 'transformation',
  PREDICATE: 'predicate',
} as const;

export type PluginKind = (typeof PluginKind)[keyof typeof PluginKind];

const MANIFEST_FIELDS: Readonly<Record<PluginKind, keyof PluginManifest>> = {
  connector: 'connectors',
  converter: 'converters',
  'header converter': 'headerConverters',
  transformation: 'transforms',
  predicate: 'predicates',
};

const SUFFIXES: Readonly<Record<PluginKind, string>> = {
  connector: 'Connector',
  converter: 'Converter',
  'header converter': 'Converter',
  transformation: 'Transformation',
  predicate: 'Predicate',
};

export interface PluginDesc {
  readonly kind: PluginKind;
  /** The full name, as `GET /connector-plugins` reports it. */
  readonly className: string;
  readonly aliases: readonly string[];
  /** `built-in`, or the plugin directory it came from. */
  readonly location: string;
  readonly class: PluginClass<unknown>;
}

/** A name no plugin of its kind answers to; lists the names that would. */
export class UnknownPluginError extends Error {
  readonly kind: PluginKind;
  readonly pluginName: string;
  readonly available: readonly string[];

  constructor(kind: PluginKind, name: string, available: readonly string[]) {
    super(`no ${kind} named '${name}'; available: ${available.length === 0 ? '(none)' : available.join(', ')}`);
    this.name = new.target.name;
    this.kind = kind;
    this.pluginName = name;
    this.available = available;
  }
}

/** A plugin directory whose module is missing, fails to load, or exports no manifest. */
export class PluginLoadError extends Error {
  readonly location: string;

  constructor(location: string, detail: string, options?: ErrorOptions) {
    super(`plugin ${location}: ${detail} (plugin.path)`, options);
    this.name = new.target.name;
    this.location = location;
  }
}

export interface PluginSource {
  readonly location: string;
  readonly manifest: PluginManifest;
}

export class Plugins {
  readonly #byName = new Map<PluginKind, Map<string, PluginDesc>>();
  readonly #descs: PluginDesc[] = [];
  readonly #logger: Logger | undefined;

  private constructor(logger: Logger | undefined) {
    this.#logger = logger;
  }

  /** Registers manifests already in memory (the built-ins, tests). */
  static fromManifests(sources: readonly PluginSource[], logger?: Logger): Plugins {
    const plugins = new Plugins(logger);
    for (const source of sources) plugins.#register(source);
    return plugins;
  }

  /**
   * The built-ins, then every plugin found under `pluginPath`.
   * @throws PluginLoadError naming the plugin directory that failed
   */
  static async load(builtIns: readonly PluginSource[], pluginPath: readonly string[], logger?: Logger): Promise<Plugins> {
    const plugins = Plugins.fromManifests(builtIns, logger);
    for (const dir of pluginPath) {
      for (const location of pluginDirectories(path.resolve(dir))) {
        plugins.#register({ location, manifest: await importManifest(location) });
      }
    }
    return plugins;
  }

  /** Every plugin of `kind` (all kinds when omitted), in registration order. */
  list(kind?: PluginKind): readonly PluginDesc[] {
    return kind === undefined ? this.#descs : this.#descs.filter((d) => d.kind === kind);
  }

  /** @throws UnknownPluginError listing the names of `kind` */
  find(kind: PluginKind, name: string): PluginDesc {
    const desc = this.#byName.get(kind)?.get(name);
    if (desc === undefined) {
      throw new UnknownPluginError(kind, name, this.list(kind).flatMap((d) => [d.className, ...d.aliases.filter((a) => a !== d.className)]));
    }
    return desc;
  }

  newConnector(name: string): Connector {
    return new (this.find(PluginKind.CONNECTOR, name).class as PluginClass<Connector>)();
  }

  /** A converter configured with `configs` for keys or values. */
  newConverter(name: string, configs: Readonly<Record<string, string>>, isKey: boolean): Converter {
    const converter = new (this.find(PluginKind.CONVERTER, name).class as PluginClass<Converter>)();
    converter.configure(configs, isKey);
    return converter;
  }

  newHeaderConverter(name: string, configs: Readonly<Record<string, string>>): HeaderConverter {
    const converter = new (this.find(PluginKind.HEADER_CONVERTER, name).class as PluginClass<HeaderConverter>)();
    converter.configure(configs);
    return converter;
  }

  /** The record kind (`any` here) is fixed by the chain the caller builds, source or sink. */
  newTransformation<T extends Transformation<any>>(name: string): T {
    return new (this.find(PluginKind.TRANSFORMATION, name).class as PluginClass<T>)();
  }

  newPredicate<T extends Predicate<any>>(name: string): T {
    return new (this.find(PluginKind.PREDICATE, name).class as PluginClass<T>)();
  }

  #register(source: PluginSource): void {
    for (const kind of Object.values(PluginKind)) {
      const entries = source.manifest[MANIFEST_FIELDS[kind]] as readonly PluginEntry<unknown>[] | undefined;
      if (entries === undefined) continue;
      if (!Array.isArray(entries)) throw new PluginLoadError(source.location, `manifest field ${MANIFEST_FIELDS[kind]} is not an array`);
      for (const entry of entries) this.#add(kind, source.location, entry);
    }
  }

  #add(kind: PluginKind, location: string, entry: PluginEntry<unknown>): void {
    const cls = typeof entry === 'function' ? entry : entry?.class;
    if (typeof cls !== 'function') throw new PluginLoadError(location, `a ${kind} entry is neither a class nor {class, name?, aliases?}`);
    const className = (typeof entry === 'function' ? undefined : entry.name) ?? cls.name;
    const simple = className.slice(className.lastIndexOf('.') + 1);
    const pruned = simple.endsWith(SUFFIXES[kind]) && simple !== SUFFIXES[kind] ? simple.slice(0, -SUFFIXES[kind].length) : simple;
    const listed = typeof entry === 'function' ? [] : (entry.aliases ?? []);
    const aliases = [...new Set([simple, pruned, ...listed])].filter((a) => a !== className);
    const desc: PluginDesc = { kind, className, aliases, location, class: cls };
    let names = this.#byName.get(kind);
    if (names === undefined) {
      names = new Map();
      this.#byName.set(kind, names);
    }
    for (const name of [className, ...aliases]) {
      const taken = names.get(name);
      if (taken === undefined) names.set(name, desc);
      else if (taken.class !== cls) this.#logger?.warn(`${kind} name '${name}' of ${location} is already taken by ${taken.location}; keeping the first`);
    }
    this.#descs.push(desc);
  }
}

/** The plugin directories `dir` holds: itself when it is one, else its (scoped) subdirectories that are. */
function pluginDirectories(dir: string): string[] {
  if (!isDirectory(dir)) throw new PluginLoadError(dir, 'not a directory');
  if (isPluginDirectory(dir)) return [dir];
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const child = path.join(dir, name);
    if (!isDirectory(child)) continue;
    if (name.startsWith('@')) {
      for (const scoped of readdirSync(child).sort()) {
        const candidate = path.join(child, scoped);
        if (isDirectory(candidate) && isPluginDirectory(candidate)) found.push(candidate);
      }
    } else if (isPluginDirectory(child)) {
      found.push(child);
    }
  }
  return found;
}

function isPluginDirectory(dir: string): boolean {
  return declaredModule(dir) !== null || existsSync(path.join(dir, 'index.js'));
}

/** `millrace.plugin` of the directory's package.json, or null when it declares none. */
function declaredModule(dir: string): string | null {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) return null;
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PluginLoadError(dir, `package.json is not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const millrace = (pkg as { millrace?: unknown } | null)?.millrace;
  if (typeof millrace !== 'object' || millrace === null) return null;
  const plugin = (millrace as { plugin?: unknown }).plugin;
  if (typeof plugin !== 'string') throw new PluginLoadError(dir, 'package.json "millrace.plugin" must be a module path');
  return plugin;
}

async function importManifest(dir: string): Promise<PluginManifest> {
  const modulePath = path.resolve(dir, declaredModule(dir) ?? 'index.js');
  if (!existsSync(modulePath)) throw new PluginLoadError(dir, `module ${modulePath} does not exist (is the plugin built?)`);
  let module: { plugin?: unknown; default?: unknown };
  try {
    module = (await import(pathToFileURL(modulePath).href)) as typeof module;
  } catch (err) {
    throw new PluginLoadError(dir, `cannot load ${modulePath}: ${(err as Error).message}`, { cause: err });
  }
  const manifest = module.plugin ?? module.default;
  if (typeof manifest !== 'object' || manifest === null) {
    throw new PluginLoadError(dir, `${modulePath} exports no plugin manifest (export const plugin = { connectors: [...] })`);
  }
  return manifest as PluginManifest;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
