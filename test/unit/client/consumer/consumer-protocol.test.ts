import assert from 'node:assert/strict';
import kafkajs from 'kafkajs';
import {
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
} from '../../../../src/client/consumer/consumer-protocol.js';
import { ProtocolDecodeError } from '../../../../src/protocol/errors.js';

const { AssignerProtocol } = kafkajs;

/** Hex with the fields spaced, so a golden value reads like the layout it encodes. */
function hex(...parts: string[]): Buffer {
  return Buffer.from(parts.join('').replaceAll(' ', ''), 'hex');
}

const TOPIC1 = '0006 746f70696331'; // int16 length + "topic1"
const TOPIC2 = '0006 746f70696332';

describe('consumer protocol', () => {
  describe('subscription', () => {
    it('writes v1 as Kafka\'s ConsumerProtocolSubscription: version, topics, user data, owned partitions', () => {
      const bytes = encodeSubscription({
        topics: ['topic1', 'topic2'],
        userData: null,
        ownedPartitions: [
          { topic: 'topic1', partition: 1 },
          { topic: 'topic1', partition: 0 },
          { topic: 'topic2', partition: 2 },
        ],
      });
      assert.deepEqual(
        bytes,
        hex(
          '0001', // version
          '00000002', TOPIC1, TOPIC2, // topics
          'ffffffff', // user data: null
          '00000002', // owned partitions: 2 topics
          TOPIC1, '00000002', '00000000', '00000001',
          TOPIC2, '00000001', '00000002',
        ),
      );
    });

    it('writes v0 byte-for-byte as kafkajs does', () => {
      const userData = Buffer.from('ud');
      const ours = encodeSubscription({ topics: ['topic1', 'topic2'], userData, ownedPartitions: [] }, 0);
      const theirs = AssignerProtocol.MemberMetadata.encode({ version: 0, topics: ['topic1', 'topic2'], userData });
      assert.deepEqual(ours, theirs);
      assert.deepEqual(ours, hex('0000', '00000002', TOPIC1, TOPIC2, '00000002 7564'));
    });

    it('reads what kafkajs writes, and kafkajs reads what we write', () => {
      const fromKafkajs = AssignerProtocol.MemberMetadata.encode({ version: 0, topics: ['a', 'b'], userData: Buffer.alloc(0) });
      const decoded = decodeSubscription(fromKafkajs);
      assert.deepEqual(decoded.topics, ['a', 'b']);
      assert.deepEqual(decoded.userData, Buffer.alloc(0));
      assert.deepEqual(decoded.ownedPartitions, []);
      assert.equal(decoded.generationId, null);

      const ours = encodeSubscription({ topics: ['a'], userData: Buffer.from([1, 2]), ownedPartitions: [{ topic: 'a', partition: 3 }] });
      const read = AssignerProtocol.MemberMetadata.decode(ours)!;
      assert.equal(read.version, 1);
      assert.deepEqual(read.topics, ['a']);
      assert.deepEqual(read.userData, Buffer.from([1, 2]));
    });

    it('round-trips v1 with owned partitions', () => {
      const decoded = decodeSubscription(
        encodeSubscription({ topics: ['x'], userData: Buffer.from([0, 0, 0, 7]), ownedPartitions: [{ topic: 'x', partition: 0 }] }),
      );
      assert.deepEqual(decoded, {
        topics: ['x'],
        userData: Buffer.from([0, 0, 0, 7]),
        ownedPartitions: [{ topic: 'x', partition: 0 }],
        generationId: null,
        rackId: null,
      });
    });

    it('reads a Java client\'s v3 subscription, generation and rack included', () => {
      const bytes = hex('0003', '00000001', TOPIC1, 'ffffffff', '00000001', TOPIC1, '00000001', '00000004', '00000009', '0002 7231');
      const decoded = decodeSubscription(bytes);
      assert.deepEqual(decoded.ownedPartitions, [{ topic: 'topic1', partition: 4 }]);
      assert.equal(decoded.generationId, 9);
      assert.equal(decoded.rackId, 'r1');
    });

    it('reads a newer version as the newest known, ignoring the fields it added', () => {
      const bytes = hex('0007', '00000001', TOPIC1, 'ffffffff', '00000000', '00000002', 'ffff', 'deadbeef');
      const decoded = decodeSubscription(bytes);
      assert.deepEqual(decoded.topics, ['topic1']);
      assert.equal(decoded.generationId, 2);
    });

    it('refuses bytes that are not a subscription', () => {
      assert.throws(() => decodeSubscription(hex('ffff')), ProtocolDecodeError);
      assert.throws(() => decodeSubscription(hex('0001', '00000005', '0001')), ProtocolDecodeError);
    });
  });

  describe('assignment', () => {
    it('writes Kafka\'s ConsumerProtocolAssignment: version, partitions by topic, user data', () => {
      const bytes = encodeAssignment({
        partitions: [
          { topic: 'topic1', partition: 0 },
          { topic: 'topic2', partition: 1 },
          { topic: 'topic1', partition: 2 },
        ],
        userData: null,
      });
      assert.deepEqual(
        bytes,
        hex('0001', '00000002', TOPIC1, '00000002', '00000000', '00000002', TOPIC2, '00000001', '00000001', 'ffffffff'),
      );
    });

    it('matches kafkajs byte-for-byte and both read each other', () => {
      const userData = Buffer.alloc(0);
      const ours = encodeAssignment({ partitions: [{ topic: 'topic1', partition: 0 }, { topic: 'topic1', partition: 1 }], userData }, 0);
      const theirs = AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: { topic1: [0, 1] }, userData });
      assert.deepEqual(ours, theirs);
      assert.deepEqual(AssignerProtocol.MemberAssignment.decode(encodeAssignment({ partitions: [{ topic: 't', partition: 5 }], userData: null }))?.assignment, { t: [5] });
      assert.deepEqual(decodeAssignment(theirs).partitions, [{ topic: 'topic1', partition: 0 }, { topic: 'topic1', partition: 1 }]);
    });

    it('reads empty bytes (a member the leader left out) as an empty assignment', () => {
      assert.deepEqual(decodeAssignment(Buffer.alloc(0)), { partitions: [], userData: null });
    });
  });
});
