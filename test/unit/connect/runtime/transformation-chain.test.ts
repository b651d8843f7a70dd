import assert from 'node:assert/strict';
import type { ConfigInputEntry } from '../../../../src/common/config/config-def.js';
import { Schema, SourceRecord } from '../../../../src/connect/api/index.js';
import { Plugins } from '../../../../src/connect/runtime/plugins.js';
import { TransformationChain, checkTransformations } from '../../../../src/connect/runtime/transformation-chain.js';
import { plugin as builtinTransforms } from '../../../../src/connect/transforms/index.js';
import { formatUtc } from '../../../../src/connect/transforms/timestamp-router.js';

const PLUGINS = Plugins.fromManifests([{ location: 'built-in', manifest: builtinTransforms }]);

function entries(text: string): Map<string, ConfigInputEntry> {
  const result = new Map<string, ConfigInputEntry>();
  text
    .trim()
    .split('\n')
    .forEach((line, i) => {
      const eq = line.indexOf('=');
      result.set(line.slice(0, eq), { value: line.slice(eq + 1), line: i + 1, source: 'c.properties' });
    });
  return result;
}

function record(topic: string, value: unknown, timestamp: number | null = null): SourceRecord {
  return new SourceRecord({ sourcePartition: null, sourceOffset: null, topic, valueSchema: Schema.OPTIONAL_STRING_SCHEMA, value, timestamp });
}

describe('TransformationChain with the bundled transforms', () => {
  it('applies transforms in order, each only where its predicate (or its negation) holds', () => {
    const config = entries(`
transforms=route,dropTombstones,tag,untag
transforms.route.type=org.apache.kafka.connect.transforms.RegexRouter
transforms.route.regex=logs-(.*)
transforms.route.replacement=archive-$1
transforms.route.predicate=isAudit
transforms.route.negate=true
transforms.dropTombstones.type=Filter
transforms.dropTombstones.predicate=tombstone
transforms.tag.type=InsertHeader
transforms.tag.header=origin
transforms.tag.value.literal=millrace
transforms.untag.type=DropHeaders
transforms.untag.headers=secret
predicates=isAudit,tombstone
predicates.isAudit.type=TopicNameMatches
predicates.isAudit.pattern=logs-audit
predicates.tombstone.type=org.apache.kafka.connect.transforms.predicates.RecordIsTombstone`);
    assert.deepEqual(checkTransformations(config, PLUGINS), []);
    const chain = TransformationChain.build<SourceRecord>(config, PLUGINS);
    const routed = chain.apply(record('logs-web', 'a'))!;
    assert.equal(routed.topic, 'archive-web');
    assert.deepEqual([...routed.headers].map((h) => [h.key, h.value]), [['origin', 'millrace']]);
    assert.equal(chain.apply(record('logs-audit', 'b'))!.topic, 'logs-audit', 'the negated predicate keeps audit logs where they are');
    assert.equal(chain.apply(record('logs-web', null)), null, 'tombstones are filtered');
    const withSecret = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 'x', value: 'v', headers: [{ key: 'secret', schema: null, value: 's' }] });
    assert.deepEqual([...chain.apply(withSecret)!.headers].map((h) => h.key), ['origin']);
    chain.close();
  });

  it("routes by timestamp in UTC with Kafka's default formats", () => {
    const chain = TransformationChain.build<SourceRecord>(entries('transforms=daily\ntransforms.daily.type=TimestampRouter'), PLUGINS);
    assert.equal(chain.apply(record('logs', 'x', Date.UTC(2026, 10, 24, 23, 59)))!.topic, 'logs-20261124');
    assert.throws(() => chain.apply(record('logs', 'x')), /Timestamp missing/);
    assert.equal(formatUtc(Date.UTC(2026, 0, 2, 3, 4, 5, 6), "yyyy-MM-dd'T'HH:mm:ss.SSS yy"), '2026-01-02T03:04:05.006 26');
  });

  it('reports unknown and missing types, missing settings and undeclared predicates with their lines', () => {
    const config = entries(`
transforms=a,b,c,d
transforms.a.type=NoSuchTransform
transforms.c.type=RegexRouter
transforms.c.regex=x
transforms.d.type=Filter
transforms.d.predicate=nope`);
    const errors = checkTransformations(config, PLUGINS);
    assert.deepEqual(errors.map((e) => [e.key, e.line]), [
      ['transforms.a.type', 2],
      ['transforms.b.type', 1],
      ['transforms.c.replacement', 3],
      ['transforms.d.predicate', 6],
    ]);
    assert.match(errors[0]!.message, /^no transformation named 'NoSuchTransform'; available: .*RegexRouter/);
    assert.match(errors[1]!.message, /^missing required configuration/);
    assert.match(errors[2]!.message, /^missing required configuration/);
    assert.equal(errors[3]!.message, "'nope' is not one of predicates");
  });
});
