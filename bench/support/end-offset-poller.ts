/**
 * "Everything ingested" as the broker sees it: the topic's end offset (ListOffsets latest, through Millrace's
 * Admin) polled until it equals the number of lines written. More than that is a duplicate and fails at once; no
 * progress for `stallMs` fails too, so a stuck shipper cannot hang the harness.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Admin } from '../../src/client/admin/admin.js';
import { AdminOperationError } from '../../src/client/admin/admin-errors.js';
import { ConnectionError } from '../../src/client/errors.js';

const POLL_MS = 50;

export class IngestCountError extends Error {
  readonly topic: string;
  readonly endOffset: number;

  constructor(topic: string, endOffset: number, detail: string) {
    super(`topic ${topic} at end offset ${endOffset}: ${detail}`);
    this.name = 'IngestCountError';
    this.topic = topic;
    this.endOffset = endOffset;
  }
}

export class EndOffsetPoller {
  readonly #admin: Admin;

  constructor(bootstrap: string) {
    this.#admin = new Admin({ bootstrapServers: bootstrap, clientId: 'millrace-bench-poller' });
  }

  /** The sum of the topic's partition end offsets; 0 while the topic does not exist yet. */
  async endOffset(topic: string): Promise<number> {
    try {
      const offsets = await this.#admin.listOffsets(topic, 'latest');
      return offsets.reduce((sum, entry) => sum + entry.offset, 0);
    } catch (error) {
      if (error instanceof AdminOperationError || error instanceof ConnectionError) return 0;
      throw error;
    }
  }

  /**
   * Resolves with `performance.now()` at the first poll that saw `expected`.
   * @throws IngestCountError on overshoot (duplicates) or when the offset stops moving for `stallMs`
   */
  async waitFor(topic: string, expected: number, stallMs: number): Promise<number> {
    let last = -1;
    let movedAt = performance.now();
    for (;;) {
      const offset = await this.endOffset(topic);
      const now = performance.now();
      if (offset === expected) return now;
      if (offset > expected) throw new IngestCountError(topic, offset, `more than the ${expected} lines written (duplicates)`);
      if (offset !== last) {
        last = offset;
        movedAt = now;
      } else if (now - movedAt > stallMs) {
        throw new IngestCountError(topic, offset, `no progress for ${stallMs} ms (want ${expected})`);
      }
      await sleep(POLL_MS);
    }
  }

  /** Deletes `topic` (its segment files go at once), so that the next run does not start with its data to write back. */
  async deleteTopic(topic: string): Promise<void> {
    await this.#admin.deleteTopics([topic]);
  }

  async close(): Promise<void> {
    await this.#admin.close();
  }
}
