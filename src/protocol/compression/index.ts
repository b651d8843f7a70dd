import { ConfigError } from '../../common/config/config-def.js';
import { CompressionType } from '../record-batch.js';
import type { CompressionCodec } from '../record-batch-builder.js';
import { gzipCodec } from './gzip-codec.js';
import { lz4Codec } from './lz4-codec.js';
import { snappyCodec } from './snappy-codec.js';
import { zstdCodec } from './zstd-codec.js';

export { CodecUnavailableError } from './native-module.js';
export { gzipCodec, lz4Codec, snappyCodec, zstdCodec };

/** Kafka's `compression.type` names for the batch codecs. */
export const COMPRESSION_NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type CompressionName = (typeof COMPRESSION_NAMES)[number];

const BY_TYPE: ReadonlyMap<number, CompressionCodec> = new Map([
  [CompressionType.GZIP, gzipCodec],
  [CompressionType.SNAPPY, snappyCodec],
  [CompressionType.LZ4, lz4Codec],
  [CompressionType.ZSTD, zstdCodec],
]);

/** The codec for a batch's attribute bits 0–2; undefined for none (0) and unknown ids. */
export function codecForType(type: number): CompressionCodec | undefined {
  return BY_TYPE.get(type);
}

/**
 * The codec for a `compression.type` name; undefined for 'none'.
 * @throws ConfigError on `compression.type` for an unknown name
 */
export function codecForName(name: string): CompressionCodec | undefined {
  const type = COMPRESSION_NAMES.indexOf(name as CompressionName);
  if (type < 0) {
    throw new ConfigError([
      { key: 'compression.type', message: `expected one of [${COMPRESSION_NAMES.join(', ')}], got ${JSON.stringify(name)}` },
    ]);
  }
  return BY_TYPE.get(type);
}
