import assert from 'node:assert/strict';
import { RoundRobinAssignor } from '../../../../../src/client/consumer/assignors/round-robin.js';
import { names, partitionCounts, subscription } from './assignor-fixtures.js';

/** Cases from apache/kafka RoundRobinAssignorTest. */
describe('RoundRobinAssignor', () => {
  const assignor = new RoundRobinAssignor();

  it('is named roundrobin', () => {
    assert.equal(assignor.name, 'roundrobin');
  });

  it('gives one consumer with no topic, or a nonexistent one, an empty assignment', () => {
    assert.deepEqual(assignor.assign(new Map(), new Map([['consumer', subscription([])]])).get('consumer'), []);
    assert.deepEqual(assignor.assign(new Map(), new Map([['consumer', subscription(['topic'])]])).get('consumer'), []);
  });

  it('assigns only subscribed topics', () => {
    const assignment = assignor.assign(partitionCounts({ topic: 3, other: 3 }), new Map([['consumer', subscription(['topic'])]]));
    assert.deepEqual(names(assignment.get('consumer')), ['topic-0', 'topic-1', 'topic-2']);
  });

  it('deals partitions of one topic in turn', () => {
    const subs = new Map([
      ['consumer1', subscription(['topic'])],
      ['consumer2', subscription(['topic'])],
    ]);
    const one = assignor.assign(partitionCounts({ topic: 1 }), subs);
    assert.deepEqual(names(one.get('consumer1')), ['topic-0']);
    assert.deepEqual(names(one.get('consumer2')), []);
    const two = assignor.assign(partitionCounts({ topic: 2 }), subs);
    assert.deepEqual(names(two.get('consumer1')), ['topic-0']);
    assert.deepEqual(names(two.get('consumer2')), ['topic-1']);
  });

  it('skips members not subscribed to a partition\'s topic', () => {
    const subs = new Map([
      ['consumer1', subscription(['topic1'])],
      ['consumer2', subscription(['topic1', 'topic2'])],
      ['consumer3', subscription(['topic1'])],
    ]);
    const assignment = assignor.assign(partitionCounts({ topic1: 3, topic2: 2 }), subs);
    assert.deepEqual(names(assignment.get('consumer1')), ['topic1-0']);
    assert.deepEqual(names(assignment.get('consumer2')), ['topic1-1', 'topic2-0', 'topic2-1']);
    assert.deepEqual(names(assignment.get('consumer3')), ['topic1-2']);
  });

  it('two dynamic consumers, two topics, six partitions', () => {
    const subs = new Map([
      ['consumer1', subscription(['topic1', 'topic2'])],
      ['consumer2', subscription(['topic1', 'topic2'])],
    ]);
    const assignment = assignor.assign(partitionCounts({ topic1: 3, topic2: 3 }), subs);
    assert.deepEqual(names(assignment.get('consumer1')), ['topic1-0', 'topic1-2', 'topic2-1']);
    assert.deepEqual(names(assignment.get('consumer2')), ['topic1-1', 'topic2-0', 'topic2-2']);
  });

  it('orders static members by instance id, ahead of dynamic ones', () => {
    const subs = new Map([
      ['consumer-b', subscription(['topic1', 'topic2'], { groupInstanceId: 'instance1' })],
      ['consumer-a', subscription(['topic1', 'topic2'])],
    ]);
    const assignment = assignor.assign(partitionCounts({ topic1: 3, topic2: 3 }), subs);
    assert.deepEqual(names(assignment.get('consumer-b')), ['topic1-0', 'topic1-2', 'topic2-1']);
    assert.deepEqual(names(assignment.get('consumer-a')), ['topic1-1', 'topic2-0', 'topic2-2']);
  });

  it('keeps static members\' assignment when a dynamic member is replaced', () => {
    const subs = new Map([
      ['consumer1', subscription(['topic1', 'topic2'], { groupInstanceId: 'instance1' })],
      ['consumer2', subscription(['topic1', 'topic2'], { groupInstanceId: 'instance2' })],
      ['consumer3', subscription(['topic1', 'topic2'], { groupInstanceId: 'instance3' })],
      ['consumer4', subscription(['topic1', 'topic2'])],
    ]);
    const counts = partitionCounts({ topic1: 3, topic2: 3 });
    const first = assignor.assign(counts, subs);
    assert.deepEqual(names(first.get('consumer1')), ['topic1-0', 'topic2-1']);
    assert.deepEqual(names(first.get('consumer2')), ['topic1-1', 'topic2-2']);
    assert.deepEqual(names(first.get('consumer3')), ['topic1-2']);
    assert.deepEqual(names(first.get('consumer4')), ['topic2-0']);
    subs.delete('consumer4');
    subs.set('consumer5', subscription(['topic1', 'topic2']));
    assert.deepEqual(names(assignor.assign(counts, subs).get('consumer5')), ['topic2-0']);
  });
});
