import type { PluginDescriptor, PluginManifest } from '../api/plugin-manifest.js';
import type { Converter } from '../api/converter.js';
import type { HeaderConverter } from '../api/header-converter.js';
import { BUILTIN_CONVERTERS } from '../converters/index.js';
import type { ConverterClass } from '../converters/index.js';
import { StringConverter } from '../converters/index.js';
import type { PluginSource } from './plugins.js';

/**
 * The bundled converters as a plugin manifest: each under Kafka's class name and every alias the converters module
 * lists, as both a converter and a header converter.
 *
 * `header.converter` defaults to Kafka's `org.apache.kafka.connect.storage.SimpleHeaderConverter`; until Millrace
 * has its own, that name is served by `StringConverter`, which writes header values as Kafka does for strings and
 * reads every header back as an optional string (Kafka's would infer numbers and booleans from the text).
 */

export const SIMPLE_HEADER_CONVERTER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';

export function builtinConverters(): PluginSource {
  const names = new Map<ConverterClass, string[]>();
  for (const [name, cls] of BUILTIN_CONVERTERS) names.set(cls, [...(names.get(cls) ?? []), name]);
  const descriptors = [...names.entries()].map(([cls, list]) => {
    const full = list.find((n) => n.includes('.')) ?? list[0]!;
    return { class: cls, name: full, aliases: list.filter((n) => n !== full) };
  });
  const headerConverters: PluginDescriptor<HeaderConverter>[] = [...descriptors];
  if (!BUILTIN_CONVERTERS.has(SIMPLE_HEADER_CONVERTER)) {
    headerConverters.push({ class: StringConverter, name: SIMPLE_HEADER_CONVERTER, aliases: [] });
  }
  const manifest: PluginManifest = {
    converters: descriptors as PluginDescriptor<Converter>[],
    headerConverters,
  };
  return { location: 'built-in', manifest };
}
