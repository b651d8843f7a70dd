import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { murmur2, toPositive } from '../../../../src/client/producer/murmur2.js';
import { DefaultPartitioner } from '../../../../src/client/producer/partitioner.js';

/** apache/kafka `UtilsTest.testMurmur2`: what Java's `Utils.murmur2(s.getBytes())` returns. */
const JAVA_VECTORS: [string, number][] = [
  ['21', -973932308],
  ['foobar', -790332482],
  ['a-little-bit-long-string', -985981536],
  ['a-little-bit-longer-string', -1486304829],
  ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ['abc', 479470107],
];

describe('murmur2', () => {
  for (const [input, expected] of JAVA_VECTORS) {
    it(`hashes ${JSON.stringify(input)} to ${expected} like Kafka's Utils.murmur2`, () => {
      assert.equal(murmur2(Buffer.from(input)), expected);
    });
  }

  it('hashes a window of a larger buffer like the bytes alone', () => {
    const padded = Buffer.from('xxfoobaryy');
    assert.equal(murmur2(padded, 2, 8), -790332482);
  });

  it('toPositive clears the sign bit as Utils.toPositive does', () => {
    assert.equal(toPositive(-790332482), -790332482 & 0x7fffffff);
    assert.equal(toPositive(-2147483648), 0);
    assert.equal(toPositive(5), 5);
  });
});

describe('DefaultPartitioner', () => {
  it('puts a keyed record on toPositive(murmur2(key)) % partitions, for string and Buffer keys alike', () => {
    const partitioner = new DefaultPartitioner();
    // toPositive(-790332482) = 1357151166; % 10 = 6, as Kafka's DefaultPartitioner computes.
    assert.equal(partitioner.partitionForKey('foobar', 10), 6);
    assert.equal(partitioner.partitionForKey(Buffer.from('foobar'), 10), 6);
    const long = 'ü'.repeat(300);
    assert.equal(partitioner.partitionForKey(long, 7), partitioner.partitionForKey(Buffer.from(long), 7));
  });

  it("agrees with kafkajs's Java-compatible partitioner on 2000 random keys", () => {
    const partitioner = new DefaultPartitioner();
    const oracle = Partitioners.JavaCompatiblePartitioner();
    for (let i = 0; i < 2000; i++) {
      const key = randomBytes(1 + (i % 40));
      const count = 1 + (i % 13);
      const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({
        partitionErrorCode: 0,
        partitionId,
        leader: 0,
        replicas: [0],
        isr: [0],
      }));
      const expected = oracle({ topic: 't', partitionMetadata, message: { key, value: null } });
      assert.equal(partitioner.partitionForKey(key, count), expected, `key ${key.toString('hex')} over ${count}`);
    }
  });

  it('sticks to one available partition for null keys until a new batch is needed, then moves', () => {
    let n = 0;
    const sequence = [0.1, 0.1, 0.9];
    const partitioner = new DefaultPartitioner(() => sequence[n++ % sequence.length]!);
    const available = [1, 3];
    const first = partitioner.stickyPartition('t', available, 4);
    assert.equal(first, 1);
    assert.equal(partitioner.stickyPartition('t', available, 4), 1);
    const next = partitioner.nextStickyPartition('t', available, 4);
    assert.equal(next, 3, 'moves to a different available partition');
    assert.equal(partitioner.stickyPartition('t', available, 4), 3);
  });
});
