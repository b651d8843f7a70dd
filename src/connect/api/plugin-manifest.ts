import type { Connector } from './connector.js';
import type { Converter } from './converter.js';
import type { HeaderConverter } from './header-converter.js';
import type { Predicate } from './predicate.js';
import type { Transformation } from './transformation.js';

/**
 * How a plugin package tells the runtime what it contains: the module named by its `package.json`
 * (`"millrace": { "plugin": "./dist/index.js" }`) exports a `PluginManifest` as `plugin` (or as its default
 * export). The built-in connectors and converters are declared the same way.
 *
 * @example
 * export const plugin: PluginManifest = {
 *   connectors: [
 *     CounterSourceConnector, // named by its class name and the name minus "Connector": CounterSource
 *     { class: UppercaseSinkConnector, name: 'com.example.UppercaseSinkConnector', aliases: ['Upper'] },
 *   ],
 * };
 */
export interface PluginManifest {
  readonly connectors?: readonly PluginEntry<Connector>[];
  readonly converters?: readonly PluginEntry<Converter>[];
  readonly headerConverters?: readonly PluginEntry<HeaderConverter>[];
  // Generic over the record kind: one transformation class serves sources and sinks alike.
  readonly transforms?: readonly PluginEntry<Transformation<any>>[];
  readonly predicates?: readonly PluginEntry<Predicate<any>>[];
}

/** A plugin class made with no arguments, as the runtime makes every plugin. */
export type PluginClass<T> = new () => T;

/**
 * A class alone is named by `class.name` and, like Kafka's aliases, by that name without its kind's suffix
 * (`Connector`, `Converter`, `Transformation`, `Predicate`). A descriptor adds a full name (Kafka's class names,
 * e.g. `org.apache.kafka.connect.file.FileStreamSourceConnector`, resolve this way) and extra aliases.
 */
export type PluginEntry<T> = PluginClass<T> | PluginDescriptor<T>;

export interface PluginDescriptor<T> {
  readonly class: PluginClass<T>;
  /** The full name `connector.class` (or `*.converter`, `transforms.<a>.type`) may use. @default class.name */
  readonly name?: string;
  /** Further names; the simple and suffix-less forms of `name` are added without being listed. */
  readonly aliases?: readonly string[];
}
