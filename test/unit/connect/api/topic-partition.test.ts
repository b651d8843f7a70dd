import assert from 'node:assert/strict';
import { formatTopicPartition, TopicPartitionOffsets } from '../../../../src/connect/api/index.js';

describe('TopicPartitionOffsets', () => {
  it('looks partitions up by value', () => {
    const offsets = new TopicPartitionOffsets([[{ topic: 'a', partition: 0 }, 5]]);
    offsets.set({ topic: 'a', partition: 1 }, 7).set({ topic: 'a', partition: 0 }, 6);
    assert.equal(offsets.size, 2);
    assert.equal(offsets.get({ topic: 'a', partition: 0 }), 6);
    assert.equal(offsets.has({ topic: 'b', partition: 0 }), false);
    assert.deepEqual([...offsets], [
      [{ topic: 'a', partition: 0 }, 6],
      [{ topic: 'a', partition: 1 }, 7],
    ]);
    assert.equal(offsets.delete({ topic: 'a', partition: 0 }), true);
    assert.equal(offsets.delete({ topic: 'a', partition: 0 }), false);
    assert.deepEqual([...offsets.keys()], [{ topic: 'a', partition: 1 }]);
  });

  it('prints a partition as Kafka does', () => {
    assert.equal(formatTopicPartition({ topic: 'connect-test', partition: 0 }), 'connect-test-0');
  });
});
