import type { ConfigDefinition } from './config-definition.js';
import type { Schema } from './schema/schema.js';
import type { SchemaAndValue } from './schema/schema-and-value.js';

/**
 * Turns a header's Connect data into the bytes of a Kafka record header and back (Kafka's `HeaderConverter`),
 * configured once with the `header.converter.*` settings.
 */
export interface HeaderConverter {
  configure(configs: Readonly<Record<string, string>>): void;
  /** @throws DataException when the value cannot be serialized */
  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Buffer | null;
  toConnectHeader(topic: string, headerKey: string, value: Buffer | null): SchemaAndValue;
  config(): ConfigDefinition;
  close(): void;
}
