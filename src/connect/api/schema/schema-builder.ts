import { DataException, SchemaBuilderException } from '../errors.js';
import { ConnectSchema } from './connect-schema.js';
import type { ConnectSchemaInit } from './connect-schema.js';
import { Field } from './field.js';
import type { Schema } from './schema.js';
import { Type, typeLabel } from './type.js';

/** A schema, or a builder that will be built where a schema is needed. */
export type SchemaLike = Schema | SchemaBuilder;

function toSchema(schema: SchemaLike): Schema {
  return schema instanceof SchemaBuilder ? schema.build() : schema;
}

/**
 * Fluent construction of a {@link Schema} (Kafka's `SchemaBuilder`). Each setting may be given once (setting it
 * again to a different value is a mistake Kafka refuses too); a default is checked against the schema built so far.
 *
 * @example
 * const row = SchemaBuilder.struct()
 *   .name('com.example.Row')
 *   .field('id', Schema.INT32_SCHEMA)
 *   .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA).optional())
 *   .build();
 */
export class SchemaBuilder {
  readonly #type: Type;
  #optional: boolean | null = null;
  #defaultValue: unknown = null;
  #name: string | null = null;
  #version: number | null = null;
  #doc: string | null = null;
  #parameters: Record<string, string> | null = null;
  readonly #fields: Field[] = [];
  #keySchema: Schema | null = null;
  #valueSchema: Schema | null = null;

  constructor(type: Type) {
    if (!Object.values(Type).includes(type)) throw new SchemaBuilderException(`Unknown schema type ${String(type)}`);
    this.#type = type;
  }

  static type(type: Type): SchemaBuilder {
    return new SchemaBuilder(type);
  }

  static int8(): SchemaBuilder {
    return new SchemaBuilder(Type.INT8);
  }

  static int16(): SchemaBuilder {
    return new SchemaBuilder(Type.INT16);
  }

  static int32(): SchemaBuilder {
    return new SchemaBuilder(Type.INT32);
  }

  static int64(): SchemaBuilder {
    return new SchemaBuilder(Type.INT64);
  }

  static float32(): SchemaBuilder {
    return new SchemaBuilder(Type.FLOAT32);
  }

  static float64(): SchemaBuilder {
    return new SchemaBuilder(Type.FLOAT64);
  }

  static bool(): SchemaBuilder {
    return new SchemaBuilder(Type.BOOLEAN);
  }

  static string(): SchemaBuilder {
    return new SchemaBuilder(Type.STRING);
  }

  static bytes(): SchemaBuilder {
    return new SchemaBuilder(Type.BYTES);
  }

  static struct(): SchemaBuilder {
    return new SchemaBuilder(Type.STRUCT);
  }

  static array(valueSchema: SchemaLike): SchemaBuilder {
    const builder = new SchemaBuilder(Type.ARRAY);
    builder.#valueSchema = toSchema(valueSchema);
    return builder;
  }

  static map(keySchema: SchemaLike, valueSchema: SchemaLike): SchemaBuilder {
    const builder = new SchemaBuilder(Type.MAP);
    builder.#keySchema = toSchema(keySchema);
    builder.#valueSchema = toSchema(valueSchema);
    return builder;
  }

  get type(): Type {
    return this.#type;
  }

  optional(): this {
    this.#checkCanSet('optional', this.#optional, true);
    this.#optional = true;
    return this;
  }

  required(): this {
    this.#checkCanSet('optional', this.#optional, false);
    this.#optional = false;
    return this;
  }

  /** @throws SchemaBuilderException when the value does not match the schema as configured so far */
  defaultValue(value: unknown): this {
    this.#checkCanSet('default', this.#defaultValue, value);
    try {
      ConnectSchema.validateValue(this.build(), value);
    } catch (err) {
      if (err instanceof DataException) throw new SchemaBuilderException('Invalid default value', { cause: err });
      throw err;
    }
    this.#defaultValue = value;
    return this;
  }

  name(name: string): this {
    this.#checkCanSet('name', this.#name, name);
    this.#name = name;
    return this;
  }

  version(version: number): this {
    this.#checkCanSet('version', this.#version, version);
    this.#version = version;
    return this;
  }

  doc(doc: string): this {
    this.#checkCanSet('doc', this.#doc, doc);
    this.#doc = doc;
    return this;
  }

  parameter(name: string, value: string): this {
    this.#parameters ??= {};
    this.#parameters[name] = value;
    return this;
  }

  parameters(parameters: Readonly<Record<string, string>>): this {
    this.#parameters = { ...this.#parameters, ...parameters };
    return this;
  }

  /** Adds a struct field after those already added. */
  field(name: string, schema: SchemaLike): this {
    if (this.#type !== Type.STRUCT) throw new SchemaBuilderException(`Cannot create fields on type ${typeLabel(this.#type)}`);
    if (name === '') throw new SchemaBuilderException('fieldName cannot be empty.');
    if (this.#fields.some((f) => f.name === name)) {
      throw new SchemaBuilderException(`Cannot create field because of field name duplication ${name}`);
    }
    this.#fields.push(new Field(name, this.#fields.length, toSchema(schema)));
    return this;
  }

  build(): ConnectSchema {
    const init: ConnectSchemaInit = {
      type: this.#type,
      optional: this.#optional ?? false,
      defaultValue: this.#defaultValue,
      name: this.#name,
      version: this.#version,
      doc: this.#doc,
      parameters: this.#parameters,
      fields: this.#fields,
      keySchema: this.#keySchema,
      valueSchema: this.#valueSchema,
    };
    return new ConnectSchema(init);
  }

  #checkCanSet(what: string, current: unknown, next: unknown): void {
    if (current !== null && current !== next) {
      throw new SchemaBuilderException(`Invalid SchemaBuilder call: ${what} has already been set.`);
    }
  }
}
