/**
 * The produce and consume ends of the latency runner, one driver per system. Each sends a value as soon as asked
 * (no batching of its own beyond what the client does) and calls back with every value received, in the same
 * process, so both ends read the same clock.
 */
import { Admin } from '../../src/client/admin/admin.js';
import { Consumer } from '../../src/client/consumer/consumer.js';
import { Producer } from '../../src/client/producer/producer.js';
import { importOptional } from './optional-module.js';

export interface LatencyDriver {
  /** How the clients are configured, for the report. */
  readonly usage: string;
  /** Connects both ends and starts consuming; `onValue` gets every value received. */
  open(onValue: (value: Buffer) => void): Promise<void>;
  send(value: Buffer): void;
  /** Throws the first asynchronous send failure, if any. */
  check(): void;
  close(): Promise<void>;
}

export const LatencySystem = { MILLRACE: 'millrace', REDIS: 'redis', RABBITMQ: 'rabbitmq' } as const;
export type LatencySystemName = (typeof LatencySystem)[keyof typeof LatencySystem];

const POLL_TIMEOUT_MS = 100;

class MillraceDriver implements LatencyDriver {
  readonly usage = 'Millrace Producer acks=1 lingerMs=0, Consumer assign + poll loop (fetch.min.bytes 1, fetch.max.wait.ms 500)';
  readonly #bootstrap: string;
  readonly #topic: string;
  #producer: Producer | undefined;
  #consumer: Consumer | undefined;
  #polling: Promise<void> | undefined;
  #closing = false;
  #failure: unknown;

  constructor(bootstrap: string, topic: string) {
    this.#bootstrap = bootstrap;
    this.#topic = topic;
  }

