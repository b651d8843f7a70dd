import { CompressionType } from '../record-batch.js';
import type { CompressionCodec } from '../record-batch-builder.js';
import { lazyModule } from './native-module.js';

type ZstdModule = typeof import('zstd-napi');

const zstd = lazyModule<ZstdModule>('zstd', 'zstd-napi');

/**
 * Zstandard (attribute 4). Decompression also handles frames without a content size, which Java's streaming
 * `ZstdOutputStream` writes.
 */
export const zstdCodec: CompressionCodec = {
  type: CompressionType.ZSTD,
  compress: (data) => zstd().compress(data),
  decompress: (data) => zstd().decompress(data),
};
