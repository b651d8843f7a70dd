import { defineConfig } from '../../api/config-definition.js';
import type { ConfigDefinition } from '../../api/config-definition.js';
import type { ConnectRecord } from '../../api/connect-record.js';
import type { Predicate } from '../../api/predicate.js';

const RECORD_IS_TOMBSTONE_CONFIG = defineConfig([]);

/** Kafka's `RecordIsTombstone`: true for records whose value is null. */
export class RecordIsTombstone<R extends ConnectRecord<R>> implements Predicate<R> {
  config(): ConfigDefinition {
    return RECORD_IS_TOMBSTONE_CONFIG;
  }

  configure(): void {}

  test(record: R): boolean {
    return record.value === null;
  }

  close(): void {}
}
