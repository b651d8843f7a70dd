import assert from 'node:assert/strict';
import { resetOffset } from '../../../src/cli/offset-reset.js';
import { UsageError } from '../../../src/cli/usage-error.js';

const tp = { topic: 't', partition: 1 };
const offsets = { earliest: 10, latest: 50, committed: 30 };

describe('consumer-groups --reset-offsets scenarios', () => {
  it('goes to the earliest, latest or committed offset', () => {
    assert.deepEqual(resetOffset({ kind: 'earliest' }, tp, offsets), { offset: 10, warning: undefined });
    assert.deepEqual(resetOffset({ kind: 'latest' }, tp, offsets), { offset: 50, warning: undefined });
    assert.deepEqual(resetOffset({ kind: 'current' }, tp, offsets), { offset: 30, warning: undefined });
    assert.deepEqual(resetOffset({ kind: 'current' }, tp, { ...offsets, committed: null }), { offset: 50, warning: undefined });
  });

  it('takes an offset inside the log as is and clamps one outside with a warning', () => {
    assert.deepEqual(resetOffset({ kind: 'offset', offset: 20 }, tp, offsets), { offset: 20, warning: undefined });
    assert.deepEqual(resetOffset({ kind: 'offset', offset: 99 }, tp, offsets), {
      offset: 50,
      warning: 'New offset (99) is higher than latest offset for topic partition t-1. Value will be set to 50',
    });
    assert.deepEqual(resetOffset({ kind: 'offset', offset: 3 }, tp, offsets), {
      offset: 10,
      warning: 'New offset (3) is lower than earliest offset for topic partition t-1. Value will be set to 10',
    });
  });

  it('shifts from the committed offset, clamped, and needs one', () => {
    assert.equal(resetOffset({ kind: 'shift', by: -5 }, tp, offsets).offset, 25);
    assert.equal(resetOffset({ kind: 'shift', by: 100 }, tp, offsets).offset, 50);
    assert.equal(resetOffset({ kind: 'shift', by: -100 }, tp, offsets).offset, 10);
    assert.throws(
      () => resetOffset({ kind: 'shift', by: 1 }, tp, { ...offsets, committed: null }),
      (err: unknown) => err instanceof UsageError && err.message === 'Cannot shift offset for partition t-1 since there is no current committed offset',
    );
  });
});
