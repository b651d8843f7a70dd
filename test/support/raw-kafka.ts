/**
 * Hand-built Kafka requests and hand-parsed responses for the bad-input tests, written from the protocol spec with
 * plain Buffer reads and writes so that they do not share a bug with Millrace's own codec.
 */
import { crc32c } from '@node-rs/crc32';
import net from 'node:net';

export const ApiKey = {
  produce: 0,
  metadata: 3,
  apiVersions: 18,
  createTopics: 19,
} as const;

/** Appends big-endian primitives to a growing list of chunks. */
export class Writer {
  #chunks: Buffer[] = [];

  #push(size: number, write: (buffer: Buffer) => void): this {
    const buffer = Buffer.alloc(size);
    write(buffer);
    this.#chunks.push(buffer);
    return this;
  }

  int8(value: number): this {
    return this.#push(1, (b) => b.writeInt8(value));
  }

  int16(value: number): this {
    return this.#push(2, (b) => b.writeInt16BE(value));
  }

  int32(value: number): this {
    return this.#push(4, (b) => b.writeInt32BE(value));
  }

  uint32(value: number): this {
    return this.#push(4, (b) => b.writeUInt32BE(value));
  }

  int64(value: bigint): this {
    return this.#push(8, (b) => b.writeBigInt64BE(value));
  }

  /** Zigzag varint, as used inside records. */
  varint(value: number): this {
    let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
    const bytes: number[] = [];
    while (zigzag >= 0x80) {
      bytes.push((zigzag & 0x7f) | 0x80);
      zigzag = Math.floor(zigzag / 128);
    }
    bytes.push(zigzag);
    return this.raw(Buffer.from(bytes));
  }

  /** Unsigned varint, as used by flexible versions for compact lengths and tag counts. */
  uvarint(value: number): this {
    const bytes: number[] = [];
    let rest = value;
    while (rest >= 0x80) {
      bytes.push((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
    bytes.push(rest);
    return this.raw(Buffer.from(bytes));
  }

  /** int16-length string; null writes length -1. */
  string(value: string | null): this {
    if (value === null) return this.int16(-1);
    const bytes = Buffer.from(value, 'utf8');
    return this.int16(bytes.length).raw(bytes);
  }

  compactString(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    return this.uvarint(bytes.length + 1).raw(bytes);
  }

  /** int32-length bytes; null writes length -1. */
  bytes(value: Buffer | null): this {
    if (value === null) return this.int32(-1);
    return this.int32(value.length).raw(value);
  }

  raw(value: Buffer): this {
    this.#chunks.push(value);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}

/** Reads big-endian primitives; every read checks bounds so a short response fails the test clearly. */
export class Reader {
  readonly buffer: Buffer;
  #offset = 0;

  constructor(buffer: Buffer) {
    this.buffer = buffer;
  }

  get remaining(): number {
    return this.buffer.length - this.#offset;
  }

  #take(size: number): number {
    if (this.#offset + size > this.buffer.length) {
      throw new RangeError(`response too short: need ${size} bytes at ${this.#offset} of ${this.buffer.length}`);
    }
    const at = this.#offset;
    this.#offset += size;
    return at;
  }

  int8(): number {
    return this.buffer.readInt8(this.#take(1));
  }

  int16(): number {
    return this.buffer.readInt16BE(this.#take(2));
  }

  int32(): number {
    return this.buffer.readInt32BE(this.#take(4));
  }

  int64(): bigint {
    return this.buffer.readBigInt64BE(this.#take(8));
  }

  string(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const at = this.#take(length);
    return this.buffer.toString('utf8', at, at + length);
  }

  array<T>(readItem: () => T): T[] {
    const count = this.int32();
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(readItem());
    return items;
  }
}

/** int32 size + request header v1 (api key, version, correlation id, client id) + body. */
export function frameRequest(apiKey: number, apiVersion: number, correlationId: number, body: Buffer): Buffer {
  const message = new Writer()
    .int16(apiKey)
    .int16(apiVersion)
    .int32(correlationId)
    .string('raw-test')
    .raw(body)
    .toBuffer();
  return new Writer().int32(message.length).raw(message).toBuffer();
}

/**
 * ApiVersions as a flexible-version client sends it: request header v2 (header v1 + empty tag buffer) and the v3+
 * body (compact client software name and version, empty tag buffer).
 */
export function apiVersionsRequest(apiVersion: number, correlationId: number): Buffer {
  const message = new Writer()
    .int16(ApiKey.apiVersions)
    .int16(apiVersion)
    .int32(correlationId)
    .string('raw-test')
    .uvarint(0)
    .compactString('raw-test')
    .compactString('1.0')
    .uvarint(0)
    .toBuffer();
  return new Writer().int32(message.length).raw(message).toBuffer();
}

export interface ApiVersionRange {
  apiKey: number;
  min: number;
  max: number;
}

/** ApiVersions response in v0 format (response header v0): error, then the api array and nothing after it. */
export function parseApiVersionsV0(frame: Buffer): { correlationId: number; errorCode: number; apis: ApiVersionRange[] } {
  const reader = new Reader(frame);
  const correlationId = reader.int32();
  const errorCode = reader.int16();
  const apis = reader.array(() => ({ apiKey: reader.int16(), min: reader.int16(), max: reader.int16() }));
  if (reader.remaining !== 0) throw new Error(`${reader.remaining} unexpected bytes after a v0 ApiVersions response`);
  return { correlationId, errorCode, apis };
}

export interface RawRecord {
  key: Buffer | null;
  value: Buffer | null;
}

/** One uncompressed magic-2 record batch with a correct CRC-32C; `corruptCrc` flips the stored CRC. */
export function recordBatch(records: readonly RawRecord[], options: { corruptCrc?: boolean } = {}): Buffer {
  const now = BigInt(Date.now());
  const body = new Writer();
  records.forEach((record, index) => {
    const fields = new Writer().int8(0).varint(0).varint(index);
    if (record.key === null) fields.varint(-1);
    else fields.varint(record.key.length).raw(record.key);
    if (record.value === null) fields.varint(-1);
    else fields.varint(record.value.length).raw(record.value);
    fields.varint(0);
    const encoded = fields.toBuffer();
    body.varint(encoded.length).raw(encoded);
  });
  const afterCrc = new Writer()
    .int16(0)
    .int32(records.length - 1)
    .int64(now)
    .int64(now)
    .int64(-1n)
    .int16(-1)
    .int32(-1)
    .int32(records.length)
    .raw(body.toBuffer())
    .toBuffer();
  const crc = crc32c(afterCrc) ^ (options.corruptCrc === true ? 0xffffffff : 0);
  const fromEpoch = new Writer().int32(-1).int8(2).uint32(crc >>> 0).raw(afterCrc).toBuffer();
  return new Writer().int64(0n).int32(fromEpoch.length).raw(fromEpoch).toBuffer();
}

/** Produce v3 body: one topic, one partition, the given record set. */
export function produceV3Body(topic: string, partition: number, records: Buffer, acks = -1): Buffer {
  return new Writer()
    .string(null)
    .int16(acks)
    .int32(10_000)
    .int32(1)
    .string(topic)
    .int32(1)
    .int32(partition)
    .bytes(records)
    .toBuffer();
}

export interface ProducePartitionResult {
  topic: string;
  partition: number;
  errorCode: number;
  baseOffset: bigint;
}

export function parseProduceV3(frame: Buffer): { correlationId: number; partitions: ProducePartitionResult[] } {
  const reader = new Reader(frame);
  const correlationId = reader.int32();
  const partitions: ProducePartitionResult[] = [];
  reader.array(() => {
    const topic = reader.string() ?? '';
    reader.array(() => {
      const partition = reader.int32();
      const errorCode = reader.int16();
      const baseOffset = reader.int64();
      reader.int64();
      partitions.push({ topic, partition, errorCode, baseOffset });
    });
  });
  reader.int32();
  return { correlationId, partitions };
}

/** Metadata v1 body: the named topics (null = all topics). */
export function metadataV1Body(topics: readonly string[] | null): Buffer {
  const writer = new Writer();
  if (topics === null) return writer.int32(-1).toBuffer();
  writer.int32(topics.length);
  for (const topic of topics) writer.string(topic);
  return writer.toBuffer();
}

export function parseMetadataV1Topics(frame: Buffer): { correlationId: number; topics: { name: string; errorCode: number }[] } {
  const reader = new Reader(frame);
  const correlationId = reader.int32();
  reader.array(() => {
    reader.int32();
    reader.string();
    reader.int32();
    reader.string();
  });
  reader.int32();
  const topics = reader.array(() => {
    const errorCode = reader.int16();
    const name = reader.string() ?? '';
    reader.int8();
    reader.array(() => {
      reader.int16();
      reader.int32();
      reader.int32();
      reader.array(() => reader.int32());
      reader.array(() => reader.int32());
    });
    return { name, errorCode };
  });
  return { correlationId, topics };
}

/** CreateTopics v0 body: one topic, no assignments or configs. */
export function createTopicsV0Body(topic: string, partitions: number, replicationFactor = 1): Buffer {
  return new Writer()
    .int32(1)
    .string(topic)
    .int32(partitions)
    .int16(replicationFactor)
    .int32(0)
    .int32(0)
    .int32(10_000)
    .toBuffer();
}

export function parseCreateTopicsV0(frame: Buffer): { correlationId: number; topics: { name: string; errorCode: number }[] } {
  const reader = new Reader(frame);
  const correlationId = reader.int32();
  const topics = reader.array(() => ({ name: reader.string() ?? '', errorCode: reader.int16() }));
  return { correlationId, topics };
}

/**
 * A client connection that reads size-prefixed response frames and remembers whether (and when) the peer closed.
 */
export class RawConnection {
  readonly socket: net.Socket;
  #pending = Buffer.alloc(0);
  #frames: Buffer[] = [];
  #waiters: (() => void)[] = [];
  #closed = false;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#pending = Buffer.concat([this.#pending, chunk]);
      while (this.#pending.length >= 4) {
        const size = this.#pending.readInt32BE(0);
        if (this.#pending.length < 4 + size) break;
        this.#frames.push(this.#pending.subarray(4, 4 + size));
        this.#pending = this.#pending.subarray(4 + size);
      }
      this.#wake();
    });
    // The broker is allowed to reset a connection it refuses; that is a close like any other.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.#closed = true;
      this.#wake();
    });
  }

  static connect(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  async #until(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /**
   * Resolves once the data is handed to the kernel or the write failed: a broker may close a connection it refuses
   * while the rest is still being sent, and callers observe that through `readFrame` / `waitClosed`.
   */
  write(data: Buffer): Promise<void> {
    return new Promise((resolve) => this.socket.write(data, () => resolve()));
  }

  /** The next response frame (without its size prefix); throws if the connection closes first. */
  async readFrame(timeoutMs = 10_000): Promise<Buffer> {
    await this.#until(() => this.#frames.length > 0 || this.#closed, timeoutMs, 'a response');
    const frame = this.#frames.shift();
    if (frame === undefined) throw new Error('connection closed by the broker before a response arrived');
    return frame;
  }

  async request(data: Buffer, timeoutMs = 10_000): Promise<Buffer> {
    await this.write(data);
    return this.readFrame(timeoutMs);
  }

  /** Resolves once the broker closed the connection; throws if it is still open after `timeoutMs`. */
  async waitClosed(timeoutMs = 10_000): Promise<void> {
    await this.#until(() => this.#closed, timeoutMs, 'the broker to close the connection');
  }

  /** Frames received and not yet read. */
  get unreadFrames(): number {
    return this.#frames.length;
  }

  destroy(): void {
    this.socket.destroy();
  }
}
