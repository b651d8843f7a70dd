import assert from 'node:assert/strict';
import { assignFiles, hashedTask, pathHash } from '../../../../connectors/file/task-assignment.js';

describe('file task assignment', () => {
  it('hashes paths with 32-bit FNV-1a over UTF-8', () => {
    assert.equal(pathHash(''), 0x811c9dc5);
    assert.equal(pathHash('a'), 0xe40c292c);
    assert.equal(pathHash('foobar'), 0xbf9cf968);
    assert.equal(hashedTask('foobar', 7), 0xbf9cf968 % 7);
  });

  it('deals every file to exactly one task, evenly, preferring the hashed task', () => {
    const files = Array.from({ length: 23 }, (_, i) => `/var/log/app/f${i}.log`);
    const { owned, elsewhere } = assignFiles([...files, files[0] as string], 4);
    assert.deepEqual(owned.flat().sort(), [...files].sort());
    for (const list of owned) assert.ok(list.length === 5 || list.length === 6, `unbalanced: ${owned.map((l) => l.length)}`);
    for (let task = 0; task < 4; task++) {
      for (const file of owned[task] as string[]) {
        const hashed = hashedTask(file, 4);
        // A file away from its hashed task is listed there, so that task leaves it alone.
        assert.equal(hashed === task, !(elsewhere[hashed] as string[]).includes(file));
      }
      for (const file of elsewhere[task] as string[]) assert.equal(hashedTask(file, 4), task);
    }
  });

  it('gives every task an empty list when there are no files yet', () => {
    assert.deepEqual(assignFiles([], 3), { owned: [[], [], []], elsewhere: [[], [], []] });
  });
});
