import type { ConfigDefinition } from '../api/config-definition.js';
import type { Converter } from '../api/converter.js';
import type { HeaderConverter } from '../api/header-converter.js';
import type { Schema } from '../api/schema/schema.js';
import { SchemaAndValue } from '../api/schema/schema-and-value.js';
import { Type } from '../api/schema/type.js';
import type { RecordValue } from '../../client/index.js';
import { EnvelopeRequiredException, splitEnvelope } from './json-envelope.js';
import { JSON_CONVERTER_CONFIG } from './json-converter-config.js';
import { JsonSchemaMapper } from './json-schema.js';
import { JsonFrame, JsonStringValue } from './json-string-value.js';
import { parseJsonText } from './json-text.js';
import type { ParsedJson } from './json-text.js';
import { JsonValueReader } from './json-value-reader.js';
import { DecimalFormat, JsonValueWriter } from './json-value-writer.js';

const NULL_SCHEMA_PREFIX = '{"schema":null,"payload":';

/**
 * Kafka's `JsonConverter`, byte for byte: with `schemas.enable=true` (the default) each key or value is written as
 * `{"schema":…,"payload":…}` and must be read back from that envelope; with `schemas.enable=false` the bare payload
 * is written and read with its types inferred. Also a {@link HeaderConverter} (same format).
 *
 * Keys (without the `key.converter.`/`value.converter.` prefix): `schemas.enable`, `schemas.cache.size`,
 * `decimal.format` (BASE64 | NUMERIC), `replace.null.with.default`.
 *
 * Per record, writing costs one string for the payload plus one for the output: the envelope prefix (the schema's
 * JSON) is built once per Schema object, so sources should reuse their Schema objects. Reading looks the schema up
 * by its text and parses only the payload.
 */
export class JsonConverter implements Converter, HeaderConverter {
  #schemasEnabled = true;
  #writer = new JsonValueWriter({ decimalFormat: DecimalFormat.BASE64, replaceNullWithDefault: true });
  #reader = new JsonValueReader({ replaceNullWithDefault: true });
  #schemas = new JsonSchemaMapper(this.#writer, this.#reader, 1000);
  #prefixes = new WeakMap<Schema, string>();
  // The last schema written and its prefix: a task writes record after record with the same schema.
  #lastSchema: Schema | null = null;
  #lastPrefix = NULL_SCHEMA_PREFIX;
  #frames = new WeakMap<Schema, JsonFrame>();
  #nullSchemaFrame: JsonFrame | null = null;
  #lastFrameSchema: Schema | null = null;
  #lastFrame: JsonFrame | null = null;

  config(): ConfigDefinition {
    return JSON_CONVERTER_CONFIG;
  }

