import assert from 'node:assert/strict';
import { RangeAssignor } from '../../../../../src/client/consumer/assignors/range.js';
import { names, partitionCounts, subscription, tp } from './assignor-fixtures.js';

/** Cases from apache/kafka RangeAssignorTest. */
describe('RangeAssignor', () => {
  const assignor = new RangeAssignor();

  it('is named range and eager-only', () => {
    assert.equal(assignor.name, 'range');
    assert.deepEqual([...assignor.supportedProtocols], ['EAGER']);
  });

  it('gives one consumer with no topic an empty assignment', () => {
    const assignment = assignor.assign(new Map(), new Map([['consumer1', subscription([])]]));
    assert.deepEqual([...assignment.keys()], ['consumer1']);
    assert.deepEqual(assignment.get('consumer1'), []);
  });

  it('gives nothing for a nonexistent topic', () => {
    const assignment = assignor.assign(new Map(), new Map([['consumer1', subscription(['topic1'])]]));
    assert.deepEqual(assignment.get('consumer1'), []);
  });

  it('assigns every partition of one topic to one consumer, and only subscribed topics', () => {
    const assignment = assignor.assign(partitionCounts({ topic1: 3, other: 3 }), new Map([['consumer1', subscription(['topic1'])]]));
    assert.deepEqual(assignment.get('consumer1'), [tp('topic1', 0), tp('topic1', 1), tp('topic1', 2)]);
  });

  it('assigns multiple topics to one consumer', () => {
    const assignment = assignor.assign(partitionCounts({ topic1: 1, topic2: 2 }), new Map([['consumer1', subscription(['topic1', 'topic2'])]]));
    assert.deepEqual(names(assignment.get('consumer1')), ['topic1-0', 'topic2-0', 'topic2-1']);
  });

  it('two consumers, one partition: the first gets it', () => {
    const subs = new Map([
      ['consumer1', subscription(['topic1'])],
      ['consumer2', subscription(['topic1'])],
    ]);
    const assignment = assignor.assign(partitionCounts({ topic1: 1 }), subs);
    assert.deepEqual(names(assignment.get('consumer1')), ['topic1-0']);
    assert.deepEqual(names(assignment.get('consumer2')), []);
  });

  it('multiple consumers with mixed topics', () => {
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

  it('two consumers, two topics, six partitions: the first member gets the extra of each topic', () => {
    const subs = new Map([
      ['consumer2', subscription(['topic1', 'topic2'])],
      ['consumer1', subscription(['topic1', 'topic2'])],
    ]);
    const assignment = assignor.assign(partitionCounts({ topic1: 3, topic2: 3 }), subs);
    assert.deepEqual(names(assignment.get('consumer1')), ['topic1-0', 'topic1-1', 'topic2-0', 'topic2-1']);
    assert.deepEqual(names(assignment.get('consumer2')), ['topic1-2', 'topic2-2']);
  });

  it('orders static members by instance id, before dynamic members', () => {
    const statics = new Map([
      ['consumer-b', subscription(['topic1', 'topic2'], { groupInstanceId: 'instance1' })],
      ['consumer-a', subscription(['topic1', 'topic2'], { groupInstanceId: 'instance2' })],
    ]);
    const assignment = assignor.assign(partitionCounts({ topic1: 3, topic2: 3 }), statics);
    assert.deepEqual(names(assignment.get('consumer-b')), ['topic1-0', 'topic1-1', 'topic2-0', 'topic2-1']);

    const mixed = new Map([
      ['consumer-b', subscription(['topic1', 'topic2'], { groupInstanceId: 'instance1' })],
      ['consumer-a', subscription(['topic1', 'topic2'])],
    ]);
    const second = assignor.assign(partitionCounts({ topic1: 3, topic2: 3 }), mixed);
    assert.deepEqual(names(second.get('consumer-b')), ['topic1-0', 'topic1-1', 'topic2-0', 'topic2-1']);
    assert.deepEqual(names(second.get('consumer-a')), ['topic1-2', 'topic2-2']);
  });

  it('keeps static members\' assignment when a dynamic member is replaced', () => {
    const subs = new Map([
      ['consumer1', subscription(['topic1', 'topic2'], { groupInstanceId: 'instance1' })],
      ['consumer2', subscription(['topic1', 'topic2'], { groupInstanceId: 'instance2' })],
      ['consumer3', subscription(['topic1', 'topic2'], { groupInstanceId: 'instance3' })],
      ['consumer4', subscription(['topic1', 'topic2'])],
    ]);
    const counts = partitionCounts({ topic1: 5, topic2: 4 });
    const first = assignor.assign(counts, subs);
    assert.deepEqual(names(first.get('consumer1')), ['topic1-0', 'topic1-1', 'topic2-0']);
    assert.deepEqual(names(first.get('consumer2')), ['topic1-2', 'topic2-1']);
    assert.deepEqual(names(first.get('consumer3')), ['topic1-3', 'topic2-2']);
    assert.deepEqual(names(first.get('consumer4')), ['topic1-4', 'topic2-3']);
    subs.delete('consumer4');
    subs.set('consumer5', subscription(['topic1', 'topic2']));
    const second = assignor.assign(counts, subs);
    assert.deepEqual(names(second.get('consumer5')), ['topic1-4', 'topic2-3']);
    assert.deepEqual(names(second.get('consumer1')), names(first.get('consumer1')));
  });
});
