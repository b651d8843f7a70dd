/**
 * Issue 4, acceptance 3, end to end: connect-standalone tails a log file while a writer appends about 1,000
 * lines/s and rotates it three times by rename-and-create and three times by copytruncate (pausing 1 s before
 * each copytruncate, since copy-then-truncate loses what is written in between for any reader). The topic must
 * then hold every line exactly once, in order.
 */
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanup, tmpDir } from '../support/broker-process.js';
import { eventually, kcatConsume, requireTool, size } from '../support/tools.js';
import { freePort, startConnect, writeWorkerProperties } from './connect-harness.js';

const LINES = size(7_000, 35_000);
const ROTATIONS = ['rename', 'copytruncate', 'rename', 'copytruncate', 'rename', 'copytruncate'] as const;
/** Ten lines every 10 ms: about 1,000 lines/s. */
const LINES_PER_TICK = 10;
const TICK_MS = 10;

describe('connect-standalone file source across log rotation (issue 4, acceptance 3)', function () {
  this.timeout(size(120_000, 300_000));
  before(() => requireTool('kcat', 'apt-get install kcat'));
  after(cleanup);

  it(`delivers ${LINES} lines exactly once through 3 renames and 3 copytruncates`, async () => {
    const dir = tmpDir('millrace-connect-rotation-');
    const log = path.join(dir, 'app.log');
    writeFileSync(log, '');
    const port = await freePort();
    const worker = writeWorkerProperties(dir, port, {
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'offset.flush.interval.ms': '500',
    });
    const connector = path.join(dir, 'rotation-source.properties');
    writeFileSync(connector, `name=rotation-source\nconnector.class=FileStreamSource\nfile=${log}\ntopic=rotation\n`);
    const connect = await startConnect(dir, [worker, connector]);
    try {
      const expected = Array.from({ length: LINES }, (_, i) => `line-${i}`);
      const rotateEvery = Math.floor(LINES / (ROTATIONS.length + 1));
      let written = 0;
      let rotations = 0;
      while (written < LINES) {
        const batch = expected.slice(written, written + LINES_PER_TICK);
        appendFileSync(log, `${batch.join('\n')}\n`);
        written += batch.length;
        if (rotations < ROTATIONS.length && written >= rotateEvery * (rotations + 1)) {
          const kind = ROTATIONS[rotations]!;
          if (kind === 'rename') {
            renameSync(log, `${log}.${rotations}`);
            writeFileSync(log, '');
          } else {
            await sleep(1_000);
            copyFileSync(log, `${log}.${rotations}`);
            truncateSync(log, 0);
          }
          rotations++;
        }
        await sleep(TICK_MS);
      }
      assert.equal(rotations, ROTATIONS.length);
      const bootstrap = `127.0.0.1:${port}`;
      const read = async () => (await kcatConsume(bootstrap, 'rotation')).toString('utf8').split('\n').filter((l) => l !== '');
      await eventually(read, (lines) => lines.length >= LINES, 30_000, (lines) => `${lines.length} of ${LINES} lines`);
      // A short settle: anything duplicated after the last expected line would arrive now.
      await sleep(1_500);
      assert.deepEqual(await read(), expected, 'the topic should hold every line once, in order');
    } finally {
      await connect.stop();
    }
  });
});
