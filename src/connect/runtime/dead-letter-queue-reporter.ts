import type { Producer, ProducerHeader } from '../../client/index.js';
import type { ConnectorTaskId } from './connector-status.js';
import type { ErrorContext, ErrorReporter } from './error-handling.js';

/**
 * Kafka's `DeadLetterQueueReporter`: a sink record that failed (and is tolerated) is written as consumed — same
 * key, value and headers bytes — to `errors.deadletterqueue.topic.name`. With
 * `errors.deadletterqueue.context.headers.enable=true` it also carries Kafka's `__connect.errors.*` headers saying
 * where it came from and what failed. Failures without a consumed record (a put error reported by the task with
 * no original bytes at hand) are not written.
 */

export const DLQ_HEADER_PREFIX = '__connect.errors.';

export class DeadLetterQueueReporter implements ErrorReporter {
  readonly #producer: Producer;
  readonly #topic: string;
  readonly #contextHeaders: boolean;
  readonly #id: ConnectorTaskId;

  constructor(producer: Producer, topic: string, contextHeaders: boolean, id: ConnectorTaskId) {
    this.#producer = producer;
    this.#topic = topic;
    this.#contextHeaders = contextHeaders;
    this.#id = id;
  }

  async report(context: ErrorContext, error: unknown): Promise<void> {
    const consumed = context.consumed;
    if (consumed === undefined) return;
    const headers: ProducerHeader[] = [...consumed.headers];
    if (this.#contextHeaders) {
      const err = error instanceof Error ? error : new Error(String(error));
      const add = (name: string, value: string) => headers.push({ key: `${DLQ_HEADER_PREFIX}${name}`, value });
      add('topic', consumed.topic);
      add('partition', String(consumed.partition));
      add('offset', String(consumed.offset));
      add('connector.name', this.#id.connector);
      add('task.id', String(this.#id.task));
      add('stage', context.stage);
      add('class.name', context.executingClass);
      add('exception.class.name', err.name);
      add('exception.message', err.message);
      add('exception.stacktrace', err.stack ?? `${err.name}: ${err.message}`);
    }
    await this.#producer.send({ topic: this.#topic, key: consumed.key, value: consumed.value, headers });
  }

  close(): Promise<void> {
    return this.#producer.close();
  }
}
