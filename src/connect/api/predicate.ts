import type { ConfigDefinition } from './config-definition.js';
import type { ConnectRecord } from './connect-record.js';

/**
 * A condition on records (Kafka's `Predicate`) that limits a transformation to the records it matches
 * (`transforms.<alias>.predicate`, inverted with `negate`). Configured once with its `predicates.<alias>.*` settings.
 */
export interface Predicate<R extends ConnectRecord<R>> {
  configure(configs: Readonly<Record<string, string>>): void;
  test(record: R): boolean;
  config(): ConfigDefinition;
  close(): void;
}
