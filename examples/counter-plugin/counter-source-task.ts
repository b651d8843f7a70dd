import { setTimeout as sleep } from 'node:timers/promises';
import { Schema, SourceRecord, SourceTask } from 'millrace/connect';
import { COUNTER_SOURCE_CONFIG } from './counter-source-config.js';
import { VERSION } from './version.js';

/** The one source partition of a counter, and its offset: the next number to emit. */
const PARTITION = { counter: 'default' } as const;

export class CounterSourceTask extends SourceTask {
  #topic = '';
  #intervalMs = 0;
  #maxCount = -1;
  #next = 0;
  #stopping = new AbortController();

  version(): string {
    return VERSION;
  }

  async start(props: Readonly<Record<string, string>>): Promise<void> {
    const config = COUNTER_SOURCE_CONFIG.parse(props);
    this.#topic = config.topic;
    this.#intervalMs = config['interval.ms'];
    this.#maxCount = config['max.count'];
    this.#stopping = new AbortController();
    const committed = await this.context.offsetStorageReader.offset(PARTITION);
    this.#next = typeof committed?.['next'] === 'number' ? committed['next'] : 0;
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.#maxCount >= 0 && this.#next >= this.#maxCount) {
      // Done counting: wait (until stopped) rather than returning at once.
      await sleep(1000, undefined, { signal: this.#stopping.signal }).catch(() => undefined);
      return null;
    }
    await sleep(this.#intervalMs, undefined, { signal: this.#stopping.signal }).catch(() => undefined);
    if (this.#stopping.signal.aborted) return null;
    const value = this.#next++;
    return [
      new SourceRecord({
        sourcePartition: PARTITION,
        sourceOffset: { next: this.#next },
        topic: this.#topic,
        valueSchema: Schema.INT64_SCHEMA,
        value,
      }),
    ];
  }

  stop(): void {
    this.#stopping.abort();
  }
}
