import { defineConfig } from '../api/config-definition.js';
import type { ConfigDefinition } from '../api/config-definition.js';
import type { ConnectRecord } from '../api/connect-record.js';
import type { Transformation } from '../api/transformation.js';

export const DROP_HEADERS_CONFIG = defineConfig([
  { name: 'headers', type: 'list', importance: 'high', documentation: 'Names of the headers to remove.' },
]);

/** Kafka's `DropHeaders`: removes every header with one of the listed names. */
export class DropHeaders<R extends ConnectRecord<R>> implements Transformation<R> {
  #names: ReadonlySet<string> = new Set();

  config(): ConfigDefinition {
    return DROP_HEADERS_CONFIG;
  }

  configure(configs: Readonly<Record<string, string>>): void {
    this.#names = new Set(DROP_HEADERS_CONFIG.parse(configs).headers);
  }

  apply(record: R): R {
    if (!record.hasHeaders()) return record;
    const kept = [...record.headers].filter((h) => !this.#names.has(h.key));
    return kept.length === record.headers.size ? record : record.newRecord({ headers: kept });
  }

  close(): void {}
}
