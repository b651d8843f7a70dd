import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { ChangeSignal } from '../../../../connectors/file/change-signal.js';
import { StreamLines } from '../../../../connectors/file/stream-lines.js';

describe('StreamLines', () => {
  it('splits a stream into lines, signals new data, and hands out the last line at the end', async () => {
    const stream = new PassThrough();
    const signal = new ChangeSignal();
    const lines = new StreamLines(stream, signal);
    const got: string[] = [];
    stream.write('one\r\ntw');
    assert.equal(await signal.wait(1000), true);
    lines.read(10, (line) => got.push(line));
    assert.deepEqual(got, ['one']);
    stream.end('o\nlast');
    await new Promise((resolve) => stream.once('end', resolve));
    lines.read(10, (line) => got.push(line));
    assert.deepEqual(got, ['one', 'two', 'last']);
    lines.close();
  });
});

describe('ChangeSignal', () => {
  it('remembers a change made while nobody waits, and times out otherwise', async () => {
    const signal = new ChangeSignal();
    signal.notify();
    assert.equal(await signal.wait(1000), true);
    const started = Date.now();
    assert.equal(await signal.wait(30), false);
    assert.ok(Date.now() - started >= 25);
    const waiting = signal.wait(5000);
    signal.notify();
    assert.equal(await waiting, true);
  });
});
