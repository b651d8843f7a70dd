import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { ConnectException, SinkTask } from 'millrace/connect';
import type { SinkRecord, TopicPartitionOffsets } from 'millrace/connect';
import { UPPERCASE_SINK_CONFIG } from './uppercase-sink-config.js';
import { VERSION } from './version.js';

export class UppercaseSinkTask extends SinkTask {
  #file: FileHandle | null = null;

  version(): string {
    return VERSION;
  }

  async start(props: Readonly<Record<string, string>>): Promise<void> {
    this.#file = await open(UPPERCASE_SINK_CONFIG.parse(props).file, 'a');
  }

  async put(records: SinkRecord[]): Promise<void> {
    let text = '';
    for (const record of records) text += `${String(record.value).toUpperCase()}\n`;
    await this.#handle().appendFile(text);
  }

  /** Lines on disk before the runtime commits the offsets past them. */
  override async flush(_offsets: TopicPartitionOffsets): Promise<void> {
    await this.#handle().sync();
  }

  async stop(): Promise<void> {
    await this.#file?.close();
    this.#file = null;
  }

  #handle(): FileHandle {
    if (this.#file === null) throw new ConnectException('UppercaseSinkTask used before start() or after stop()');
    return this.#file;
  }
}
