import type { Command } from 'commander';
import { clientProperties, parseKeyValueArgs } from './key-value-args.js';
import { collect, parseIntArg, requireOption, splitServers, toolCommand } from './tool-command.js';
import { UsageError } from './usage-error.js';

export const COMPRESSION_CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

/** `millrace console-producer` arguments, validated as Kafka's `ConsoleProducer.ProducerConfig` does. */
export interface ConsoleProducerOptions {
  readonly bootstrapServers: readonly string[];
  readonly topic: string;
  /**
   * Producer properties in Kafka's precedence: `--producer.config`, then `--producer-property`, then the
   * dedicated flags (`--request-required-acks`, `--compression-codec` …), which win when given.
   */
  readonly producerProperties: ReadonlyMap<string, string>;
  /** `LineMessageReader` settings from `--property`. */
  readonly readerProperties: ReadonlyMap<string, string>;
  /** Wait for each record's acknowledgement before reading the next line. */
  readonly sync: boolean;
}

interface RawConsoleProducerOptions {
  bootstrapServer?: string;
  brokerList?: string;
  topic?: string;
  sync?: boolean;
  compressionCodec?: string | true;
  batchSize?: string;
  messageSendMaxRetries?: string;
  retryBackoffMs?: string;
  timeout?: string;
  requestRequiredAcks?: string;
  requestTimeoutMs?: string;
  maxBlockMs?: string;
  metadataExpiryMs?: string;
  property: string[];
  producerProperty: string[];
  'producer.config'?: string;
}

/** The `console-producer` subcommand's flags, Kafka's names. */
export function defineConsoleProducerCommand(): Command {
  return toolCommand('console-producer', 'read lines from standard input and publish them to a topic (as kafka-console-producer.sh)')
    .option('--bootstrap-server <host:port>', 'the broker(s) to connect to, comma-separated (required unless --broker-list)')
    .option('--broker-list <host:port>', 'a synonym of --bootstrap-server')
    .option('--topic <topic>', 'the topic to produce messages to (required)')
    .option('--sync', 'send each message synchronously, waiting for its acknowledgement')
    .option('--compression-codec [codec]', "'none', 'gzip', 'snappy', 'lz4' or 'zstd'; 'gzip' when given without a value")
    .option('--batch-size <bytes>', 'records sent in one batch per partition, in bytes (batch.size)')
    .option('--message-send-max-retries <n>', 'retries before a send fails (retries)')
    .option('--retry-backoff-ms <ms>', 'wait before retrying a send (retry.backoff.ms)')
    .option('--timeout <ms>', 'the most a record waits for its batch to fill (linger.ms)')
    .option('--request-required-acks <acks>', 'the acks of produce requests: 0, 1, -1 or all (acks)')
    .option('--request-timeout-ms <ms>', 'the produce request timeout (request.timeout.ms)')
    .option('--max-block-ms <ms>', 'the most a send waits for metadata or buffer space (max.block.ms)')
    .option('--metadata-expiry-ms <ms>', 'refresh metadata at least this often (metadata.max.age.ms)')
    .option('--property <name=value>', 'line reader settings: parse.key, key.separator, parse.headers, ignore.error … (repeatable)', collect, [])
    .option('--producer-property <name=value>', 'a producer configuration property (repeatable)', collect, [])
    .option('--producer.config <file>', 'producer configuration properties file');
}

/** Validates the flags commander parsed. @throws UsageError */
export function consoleProducerOptions(raw: RawConsoleProducerOptions): ConsoleProducerOptions {
  const servers = raw.bootstrapServer ?? raw.brokerList;
  if (servers === undefined) throw new UsageError('Missing required argument "[bootstrap-server]"');
  const topic = requireOption(raw.topic, '--topic');
  const producerProperties = clientProperties(raw['producer.config'], '--producer-property', raw.producerProperty);
  const flags: [string, string | undefined, (text: string) => string][] = [
    ['acks', raw.requestRequiredAcks, acks],
    ['batch.size', raw.batchSize, (v) => String(parseIntArg('--batch-size', v, 0))],
    ['retries', raw.messageSendMaxRetries, (v) => String(parseIntArg('--message-send-max-retries', v, 0))],
    ['retry.backoff.ms', raw.retryBackoffMs, (v) => String(parseIntArg('--retry-backoff-ms', v, 0))],
    ['linger.ms', raw.timeout, (v) => String(parseIntArg('--timeout', v, 0))],
    ['request.timeout.ms', raw.requestTimeoutMs, (v) => String(parseIntArg('--request-timeout-ms', v, 1))],
    ['max.block.ms', raw.maxBlockMs, (v) => String(parseIntArg('--max-block-ms', v, 0))],
    ['metadata.max.age.ms', raw.metadataExpiryMs, (v) => String(parseIntArg('--metadata-expiry-ms', v, 0))],
    ['compression.type', raw.compressionCodec === true ? 'gzip' : raw.compressionCodec, codec],
  ];
  for (const [key, value, parse] of flags) if (value !== undefined) producerProperties.set(key, parse(value));
  return {
    bootstrapServers: splitServers(servers),
    topic,
    producerProperties,
    readerProperties: parseKeyValueArgs('--property', raw.property),
    sync: raw.sync === true,
  };
}

function acks(text: string): string {
  const value = text.trim().toLowerCase();
  if (!['0', '1', '-1', 'all'].includes(value)) {
    throw new UsageError(`--request-required-acks expects 0, 1, -1 or all, got "${text}"`);
  }
  return value;
}

function codec(text: string): string {
  const value = text.trim().toLowerCase();
  if (!(COMPRESSION_CODECS as readonly string[]).includes(value)) {
    throw new UsageError(`--compression-codec expects one of ${COMPRESSION_CODECS.join(', ')}, got "${text}"`);
  }
  return value;
}
