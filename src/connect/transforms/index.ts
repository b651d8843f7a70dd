import type { PluginManifest } from '../api/plugin-manifest.js';
import { DropHeaders } from './drop-headers.js';
import { Filter } from './filter.js';
import { InsertHeader } from './insert-header.js';
import { HasHeaderKey } from './predicates/has-header-key.js';
import { RecordIsTombstone } from './predicates/record-is-tombstone.js';
import { TopicNameMatches } from './predicates/topic-name-matches.js';
import { RegexRouter } from './regex-router.js';
import { TimestampRouter } from './timestamp-router.js';

export { DropHeaders, Filter, HasHeaderKey, InsertHeader, RecordIsTombstone, RegexRouter, TimestampRouter, TopicNameMatches };

const TRANSFORMS = 'org.apache.kafka.connect.transforms';

/** The bundled single message transforms and predicates, under Kafka's class names (and their simple names). */
export const plugin: PluginManifest = {
  transforms: [
    { class: RegexRouter, name: `${TRANSFORMS}.RegexRouter` },
    { class: Filter, name: `${TRANSFORMS}.Filter` },
    { class: DropHeaders, name: `${TRANSFORMS}.DropHeaders` },
    { class: InsertHeader, name: `${TRANSFORMS}.InsertHeader` },
    { class: TimestampRouter, name: `${TRANSFORMS}.TimestampRouter` },
  ],
  predicates: [
    { class: TopicNameMatches, name: `${TRANSFORMS}.predicates.TopicNameMatches` },
    { class: HasHeaderKey, name: `${TRANSFORMS}.predicates.HasHeaderKey` },
    { class: RecordIsTombstone, name: `${TRANSFORMS}.predicates.RecordIsTombstone` },
  ],
};
