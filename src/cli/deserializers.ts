import { UsageError } from './usage-error.js';

/**
 * The Kafka deserializers `console-consumer` can print with (`--key-deserializer`, `--value-deserializer`,
 * `--property key.deserializer=…`), by simple or fully-qualified class name. Each returns the text Kafka's
 * `DefaultMessageFormatter` prints, or the bytes themselves when there is nothing to convert.
 */
export type Deserializer = (bytes: Buffer) => Uint8Array | string;

const PACKAGE = 'org.apache.kafka.common.serialization.';

/** The deserializer chosen on the command line does not fit a record's bytes (Kafka's SerializationException). */
export class DeserializationError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'DeserializationError';
  }
}

function fixedSize(name: string, size: number, read: (bytes: Buffer) => string): Deserializer {
  return (bytes) => {
    if (bytes.length !== size) throw new DeserializationError(`Size of data received by ${name} is not ${size}`);
    return read(bytes);
  };
}

const DESERIALIZERS: Readonly<Record<string, Deserializer>> = {
  ByteArrayDeserializer: (bytes) => bytes,
  BytesDeserializer: (bytes) => bytes,
  // Java decodes then re-encodes, so malformed UTF-8 comes out as U+FFFD; toString('utf8') does the same.
  StringDeserializer: (bytes) => bytes.toString('utf8'),
  ShortDeserializer: fixedSize('ShortDeserializer', 2, (b) => String(b.readInt16BE(0))),
  IntegerDeserializer: fixedSize('IntegerDeserializer', 4, (b) => String(b.readInt32BE(0))),
  LongDeserializer: fixedSize('LongDeserializer', 8, (b) => String(b.readBigInt64BE(0))),
};

/** @throws UsageError for a class this tool does not know, naming the ones it does */
export function deserializerFor(setting: string, className: string): Deserializer {
  const simple = className.trim().startsWith(PACKAGE) ? className.trim().slice(PACKAGE.length) : className.trim();
  const found = Object.hasOwn(DESERIALIZERS, simple) ? DESERIALIZERS[simple] : undefined;
  if (found === undefined) {
    throw new UsageError(`${setting}: unsupported deserializer ${className}; supported: ${Object.keys(DESERIALIZERS).join(', ')}`);
  }
  return found;
}