  async open(onValue: (value: Buffer) => void): Promise<void> {
    const admin = new Admin({ bootstrapServers: this.#bootstrap, clientId: 'millrace-bench-latency-admin' });
    try {
      await admin.connect();
      await admin.createTopics([{ topic: this.#topic, numPartitions: 1 }]);
    } finally {
      await admin.close();
    }
    this.#producer = new Producer({ bootstrapServers: this.#bootstrap, clientId: 'millrace-bench-latency', acks: 1, lingerMs: 0 });
    await this.#producer.connect();
    const consumer = new Consumer({ bootstrapServers: this.#bootstrap, clientId: 'millrace-bench-latency', groupId: null,
      autoOffsetReset: 'earliest', enableAutoCommit: false });
    consumer.assign([{ topic: this.#topic, partition: 0 }]);
    this.#consumer = consumer;
    this.#polling = (async () => {
      while (!this.#closing) {
        for (const record of await consumer.poll(POLL_TIMEOUT_MS)) if (record.value !== null) onValue(record.value);
      }
    })();
  }

  send(value: Buffer): void {
    this.#producer?.send({ topic: this.#topic, value }).catch((error: unknown) => {
      this.#failure ??= error;
    });
  }

  check(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }

  async close(): Promise<void> {
    this.#closing = true;
    await this.#polling;
    await this.#producer?.close();
    await this.#consumer?.close();
  }
}

type StreamEntries = [Buffer, [Buffer, Buffer[]][]][] | null;
interface RedisClient {
  connect(): Promise<void>;
  xadd(stream: string, id: string, field: string, value: Buffer): Promise<unknown>;
  xreadBuffer(...args: (string | number)[]): Promise<StreamEntries>;
  quit(): Promise<unknown>;
}
type RedisConstructor = new (options: { host: string; port: number; lazyConnect: boolean }) => RedisClient;

class RedisDriver implements LatencyDriver {
  readonly usage = 'ioredis: XADD per message (no MAXLEN); a second connection XREAD COUNT 1000 BLOCK 100 from the last id';
  readonly #host: string;
  readonly #port: number;
  readonly #stream: string;
  #producer: RedisClient | undefined;
  #consumer: RedisClient | undefined;
  #reading: Promise<void> | undefined;
  #closing = false;
  #failure: unknown;

  constructor(address: string, stream: string) {
    const [host, port] = address.split(':');
    this.#host = host as string;
    this.#port = Number(port);
    this.#stream = stream;
  }

  async open(onValue: (value: Buffer) => void): Promise<void> {
    const loaded = (await importOptional('ioredis')) as RedisConstructor | { Redis: RedisConstructor };
    const Redis = 'Redis' in loaded ? loaded.Redis : loaded;
    this.#producer = new Redis({ host: this.#host, port: this.#port, lazyConnect: true });
    const consumer = new Redis({ host: this.#host, port: this.#port, lazyConnect: true });
    await this.#producer.connect();
    await consumer.connect();
    this.#consumer = consumer;
    this.#reading = (async () => {
      let lastId = '0-0';
      while (!this.#closing) {
        const reply = await consumer.xreadBuffer('COUNT', 1000, 'BLOCK', 100, 'STREAMS', this.#stream, lastId);
        for (const [id, fields] of reply?.[0]?.[1] ?? []) {
          lastId = id.toString('latin1');
          onValue(fields[1] as Buffer);
        }
      }
    })();
  }

  send(value: Buffer): void {
    this.#producer?.xadd(this.#stream, '*', 'v', value).catch((error: unknown) => {
      this.#failure ??= error;
    });
  }

  check(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }

  async close(): Promise<void> {
    this.#closing = true;
    await this.#reading;
    await this.#producer?.quit();
    await this.#consumer?.quit();
  }
}

interface AmqpMessage {
  content: Buffer;
}
interface AmqpChannel {
  assertQueue(queue: string, options: { durable: boolean }): Promise<unknown>;
  publish(exchange: string, queue: string, content: Buffer, options: { persistent: boolean }, callback: (error: unknown) => void): boolean;
  prefetch(count: number): Promise<unknown>;
  consume(queue: string, onMessage: (message: AmqpMessage | null) => void, options: { noAck: boolean }): Promise<unknown>;
  ack(message: AmqpMessage, allUpTo: boolean): void;
}
interface AmqpConnection {
  createConfirmChannel(): Promise<AmqpChannel>;
  createChannel(): Promise<AmqpChannel>;
  close(): Promise<void>;
}

const AMQP_PREFETCH = 1000;
const AMQP_ACK_EVERY = 100;

class RabbitDriver implements LatencyDriver {
  readonly usage = `amqplib: persistent publish on a confirm channel to a durable queue; consume with prefetch ${AMQP_PREFETCH}, ` +
    `a cumulative ack every ${AMQP_ACK_EVERY}`;
  readonly #url: string;
  readonly #queue: string;
  #connection: AmqpConnection | undefined;
  #publisher: AmqpChannel | undefined;
  #failure: unknown;

  constructor(url: string, queue: string) {
    this.#url = url;
    this.#queue = queue;
  }

  async open(onValue: (value: Buffer) => void): Promise<void> {
    const amqp = (await importOptional('amqplib')) as { connect(url: string): Promise<AmqpConnection> };
    const connection = await amqp.connect(this.#url);
    this.#connection = connection;
    this.#publisher = await connection.createConfirmChannel();
    await this.#publisher.assertQueue(this.#queue, { durable: true });
    const consumer = await connection.createChannel();
    await consumer.prefetch(AMQP_PREFETCH);
    let received = 0;
    await consumer.consume(this.#queue, (message) => {
      if (message === null) return;
      onValue(message.content);
      if (++received % AMQP_ACK_EVERY === 0) consumer.ack(message, true);
    }, { noAck: false });
  }

  send(value: Buffer): void {
    this.#publisher?.publish('', this.#queue, value, { persistent: true }, (error) => {
      if (error !== null && error !== undefined) this.#failure ??= error;
    });
  }

  check(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }

  async close(): Promise<void> {
    await this.#connection?.close();
  }
}

export function latencyDriver(system: LatencySystemName, target: string, name: string): LatencyDriver {
  if (system === LatencySystem.MILLRACE) return new MillraceDriver(target, name);
  if (system === LatencySystem.REDIS) return new RedisDriver(target, name);
  return new RabbitDriver(target, name);
}
