import assert from 'node:assert/strict';
import {
  OffsetRecordFormatError,
  decodeOffsetKey,
  decodeOffsetValue,
  encodeOffsetKey,
  encodeOffsetValue,
  offsetKeyVersion,
} from '../../../../src/broker/group/offset-record.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('__consumer_offsets record formats', () => {
  it('writes an offset commit key as Kafka does: version 1, group, topic, partition', () => {
    const key = encodeOffsetKey({ group: 'g', topic: 't', partition: 3 });
    assert.deepEqual(key, hex('0001 0001 67 0001 74 00000003'));
    assert.deepEqual(decodeOffsetKey(key), { group: 'g', topic: 't', partition: 3 });
    assert.deepEqual(decodeOffsetKey(hex('0000 0001 67 0001 74 00000003')), { group: 'g', topic: 't', partition: 3 }, 'version 0 reads the same');
    assert.equal(offsetKeyVersion(hex('0002 0001 67')), 2, 'group metadata keys are recognised by version');
  });

  it('writes a value as version 3 (with leader epoch), or version 1 when it carries an expiry', () => {
    const v3 = encodeOffsetValue({ offset: 5n, leaderEpoch: 7, metadata: 'm', commitTimestamp: 1000, expireTimestamp: -1 });
    assert.deepEqual(v3, hex('0003 0000000000000005 00000007 0001 6d 00000000000003e8'));
    assert.deepEqual(decodeOffsetValue(v3), { offset: 5n, leaderEpoch: 7, metadata: 'm', commitTimestamp: 1000, expireTimestamp: -1 });
    const v1 = encodeOffsetValue({ offset: 5n, leaderEpoch: 7, metadata: '', commitTimestamp: 1000, expireTimestamp: 2000 });
    assert.deepEqual(v1, hex('0001 0000000000000005 0000 00000000000003e8 00000000000007d0'));
    assert.deepEqual(decodeOffsetValue(v1), { offset: 5n, leaderEpoch: -1, metadata: '', commitTimestamp: 1000, expireTimestamp: 2000 });
  });

  it('reads the value versions older brokers wrote (0 and 2)', () => {
    assert.deepEqual(decodeOffsetValue(hex('0000 0000000000000009 0002 6162 0000000000000064')), {
      offset: 9n, leaderEpoch: -1, metadata: 'ab', commitTimestamp: 100, expireTimestamp: -1,
    });
    assert.deepEqual(decodeOffsetValue(hex('0002 0000000000000009 0000 0000000000000064')), {
      offset: 9n, leaderEpoch: -1, metadata: '', commitTimestamp: 100, expireTimestamp: -1,
    });
  });

  it('refuses unknown versions and truncated records with OffsetRecordFormatError', () => {
    assert.throws(() => decodeOffsetKey(hex('0002 0001 67')), (err: unknown) => err instanceof OffsetRecordFormatError && err.version === 2);
    assert.throws(() => decodeOffsetValue(hex('0009 00')), (err: unknown) => err instanceof OffsetRecordFormatError && err.version === 9);
    assert.throws(() => decodeOffsetValue(hex('0003 0000')), OffsetRecordFormatError);
    assert.throws(() => offsetKeyVersion(hex('00')), OffsetRecordFormatError);
  });
});
