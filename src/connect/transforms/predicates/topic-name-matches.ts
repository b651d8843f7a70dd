import { defineConfig } from '../../api/config-definition.js';
import type { ConfigDefinition } from '../../api/config-definition.js';
import type { ConnectRecord } from '../../api/connect-record.js';
import type { Predicate } from '../../api/predicate.js';

export const TOPIC_NAME_MATCHES_CONFIG = defineConfig([
  { name: 'pattern', type: 'string', importance: 'medium', documentation: 'Regular expression the whole topic name must match.' },
]);

/** Kafka's `TopicNameMatches`: true for records whose whole topic name matches `pattern`. */
export class TopicNameMatches<R extends ConnectRecord<R>> implements Predicate<R> {
  #pattern = /$^/;

  config(): ConfigDefinition {
    return TOPIC_NAME_MATCHES_CONFIG;
  }

  configure(configs: Readonly<Record<string, string>>): void {
    this.#pattern = new RegExp(`^(?:${TOPIC_NAME_MATCHES_CONFIG.parse(configs).pattern})$`);
  }

  test(record: R): boolean {
    return this.#pattern.test(record.topic);
  }

  close(): void {}
}
