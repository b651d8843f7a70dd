import type { Writable } from 'node:stream';
import { Consumer } from '../client/consumer/consumer.js';
import { consumerConfigFromProperties } from '../client/consumer/consumer-config.js';
import type { ConsumerRecord } from '../client/consumer/consumer-record.js';
import { TopicPartitionMap } from '../client/consumer/topic-partition.js';
import { BufferedOutput, OutputClosedError } from './buffered-output.js';
import { consumerFailure } from './cli-errors.js';
import { configInput } from './client-options.js';
import type { ConsoleConsumerOptions } from './console-consumer-options.js';
import { DeserializationError } from './deserializers.js';
import { onInterrupt } from './interrupt.js';
import { DefaultMessageFormatter } from './message-formatter.js';

/** How long one poll waits when there is no `--timeout-ms`; the loop simply polls again. */
const IDLE_POLL_MS = 1000;

export interface ConsoleConsumerIo {
  readonly out: Writable;
  readonly err: Writable;
}

/**
 * `millrace console-consumer`: Kafka's `kafka-console-consumer.sh` (`ConsoleConsumer`). Subscribes through the
 * group (given, or a generated `console-consumer-<n>` as Kafka does) or reads one assigned partition from
 * `--offset`, prints each record with Kafka's `DefaultMessageFormatter`, and stops after `--max-messages`, when a
 * poll finds nothing within `--timeout-ms`, or on Ctrl+C — then closes the consumer (committing with
 * auto-commit) and prints `Processed a total of N messages` on stderr.
 */
export async function runConsoleConsumer(
  options: ConsoleConsumerOptions,
  io: ConsoleConsumerIo = { out: process.stdout, err: process.stderr },
): Promise<void> {
  const formatter = new DefaultMessageFormatter(options.formatterProperties);
  const properties = new Map(options.consumerProperties);
  properties.set('bootstrap.servers', options.bootstrapServers.join(','));
  const consumer = new Consumer(consumerConfigFromProperties(configInput(properties)));
  const out = new BufferedOutput(io.out);
  // An unreachable cluster is one error line; Kafka's count line belongs to a consumer that ran.
  await consumer.connect().catch(async (error: unknown) => {
    await consumer.close().catch(() => undefined);
    throw error;
  });
  let stopped = false;
  const removeHandlers = onInterrupt(() => {
    stopped = true;
    consumer.wakeup();
  });
  let count = 0;
  let failure: unknown;
  try {
    const source = options.source;
    if (source.kind === 'topic') consumer.subscribe([source.topic]);
    else if (source.kind === 'pattern') consumer.subscribe(source.filter.regex);
    else {
      const tp = { topic: source.topic, partition: source.partition };
      consumer.assign([tp]);
      if (source.offset === 'earliest') consumer.seekToBeginning([tp]);
      else if (source.offset === 'latest') consumer.seekToEnd([tp]);
      else consumer.seek(tp, source.offset);
    }
    const pollMs = options.timeoutMs >= 0 ? options.timeoutMs : IDLE_POLL_MS;
    while (!stopped && (options.maxMessages < 0 || count < options.maxMessages)) {
      let records: ConsumerRecord[];
      try {
        records = await consumer.poll(pollMs);
      } catch (error) {
        if (stopped) break;
        throw error;
      }
      if (records.length === 0) {
        if (options.timeoutMs < 0 || stopped) continue;
        await writeErr(io.err, `ERROR Error processing message, terminating consumer process: TimeoutException: no record received within ${options.timeoutMs} ms`);
        break;
      }
      let printed = 0;
      for (; printed < records.length; printed++) {
        if (options.maxMessages >= 0 && count >= options.maxMessages) break;
        const record = records[printed]!;
        try {
          formatter.writeTo(record, out);
        } catch (error) {
          if (!(error instanceof DeserializationError) || !options.skipMessageOnError) throw error;
          await writeErr(io.err, `ERROR Error processing message, skipping this message: ${error.message}`);
        }
        count++;
      }
      rewindUnprinted(consumer, records, printed);
      await out.flush();
    }
  } catch (error) {
    failure = error instanceof OutputClosedError ? undefined : consumerFailure(error);
    if (error instanceof OutputClosedError) await writeErr(io.err, 'Unable to write to standard out, closing consumer.');
  } finally {
    removeHandlers();
    await out.flush().catch(() => undefined);
    // Kafka closes the consumer (committing with auto-commit) before it reports the count.
    await consumer.close().catch((error: unknown) => {
      failure ??= error;
    });
    await writeErr(io.err, `Processed a total of ${count} messages`);
  }
  if (failure !== undefined) throw failure;
}

/**
 * Records `poll` returned past `--max-messages` were not printed: moving each partition's position back to its
 * first unprinted record keeps the closing auto-commit from skipping them for the next consumer of the group.
 */
function rewindUnprinted(consumer: Consumer, records: readonly ConsumerRecord[], printed: number): void {
  if (printed === records.length) return;
  const first = new TopicPartitionMap<number>();
  for (let i = printed; i < records.length; i++) {
    const r = records[i]!;
    if (!first.has(r.topic, r.partition)) first.set(r.topic, r.partition, r.offset);
  }
  for (const [tp, offset] of first) consumer.seek(tp, offset);
}

function writeErr(err: Writable, line: string): Promise<void> {
  return new Promise((resolve) => err.write(`${line}\n`, () => resolve()));
}
