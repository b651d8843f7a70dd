import { defineConfig } from '../api/config-definition.js';
import type { ConfigDefinition } from '../api/config-definition.js';
import type { ConnectRecord } from '../api/connect-record.js';
import type { Transformation } from '../api/transformation.js';

export const REGEX_ROUTER_CONFIG = defineConfig([
  { name: 'regex', type: 'string', importance: 'high', documentation: 'Regular expression the whole topic name must match.' },
  { name: 'replacement', type: 'string', importance: 'high',
    documentation: 'The new topic name; $1, $2 … stand for the regex\'s capture groups.' },
]);

/**
 * Kafka's `RegexRouter`: renames a record's topic when the whole name matches `regex` (`replacement` may use the
 * capture groups as `$1`); other records pass unchanged.
 */
export class RegexRouter<R extends ConnectRecord<R>> implements Transformation<R> {
  #regex = /$^/;
  #replacement = '';

  config(): ConfigDefinition {
    return REGEX_ROUTER_CONFIG;
  }

  configure(configs: Readonly<Record<string, string>>): void {
    const parsed = REGEX_ROUTER_CONFIG.parse(configs);
    this.#regex = new RegExp(`^(?:${parsed.regex})$`);
    this.#replacement = parsed.replacement;
  }

  apply(record: R): R {
    if (!this.#regex.test(record.topic)) return record;
    return record.newRecord({ topic: record.topic.replace(this.#regex, this.#replacement) });
  }

  close(): void {}
}
