import assert from 'node:assert/strict';
import { WakeupError } from '../../../../src/client/consumer/consumer-errors.js';
import { PollNotifier } from '../../../../src/client/consumer/poll-notifier.js';

describe('PollNotifier', () => {
  it('wait() ends early on notify()', async () => {
    const notifier = new PollNotifier();
    const started = Date.now();
    setTimeout(() => notifier.notify(), 20);
    await notifier.wait(5_000);
    assert.ok(Date.now() - started < 2_000);
  });

  it('remembers a wakeup until the next blocking call, which throws it once', async () => {
    const notifier = new PollNotifier();
    notifier.wakeup();
    await assert.rejects(notifier.wait(10), WakeupError);
    await notifier.wait(1);
  });

  it('race() reports a promise settling before the deadline, or not, and leaves it running', async () => {
    const notifier = new PollNotifier();
    assert.deepEqual(await notifier.race(Promise.resolve(7), Date.now()), { settled: true, value: 7 });
    let resolve!: (value: string) => void;
    const slow = new Promise<string>((r) => {
      resolve = r;
    });
    assert.deepEqual(await notifier.race(slow, Date.now() + 20), { settled: false });
    setTimeout(() => resolve('done'), 10);
    assert.deepEqual(await notifier.race(slow, Date.now() + 5_000), { settled: true, value: 'done' });
    await assert.rejects(notifier.race(Promise.reject(new Error('boom')), Date.now() + 1_000), /boom/);
  });

  it('race() is interrupted by wakeup()', async () => {
    const notifier = new PollNotifier();
    setTimeout(() => notifier.wakeup(), 10);
    await assert.rejects(notifier.race(new Promise(() => undefined), Date.now() + 5_000), WakeupError);
  });
});