  /** @throws ConfigException naming each invalid key */
  configure(configs: Readonly<Record<string, string>>, _isKey = false): void {
    const config = JSON_CONVERTER_CONFIG.parse(configs);
    this.#schemasEnabled = config['schemas.enable'];
    const replaceNullWithDefault = config['replace.null.with.default'];
    this.#writer = new JsonValueWriter({
      decimalFormat: config['decimal.format'].toUpperCase() === 'NUMERIC' ? DecimalFormat.NUMERIC : DecimalFormat.BASE64,
      replaceNullWithDefault,
    });
    this.#reader = new JsonValueReader({ replaceNullWithDefault });
    this.#schemas = new JsonSchemaMapper(this.#writer, this.#reader, config['schemas.cache.size']);
    // Prefixes hold defaults written with the previous settings.
    this.#prefixes = new WeakMap();
    this.#lastSchema = null;
    this.#lastPrefix = NULL_SCHEMA_PREFIX;
    this.#frames = new WeakMap();
    this.#nullSchemaFrame = null;
    this.#lastFrameSchema = null;
    this.#lastFrame = null;
  }

  fromConnectData(topic: string, schema: Schema | null, value: unknown): Buffer | null {
    const text = this.fromConnectDataText(topic, schema, value);
    return text === null ? null : Buffer.from(text);
  }

  /**
   * The JSON as a string, for a producer that writes it straight into its batch: no Buffer per record.
   * @throws DataException when the value does not match the schema
   */
  fromConnectDataText(_topic: string, schema: Schema | null, value: unknown): string | null {
    if (schema === null && (value === null || value === undefined)) return null;
    const payload = this.#writer.write(schema, value);
    if (!this.#schemasEnabled) return payload;
    return `${this.#prefix(schema)}${payload}}`;
  }

  /**
   * A string value (STRING schema, or none) as a value the producer has write itself into its batch: exactly the
   * bytes of `fromConnectData`, with no string built for the record. Anything else comes as text.
   * @throws DataException when the value does not match the schema
   */
  fromConnectDataEncodable(topic: string, schema: Schema | null, value: unknown): RecordValue {
    if (typeof value === 'string' && (schema === null || (schema.type === Type.STRING && schema.name === null))) {
      return new JsonStringValue(this.#frame(schema), value);
    }
    return this.fromConnectDataText(topic, schema, value);
  }

  toConnectData(_topic: string, value: Buffer | null): SchemaAndValue {
    if (value === null) return SchemaAndValue.NULL;
    // Jackson reads empty content as a missing node: no value, and not an envelope.
    if (value.length === 0) {
      if (this.#schemasEnabled) throw new EnvelopeRequiredException();
      return SchemaAndValue.NULL;
    }
    const text = value.toString('utf8');
    if (!this.#schemasEnabled) {
      const parsed = parseJsonText(text);
      return new SchemaAndValue(null, parsed.exact ? this.#reader.read(null, parsed.value) : parsed.value);
    }
    return this.#fromEnvelopeText(text) ?? this.#fromParsedEnvelope(parseJsonText(text));
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, value);
  }

  /** The schema's JSON as Kafka writes it, e.g. `{"type":"string","optional":false}`. */
  asJsonSchema(schema: Schema): string {
    return this.#schemas.asJsonSchema(schema);
  }

  close(): void {}

  #frame(schema: Schema | null): JsonFrame {
    if (schema === this.#lastFrameSchema && this.#lastFrame !== null) return this.#lastFrame;
    let frame = schema === null ? this.#nullSchemaFrame : this.#frames.get(schema);
    if (frame === undefined || frame === null) {
      frame = this.#schemasEnabled ? new JsonFrame(this.#prefix(schema), '}') : new JsonFrame('', '');
      if (schema === null) this.#nullSchemaFrame = frame;
      else this.#frames.set(schema, frame);
    }
    this.#lastFrameSchema = schema;
    this.#lastFrame = frame;
    return frame;
  }

  #prefix(schema: Schema | null): string {
    if (schema === this.#lastSchema) return this.#lastPrefix;
    if (schema === null) return NULL_SCHEMA_PREFIX;
    let prefix = this.#prefixes.get(schema);
    if (prefix === undefined) {
      prefix = `{"schema":${this.#schemas.asJsonSchema(schema)},"payload":`;
      this.#prefixes.set(schema, prefix);
    }
    this.#lastSchema = schema;
    this.#lastPrefix = prefix;
    return prefix;
  }

  /** The fast path: a canonical envelope whose schema text is cached (or parses on its own). */
  #fromEnvelopeText(text: string): SchemaAndValue | null {
    const parts = splitEnvelope(text);
    if (parts === null) return null;
    let schema: Schema | null;
    if (parts.schemaText === 'null') {
      schema = null;
    } else {
      const cached = this.#schemas.cachedSchema(parts.schemaText);
      if (cached !== undefined) {
        schema = cached;
      } else {
        let node: unknown;
        try {
          node = parseJsonText(parts.schemaText).value;
        } catch {
          return null;
        }
        schema = this.#schemas.asConnectSchema(node, parts.schemaText);
      }
    }
    let payload: ParsedJson;
    try {
      payload = parseJsonText(parts.payloadText);
    } catch {
      return null;
    }
    return this.#toSchemaAndValue(schema, payload);
  }

  #fromParsedEnvelope(parsed: ParsedJson): SchemaAndValue {
    const envelope = parsed.value;
    if (
      typeof envelope !== 'object' ||
      envelope === null ||
      Array.isArray(envelope) ||
      Object.keys(envelope).length !== 2 ||
      !Object.hasOwn(envelope, 'schema') ||
      !Object.hasOwn(envelope, 'payload')
    ) {
      throw new EnvelopeRequiredException();
    }
    const { schema: schemaNode, payload } = envelope as { schema: unknown; payload: unknown };
    const schema =
      schemaNode === null ? null : this.#schemas.asConnectSchema(schemaNode, stableKey(schemaNode));
    return this.#toSchemaAndValue(schema, { value: payload, exact: parsed.exact });
  }

  #toSchemaAndValue(schema: Schema | null, payload: ParsedJson): SchemaAndValue {
    // A schemaless payload parsed by JSON.parse already is the inferred value; only exact numbers need converting.
    if (schema === null && !payload.exact) return new SchemaAndValue(null, payload.value);
    return new SchemaAndValue(schema, this.#reader.read(schema, payload.value));
  }
}

/** A cache key for a schema node parsed from a non-canonical envelope, apart from the fast path's text keys. */
function stableKey(node: unknown): string {
  return `parsed:${JSON.stringify(node)}`;
}
