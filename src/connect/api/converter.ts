import type { ConfigDefinition } from './config-definition.js';
import type { ConnectHeaders } from './headers.js';
import type { Schema } from './schema/schema.js';
import type { SchemaAndValue } from './schema/schema-and-value.js';

/**
 * Turns Connect data (schema + value) into the bytes of a Kafka record key or value and back (Kafka's
 * `Converter`). The runtime creates one per connector for keys and one for values, configures each once with the
 * `key.converter.*` / `value.converter.*` settings (prefix removed), then calls it for every record.
 */
export interface Converter {
  /** @param isKey true when this instance converts record keys */
  configure(configs: Readonly<Record<string, string>>, isKey: boolean): void;
  /**
   * Serializes a value; null (a tombstone) for a null value.
   * @throws DataException when the value does not match the schema or cannot be serialized
   */
  fromConnectData(topic: string, schema: Schema | null, value: unknown, headers?: ConnectHeaders): Buffer | null;
  /**
   * Deserializes bytes; `SchemaAndValue.NULL` for null bytes.
   * @throws DataException when the bytes are not in the converter's format
   */
  toConnectData(topic: string, value: Buffer | null, headers?: ConnectHeaders): SchemaAndValue;
  /** The converter's configuration keys, for validation and documentation. */
  config?(): ConfigDefinition;
  close?(): void;
}
