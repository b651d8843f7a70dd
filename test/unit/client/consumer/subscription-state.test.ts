import assert from 'node:assert/strict';
import { ConsumerStateError } from '../../../../src/client/consumer/consumer-errors.js';
import { SubscriptionState } from '../../../../src/client/consumer/subscription-state.js';

const tp = (topic: string, partition: number) => ({ topic, partition });

describe('SubscriptionState', () => {
  it('keeps subscribe, pattern subscribe and assign apart until unsubscribe', () => {
    const state = new SubscriptionState('latest');
    state.subscribe(['b', 'a'], null);
    assert.deepEqual(state.subscription(), ['a', 'b']);
    assert.throws(() => state.assignFromUser([tp('a', 0)]), ConsumerStateError);
    assert.throws(() => state.subscribePattern(/x/, null), ConsumerStateError);
    state.unsubscribe();
    state.assignFromUser([tp('a', 0)]);
    assert.throws(() => state.assignFromSubscribed([]), ConsumerStateError);
  });

  it('matches a pattern against topic names and reports changes', () => {
    const state = new SubscriptionState('latest');
    state.subscribePattern(/^logs-.*/g, null);
    assert.equal(state.updatePatternMatches(['logs-a', 'metrics', 'logs-b']), true);
    assert.deepEqual(state.subscription(), ['logs-a', 'logs-b']);
    assert.equal(state.updatePatternMatches(['logs-b', 'logs-a']), false, 'a global regex is re-run from the start');
    assert.equal(state.updatePatternMatches(['logs-a']), true);
  });

  it('tracks positions, resets and pauses; a new assignment keeps the positions of partitions it retains', () => {
    const state = new SubscriptionState('earliest');
    state.subscribe(['t'], null);
    state.assignFromSubscribed([tp('t', 0), tp('t', 1)]);
    assert.deepEqual(state.partitionsNeedingPosition(), [tp('t', 0), tp('t', 1)]);
    state.seek(tp('t', 0), 5);
    state.requestReset(tp('t', 1), 'latest');
    assert.deepEqual(state.partitionsNeedingPosition(), []);
    assert.deepEqual(state.partitionsNeedingReset(), [tp('t', 1)]);
    state.completeReset('t', 1, 'earliest', 99);
    assert.equal(state.position('t', 1), null, 'a reset for another strategy is stale');
    state.completeReset('t', 1, 'latest', 40);
    assert.equal(state.position('t', 1), 40);

    state.advance('t', 0, 8, 2);
    state.pause(tp('t', 1));
    assert.deepEqual(state.fetchablePartitions(), [tp('t', 0)]);
    assert.deepEqual(state.allConsumed(), [
      { topic: 't', partition: 0, offset: 8, leaderEpoch: 2 },
      { topic: 't', partition: 1, offset: 40, leaderEpoch: null },
    ]);

    state.assignFromSubscribed([tp('t', 0), tp('t', 2)]);
    assert.equal(state.position('t', 0), 8);
    assert.equal(state.position('t', 2), null);
    assert.equal(state.isAssigned('t', 1), false);
    assert.throws(() => state.seek(tp('t', 1), 0), ConsumerStateError);
  });
});
