import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Buffer } from 'node:buffer';
import { ConnectException, SinkTask } from '../../src/connect/api/index.js';
import type { SinkRecord, TopicPartitionOffsets } from '../../src/connect/api/index.js';
import { FILE_SINK_CONFIG } from './file-stream-sink-config.js';
import { VERSION } from './version.js';

/** Where the sink's lines go: an append-mode file that can be fsynced, or standard output. */
interface LineTarget {
  write(text: string): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Appends one line per record value to a file (or standard output), as Kafka's FileStreamSinkTask does. Each `put`
 * batch becomes one string written with one write call, so a batch is never interleaved with another writer's
 * lines at record granularity; `flush` fsyncs the file, so the offsets the runtime commits after it only ever cover
 * lines that are on disk.
 *
 * Values become text as follows: strings as they are, bytes as UTF-8, null as `null`, anything else as JSON
 * (structs by field name).
 */
export class FileStreamSinkTask extends SinkTask {
  #target: LineTarget | null = null;

  version(): string {
    return VERSION;
  }

  async start(props: Readonly<Record<string, string>>): Promise<void> {
    const { file } = FILE_SINK_CONFIG.parse(props);
    this.#target = file === null ? stdoutTarget() : await fileTarget(file);
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    let text = '';
    for (const record of records) text += `${valueText(record.value)}\n`;
    await this.#open().write(text);
  }

  override async flush(_currentOffsets: TopicPartitionOffsets): Promise<void> {
    await this.#open().sync();
  }

  async stop(): Promise<void> {
    const target = this.#target;
    this.#target = null;
    await target?.close();
  }

  #open(): LineTarget {
    if (this.#target === null) throw new ConnectException('FileStreamSinkTask used before start() or after stop()');
    return this.#target;
  }
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined) return 'null';
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
}

async function fileTarget(file: string): Promise<LineTarget> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'a');
  } catch (error) {
    throw new ConnectException(`Couldn't find or create file '${file}' for FileStreamSinkTask`, { cause: error });
  }
  return {
    async write(text) {
      const bytes = Buffer.from(text, 'utf8');
      let written = 0;
      // A regular file takes the whole buffer in one write; the loop only guards against a short write.
      while (written < bytes.length) {
        written += (await fh.write(bytes, written, bytes.length - written)).bytesWritten;
      }
    },
    sync: () => fh.sync(),
    close: () => fh.close(),
  };
}

function stdoutTarget(): LineTarget {
  return {
    write: (text) =>
      new Promise((resolve, reject) => {
        process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
      }),
    sync: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
