import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('package bins', function () {
  this.timeout(30_000);

  it('run as `npx <bin>` does on a fresh checkout: executable after the build, each answering --help', function () {
    const { bin } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.deepEqual(Object.keys(bin).sort(), ['connect-standalone', 'millrace']);
    for (const [name, file] of Object.entries(bin)) {
      // Run directly, as npx does: a file left without its execute bit fails with EACCES.
      const run = spawnSync(path.join(ROOT, file), ['--help'], { encoding: 'utf8', cwd: ROOT });
      assert.equal(run.error, undefined, `${name}: ${run.error?.message ?? ''}`);
      assert.equal(run.status, 0, `${name} --help exited ${run.status}: ${run.stderr}`);
      assert.match(run.stdout, /usage/i, name);
    }
  });
});
