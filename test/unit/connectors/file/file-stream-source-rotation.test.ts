import assert from 'node:assert/strict';
import { closeSync, copyFileSync, mkdtempSync, openSync, renameSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileStreamSourceTask } from '../../../../connectors/file/file-stream-source-task.js';
import { size } from '../../../support/tools.js';
import { pollUntil, startSourceTask } from './fake-source-context.js';

const LINES_PER_SECOND = 1000;
/** How long the writer runs between rotations. */
const PHASE_MS = size(400, 3000);
/** copytruncate loses whatever is written between the copy and the truncation, for any reader: writers pause. */
const PAUSE_BEFORE_COPYTRUNCATE_MS = 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Appends numbered lines at a steady rate through an O_APPEND descriptor, as a logging application does. */
class SteadyWriter {
  readonly #file: string;
  #fd: number;
  #written = 0;
  #timer: NodeJS.Timeout | null = null;
  #startedAt = 0;
  #writtenAtStart = 0;

  constructor(file: string) {
    this.#file = file;
    this.#fd = openSync(file, 'a');
  }

  get written(): number {
    return this.#written;
  }

  resume(): void {
    this.#startedAt = Date.now();
    this.#writtenAtStart = this.#written;
    this.#timer = setInterval(() => this.#catchUp(), 5);
  }

  pause(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** logrotate's default: rename the file away, and the application reopens its log (creating a new file). */
  rotateByRename(suffix: string): void {
    renameSync(this.#file, `${this.#file}${suffix}`);
    closeSync(this.#fd);
    this.#fd = openSync(this.#file, 'a');
  }

  /** logrotate's copytruncate: the application keeps its descriptor; O_APPEND makes it write at the new end. */
  copyTruncate(suffix: string): void {
    copyFileSync(this.#file, `${this.#file}${suffix}`);
    truncateSync(this.#file, 0);
  }

  close(): void {
    this.pause();
    closeSync(this.#fd);
  }

  #catchUp(): void {
    const due = this.#writtenAtStart + Math.floor(((Date.now() - this.#startedAt) * LINES_PER_SECOND) / 1000);
    let text = '';
    for (; this.#written < due; this.#written++) text += `line ${this.#written} of the rotating log\n`;
    if (text !== '') writeSync(this.#fd, text);
  }
}

describe('FileStreamSourceTask under log rotation', function () {
  this.timeout(PHASE_MS * 7 + PAUSE_BEFORE_COPYTRUNCATE_MS * 3 + 60_000);
  let dir: string;
  let task: FileStreamSourceTask | null = null;
  let writer: SteadyWriter | null = null;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'millrace-rotation-'));
  });

  afterEach(async () => {
    writer?.close();
    await task?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`reads every line exactly once across 3 renames and 3 copytruncates at ${LINES_PER_SECOND} lines/s`, async () => {
    const file = path.join(dir, 'app.log');
    const steady = new SteadyWriter(file);
    writer = steady;
    const started = await startSourceTask({ file, topic: 'logs', 'batch.size': '500' });
    task = started;
    let writing = true;
    const collecting = pollUntil(started, (records) => !writing && records.length >= steady.written, PHASE_MS * 7 + 60_000);

    steady.resume();
    const rotations: Array<'rename' | 'copytruncate'> = ['rename', 'copytruncate', 'rename', 'copytruncate', 'rename', 'copytruncate'];
    for (const [i, kind] of rotations.entries()) {
      await sleep(PHASE_MS);
      if (kind === 'rename') {
        steady.rotateByRename(`.${i}`);
      } else {
        steady.pause();
        await sleep(PAUSE_BEFORE_COPYTRUNCATE_MS);
        steady.copyTruncate(`.${i}`);
        steady.resume();
      }
    }
    await sleep(PHASE_MS);
    steady.pause();
    writing = false;
    const records = await collecting;

    const expected = Array.from({ length: steady.written }, (_, i) => `line ${i} of the rotating log`);
    const got = records.map((r) => r.value as string);
    const seen = new Set<string>();
    const duplicates = got.filter((line) => seen.has(line) || (seen.add(line), false));
    assert.deepEqual(duplicates, [], 'no line twice');
    assert.deepEqual(expected.filter((line) => !seen.has(line)), [], 'no line lost');
    assert.deepEqual(got, expected, 'in order');
    assert.ok(steady.written >= (PHASE_MS * 7 * LINES_PER_SECOND) / 1000 / 2, `only ${steady.written} lines written`);
    assert.equal(records.at(-1)?.sourceOffset?.['position'], statSync(file).size, 'the last offset is the live file\'s end');
  });
});
