import { DataException } from '../api/errors.js';
import type { Schema } from '../api/schema/schema.js';
import { SchemaBuilder } from '../api/schema/schema-builder.js';
import { Type } from '../api/schema/type.js';
import { JsonNumberText } from './json-text.js';
import { quoteJson } from './json-string.js';
import type { JsonValueReader } from './json-value-reader.js';
import type { JsonValueWriter } from './json-value-writer.js';
import { LruCache } from './lru-cache.js';

/** The JSON type names of Kafka's `JsonSchema` (`float`/`double` where Connect says float32/float64). */
const JSON_TYPE_NAMES: Readonly<Record<Type, string>> = {
  [Type.BOOLEAN]: 'boolean',
  [Type.INT8]: 'int8',
  [Type.INT16]: 'int16',
  [Type.INT32]: 'int32',
  [Type.INT64]: 'int64',
  [Type.FLOAT32]: 'float',
  [Type.FLOAT64]: 'double',
  [Type.BYTES]: 'bytes',
  [Type.STRING]: 'string',
  [Type.ARRAY]: 'array',
  [Type.MAP]: 'map',
  [Type.STRUCT]: 'struct',
};

const BUILDERS: Readonly<Record<string, () => SchemaBuilder>> = {
  boolean: () => SchemaBuilder.bool(),
  int8: () => SchemaBuilder.int8(),
  int16: () => SchemaBuilder.int16(),
  int32: () => SchemaBuilder.int32(),
  int64: () => SchemaBuilder.int64(),
  float: () => SchemaBuilder.float32(),
  double: () => SchemaBuilder.float64(),
  bytes: () => SchemaBuilder.bytes(),
  string: () => SchemaBuilder.string(),
};

/**
 * The envelope's `schema` node ↔ Connect {@link Schema}, as Kafka's `JsonConverter.asJsonSchema` and
 * `asConnectSchema`. Written schemas keep Kafka's key order — `type`, then `items` / `keys`,`values` / `fields`,
 * then `optional` (always), `name`, `version`, `doc`, `parameters`, `default`; a struct field is its schema with
 * `field` last — and are cached as text per Schema object. Read schemas are cached by their text, up to
 * `schemas.cache.size`.
 */
export class JsonSchemaMapper {
  readonly #writer: JsonValueWriter;
  readonly #reader: JsonValueReader;
  readonly #written = new WeakMap<Schema, string>();
  readonly #read: LruCache<string, Schema>;

  constructor(writer: JsonValueWriter, reader: JsonValueReader, cacheSize: number) {
    this.#writer = writer;
    this.#reader = reader;
    this.#read = new LruCache(cacheSize);
  }

  /** The schema's JSON text. */
  asJsonSchema(schema: Schema): string {
    let text = this.#written.get(schema);
    if (text === undefined) {
      text = this.#toJson(schema);
      this.#written.set(schema, text);
    }
    return text;
  }

  /**
   * The schema of a parsed `schema` node; null for JSON null.
   * @param cacheKey the node's text, when the caller has it, to skip rebuilding a schema seen before
   * @throws DataException for a node that is not a valid Connect schema
   */
  asConnectSchema(node: unknown, cacheKey?: string): Schema | null {
    if (node === null) return null;
    if (cacheKey === undefined) return this.#fromJson(node);
    let schema = this.#read.get(cacheKey);
    if (schema === undefined) {
      schema = this.#fromJson(node);
      this.#read.set(cacheKey, schema);
    }
    return schema;
  }

  /** The cached schema for a `schema` node's text, if this text was read before. */
  cachedSchema(cacheKey: string): Schema | undefined {
    return this.#read.get(cacheKey);
  }

  #toJson(schema: Schema): string {
    let out = `{"type":"${JSON_TYPE_NAMES[schema.type]}"`;
    switch (schema.type) {
      case Type.ARRAY:
        out += `,"items":${this.asJsonSchema(schema.valueSchema)}`;
        break;
      case Type.MAP:
        out += `,"keys":${this.asJsonSchema(schema.keySchema)},"values":${this.asJsonSchema(schema.valueSchema)}`;
        break;
      case Type.STRUCT:
        out += `,"fields":[${schema.fields
          .map((f) => `${this.asJsonSchema(f.schema).slice(0, -1)},"field":${quoteJson(f.name)}}`)
          .join(',')}]`;
        break;
      default:
        break;
    }
    out += `,"optional":${schema.optional ? 'true' : 'false'}`;
    if (schema.name !== null) out += `,"name":${quoteJson(schema.name)}`;
    if (schema.version !== null) out += `,"version":${schema.version}`;
    if (schema.doc !== null) out += `,"doc":${quoteJson(schema.doc)}`;
    if (schema.parameters !== null) {
      const params = Object.entries(schema.parameters).map(([k, v]) => `${quoteJson(k)}:${quoteJson(v)}`);
      out += `,"parameters":{${params.join(',')}}`;
    }
    if (schema.defaultValue !== null) out += `,"default":${this.#writer.write(schema, schema.defaultValue)}`;
    return `${out}}`;
  }

  #fromJson(node: unknown): Schema {
    const obj = isObject(node) ? node : {};
    const typeName = field(obj, 'type');
    if (typeof typeName !== 'string') throw new DataException("Schema must contain 'type' field");
    const builder = this.#builderFor(typeName, obj);

    if (field(obj, 'optional') === true) builder.optional();
    else builder.required();
    const name = field(obj, 'name');
    if (typeof name === 'string') builder.name(name);
    const version = field(obj, 'version');
    if (Number.isInteger(version)) builder.version(version as number);
    const doc = field(obj, 'doc');
    if (typeof doc === 'string') builder.doc(doc);
    const params = field(obj, 'parameters');
    if (isObject(params)) {
      for (const [key, value] of Object.entries(params)) {
        if (typeof value !== 'string') throw new DataException('Schema parameters must have string values.');
        builder.parameter(key, value);
      }
    }
    const defaultNode = field(obj, 'default');
    if (defaultNode !== undefined) builder.defaultValue(this.#reader.read(builder.build(), defaultNode));
    return builder.build();
  }

  #builderFor(typeName: string, obj: Record<string, unknown>): SchemaBuilder {
    switch (typeName) {
      case 'array': {
        const items = field(obj, 'items');
        if (items === undefined || items === null) throw new DataException('Array schema did not specify the element type');
        return SchemaBuilder.array(this.#fromJson(items));
      }
      case 'map': {
        const keys = field(obj, 'keys');
        if (keys === undefined) throw new DataException('Map schema did not specify the key type');
        const values = field(obj, 'values');
        if (values === undefined) throw new DataException('Map schema did not specify the value type');
        return SchemaBuilder.map(this.#fromJson(keys), this.#fromJson(values));
      }
      case 'struct': {
        const builder = SchemaBuilder.struct();
        const fields = field(obj, 'fields');
        if (!Array.isArray(fields)) throw new DataException('Struct schema\'s "fields" argument is not an array.');
        for (const f of fields as unknown[]) {
          const fieldName = isObject(f) ? field(f, 'field') : undefined;
          if (typeof fieldName !== 'string') throw new DataException("Struct schema's field name not specified properly");
          builder.field(fieldName, this.#fromJson(f));
        }
        return builder;
      }
      default: {
        const make = Object.hasOwn(BUILDERS, typeName) ? BUILDERS[typeName] : undefined;
        if (make === undefined) throw new DataException(`Unknown schema type: ${typeName}`);
        return make();
      }
    }
  }
}

function isObject(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && !(node instanceof JsonNumberText);
}

/** An own property of a parsed object (never an inherited one such as `constructor`). */
function field(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}
