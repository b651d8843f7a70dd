import { defineConfig } from '../api/config-definition.js';
import type { ConfigDefinition } from '../api/config-definition.js';
import type { ConnectRecord } from '../api/connect-record.js';
import type { Transformation } from '../api/transformation.js';

const FILTER_CONFIG = defineConfig([]);

/** Kafka's `Filter`: drops every record it is applied to; used with a predicate to drop only some. */
export class Filter<R extends ConnectRecord<R>> implements Transformation<R> {
  config(): ConfigDefinition {
    return FILTER_CONFIG;
  }

  configure(): void {}

  apply(): R | null {
    return null;
  }

  close(): void {}
}
