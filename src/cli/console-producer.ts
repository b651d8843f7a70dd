import type { Readable, Writable } from 'node:stream';
import { Producer } from '../client/producer/producer.js';
import type { ProducerRecord } from '../client/producer/producer.js';
import { producerConfigFromProperties } from '../client/producer/producer-config.js';
import { encodeToBuffer, isEncodable } from '../client/producer/producer-batch.js';
import type { RecordValue } from '../client/producer/producer-batch.js';
import { KafkaError } from '../protocol/error-codes.js';
import { configInput } from './client-options.js';
import type { ConsoleProducerOptions } from './console-producer-options.js';
import { onInterrupt } from './interrupt.js';
import { LineMessageReader } from './line-message-reader.js';
import { LineSplitter } from './line-splitter.js';

/** Unacknowledged input chunks (~64 KiB each) before reading waits: bounds memory on a fast pipe. */
const MAX_CHUNKS_IN_FLIGHT = 16;

export interface ConsoleProducerIo {
  readonly input: Readable;
  /** Where the `>` prompt goes; none when undefined (input is not a terminal). */
  readonly prompt: Writable | undefined;
  readonly errors: Writable;
}

const STDIO: () => ConsoleProducerIo = () => ({
  input: process.stdin,
  prompt: process.stdin.isTTY ? process.stdout : undefined,
  errors: process.stderr,
});

/** Some records were not acknowledged; each failure was already reported on stderr as it happened. */
export class SendFailedError extends KafkaError {
  constructor(code: number, failedBatches: number) {
    super(code, `${failedBatches === 1 ? 'a send' : `${failedBatches} sends`} failed; see the errors above`);
    this.name = 'SendFailedError';
  }
}

/**
 * `millrace console-producer`: Kafka's `kafka-console-producer.sh`. Reads standard input line by line (Java's
 * `readLine` rules), turns each line into a record with Kafka's `LineMessageReader` settings and sends it —
 * batched per input chunk, or one at a time awaiting each acknowledgement with `--sync`. End of input or Ctrl+C
 * flushes what was read and exits. A failed send is reported on stderr as Kafka's `ErrorLoggingCallback` does and
 * makes the exit code 1.
 */
export async function runConsoleProducer(options: ConsoleProducerOptions, io: ConsoleProducerIo = STDIO()): Promise<void> {
  const reader = new LineMessageReader(options.readerProperties);
  const properties = new Map(options.producerProperties);
  properties.set('bootstrap.servers', options.bootstrapServers.join(','));
  if (!properties.has('client.id')) properties.set('client.id', 'console-producer');
  const producer = new Producer(producerConfigFromProperties(configInput(properties)));
  let interrupted = false;
  const removeHandlers = onInterrupt(() => {
    interrupted = true;
    io.input.destroy();
  });
  const inFlight: Promise<unknown>[] = [];
  let failures = 0;
  let firstCode = 0;
  const report = (error: unknown, what: string): void => {
    failures++;
    firstCode ||= error instanceof KafkaError ? error.code : -1;
    const message = error instanceof Error ? error.message : String(error);
    io.errors.write(`ERROR Error when sending ${what} to topic ${options.topic} with error: ${message}\n`);
  };
  try {
    await producer.connect();
    const splitter = new LineSplitter();
    let records: ProducerRecord[] = [];
    const toRecord = (line: Buffer): void => {
      const { key, value, headers } = reader.parse(line);
      records.push({ topic: options.topic, key, value, headers });
    };
    const send = async (): Promise<void> => {
      const batch = records;
      records = [];
      if (batch.length === 0) return;
      if (options.sync) {
        for (const record of batch) {
          await producer.send(record).catch((error: unknown) => report(error, `message with key: ${describeBytes(record.key)}, value: ${describeBytes(record.value)}`));
          io.prompt?.write('>');
        }
        return;
      }
      inFlight.push(producer.sendBatch(batch).catch((error: unknown) => report(error, `${batch.length === 1 ? 'a message' : `${batch.length} messages`}`)));
      for (let i = 0; i < batch.length; i++) io.prompt?.write('>');
      if (inFlight.length > MAX_CHUNKS_IN_FLIGHT) await inFlight.shift();
    };
    io.prompt?.write('>');
    try {
      for await (const chunk of io.input) {
        splitter.push(chunk as Buffer, toRecord);
        await send();
      }
      splitter.end(toRecord);
      await send();
    } catch (error) {
      // Lines before a malformed one are still sent, as Kafka sends each line once it is read.
      await send();
      if (!interrupted) throw error;
    }
    await Promise.all(inFlight);
  } finally {
    removeHandlers();
    await producer.close();
  }
  if (failures > 0) throw new SendFailedError(firstCode, failures);
}

/** Kafka's ErrorLoggingCallback: `null` or the size of a key or value. */
function describeBytes(bytes: RecordValue | undefined): string {
  if (bytes === null || bytes === undefined) return 'null';
  return `${isEncodable(bytes) ? encodeToBuffer(bytes).length : Buffer.byteLength(bytes)} bytes`;
}
