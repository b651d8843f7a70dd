import assert from 'node:assert/strict';
import { TopicFilter } from '../../../src/cli/topic-filter.js';
import { UsageError } from '../../../src/cli/usage-error.js';

describe("TopicFilter (Kafka's Whitelist)", () => {
  it('matches whole names only', () => {
    const filter = new TopicFilter('orders');
    assert.ok(filter.matches('orders'));
    assert.ok(!filter.matches('orders-eu'));
    assert.ok(!filter.matches('old-orders'));
  });

  it('treats commas as alternatives and drops spaces and surrounding quotes', () => {
    const filter = new TopicFilter(` "a.*, b" `);
    assert.equal(filter.source, 'a.*|b');
    assert.ok(filter.matches('abc') && filter.matches('b') && !filter.matches('bb'));
  });

  it('leaves internal topics out only when asked', () => {
    const filter = new TopicFilter('.*');
    assert.ok(filter.matches('__consumer_offsets', true));
    assert.ok(!filter.matches('__consumer_offsets', true, false));
    assert.ok(filter.matches('plain', false, false));
  });

  it('refuses an invalid expression', () => {
    assert.throws(() => new TopicFilter('a(b'), (err: unknown) => err instanceof UsageError && err.message === 'a(b is an invalid regex.');
  });
});
