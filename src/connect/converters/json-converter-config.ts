import { defineConfig } from '../api/config-definition.js';

/** JsonConverter's keys, as Kafka's `JsonConverterConfig` defines them (given without the `value.converter.` prefix). */
export const JSON_CONVERTER_CONFIG = defineConfig([
  {
    name: 'schemas.enable',
    type: 'boolean',
    default: true,
    importance: 'high',
    group: 'Schemas',
    documentation: 'Include schemas within each of the serialized values and keys.',
  },
  {
    name: 'schemas.cache.size',
    type: 'int',
    default: 1000,
    validator: { range: { min: 0 } },
    importance: 'high',
    group: 'Schemas',
    documentation: 'The maximum number of schemas that can be cached in this converter instance.',
  },
  {
    name: 'decimal.format',
    type: 'string',
    default: 'BASE64',
    // Kafka compares this key case-insensitively.
    validator: { pattern: '[Bb][Aa][Ss][Ee]64|[Nn][Uu][Mm][Ee][Rr][Ii][Cc]' },
    importance: 'low',
    group: 'Serialization',
    documentation:
      "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
  },
  {
    name: 'replace.null.with.default',
    type: 'boolean',
    default: true,
    importance: 'low',
    group: 'Serialization',
    documentation:
      'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
  },
]);
