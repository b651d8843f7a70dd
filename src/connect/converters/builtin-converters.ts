import type { Converter } from '../api/converter.js';
import type { HeaderConverter } from '../api/header-converter.js';
import { ByteArrayConverter } from './byte-array-converter.js';
import { JsonConverter } from './json-converter.js';
import { SimpleHeaderConverter } from './simple-header-converter.js';
import { StringConverter } from './string-converter.js';

/** A converter class the runtime can instantiate from a `key.converter`/`value.converter`/`header.converter` name. */
export type ConverterClass = new () => Converter & HeaderConverter;

/**
 * The bundled converters by every name a worker file may give them: Kafka's fully qualified class names (so Kafka's
 * sample properties work unchanged) and the short class names. `SimpleHeaderConverter` is meant for headers (the
 * default `header.converter`) but also works as a key or value converter, as a text format.
 */
export const BUILTIN_CONVERTERS: ReadonlyMap<string, ConverterClass> = new Map<string, ConverterClass>([
  ['org.apache.kafka.connect.json.JsonConverter', JsonConverter],
  ['JsonConverter', JsonConverter],
  ['org.apache.kafka.connect.storage.StringConverter', StringConverter],
  ['StringConverter', StringConverter],
  ['org.apache.kafka.connect.converters.ByteArrayConverter', ByteArrayConverter],
  ['ByteArrayConverter', ByteArrayConverter],
  ['org.apache.kafka.connect.storage.SimpleHeaderConverter', SimpleHeaderConverter],
  ['SimpleHeaderConverter', SimpleHeaderConverter],
]);
