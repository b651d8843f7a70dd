import type { Schema } from './schema.js';

/** One field of a struct schema: its name, its position in the struct and its schema (Kafka's `Field`). */
export class Field {
  readonly name: string;
  readonly index: number;
  readonly schema: Schema;

  constructor(name: string, index: number, schema: Schema) {
    this.name = name;
    this.index = index;
    this.schema = schema;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof Field && other.name === this.name && other.index === this.index && this.schema.equals(other.schema)
    );
  }

  toString(): string {
    return `Field{name=${this.name}, index=${this.index}, schema=${String(this.schema)}}`;
  }
}
