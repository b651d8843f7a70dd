import { defineConfig } from '../../api/config-definition.js';
import type { ConfigDefinition } from '../../api/config-definition.js';
import type { ConnectRecord } from '../../api/connect-record.js';
import type { Predicate } from '../../api/predicate.js';

export const HAS_HEADER_KEY_CONFIG = defineConfig([
  { name: 'name', type: 'string', importance: 'medium', documentation: 'The header name to look for.' },
]);

/** Kafka's `HasHeaderKey`: true for records with at least one header of that name. */
export class HasHeaderKey<R extends ConnectRecord<R>> implements Predicate<R> {
  #name = '';

  config(): ConfigDefinition {
    return HAS_HEADER_KEY_CONFIG;
  }

  configure(configs: Readonly<Record<string, string>>): void {
    this.#name = HAS_HEADER_KEY_CONFIG.parse(configs).name;
  }

  test(record: R): boolean {
    return record.hasHeaders() && record.headers.lastWithName(this.#name) !== undefined;
  }

  close(): void {}
}
