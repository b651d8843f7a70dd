import assert from 'node:assert/strict';
import { FifoQueue } from '../../../../src/client/producer/fifo-queue.js';

describe('FifoQueue', () => {
  it('returns items in insertion order across compactions', () => {
    const queue = new FifoQueue<number>();
    const out: number[] = [];
    for (let i = 0; i < 5000; i++) {
      queue.push(i);
      if (i % 3 === 0) out.push(queue.shift()!);
    }
    assert.equal(queue.peek(), out.length);
    while (queue.length > 0) out.push(queue.shift()!);
    assert.deepEqual(out, Array.from({ length: 5000 }, (_, i) => i));
    assert.equal(queue.shift(), undefined);
    assert.equal(queue.peek(), undefined);
  });

  it('drains 300000 items in linear time', () => {
    const queue = new FifoQueue<object>();
    for (let i = 0; i < 300_000; i++) queue.push({ i });
    const started = Date.now();
    while (queue.length > 0) queue.shift();
    assert.ok(Date.now() - started < 1000, `draining took ${Date.now() - started} ms`);
  });
});
