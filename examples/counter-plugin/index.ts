/**
 * An example Millrace plugin: a counter source and an upper-casing sink, written only against the public SDK
 * (`millrace/connect`). Point `plugin.path` at the directory holding this plugin's built directory
 * (`plugin.path=./dist/examples`) and name the connectors `CounterSource` / `UppercaseSink`, or by their full names.
 */
import type { PluginManifest } from 'millrace/connect';
import { CounterSourceConnector } from './counter-source-connector.js';
import { UppercaseSinkConnector } from './uppercase-sink-connector.js';

export { CounterSourceConnector, UppercaseSinkConnector };

/** What the runtime reads: the connectors this plugin offers and the names `connector.class` may use for them. */
export const plugin: PluginManifest = {
  connectors: [
    { class: CounterSourceConnector, name: 'com.example.millrace.CounterSourceConnector' },
    { class: UppercaseSinkConnector, name: 'com.example.millrace.UppercaseSinkConnector' },
  ],
};
