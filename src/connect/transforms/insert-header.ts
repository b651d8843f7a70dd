import { defineConfig } from '../api/config-definition.js';
import type { ConfigDefinition } from '../api/config-definition.js';
import type { ConnectRecord } from '../api/connect-record.js';
import { Schema } from '../api/schema/schema.js';
import type { Transformation } from '../api/transformation.js';

export const INSERT_HEADER_CONFIG = defineConfig([
  { name: 'header', type: 'string', importance: 'high', documentation: 'Name of the header to add.' },
  { name: 'value.literal', type: 'string', importance: 'high', documentation: 'Its value, a string.' },
]);

/** Kafka's `InsertHeader`: adds a header with a fixed string value to every record. */
export class InsertHeader<R extends ConnectRecord<R>> implements Transformation<R> {
  #header = '';
  #value = '';

  config(): ConfigDefinition {
    return INSERT_HEADER_CONFIG;
  }

  configure(configs: Readonly<Record<string, string>>): void {
    const parsed = INSERT_HEADER_CONFIG.parse(configs);
    this.#header = parsed.header;
    this.#value = parsed['value.literal'];
  }

  apply(record: R): R {
    const headers = record.headers.duplicate().add(this.#header, this.#value, Schema.STRING_SCHEMA);
    return record.newRecord({ headers });
  }

  close(): void {}
}
