import { CompressionType } from '../record-batch.js';
import type { CompressionCodec } from '../record-batch-builder.js';
import { lazyModule } from './native-module.js';

type Lz4Module = typeof import('lz4-napi');

const lz4 = lazyModule<Lz4Module>('lz4', 'lz4-napi');

/**
 * LZ4 (attribute 3) as the standard LZ4 frame format (magic 0x184D2204) Kafka uses since 0.10, with independent
 * blocks — Java's `KafkaLZ4BlockInputStream` decompresses each block on its own — and a correct header checksum.
 */
export const lz4Codec: CompressionCodec = {
  type: CompressionType.LZ4,
  compress: (data) => lz4().compressFrameSync(data),
  decompress: (data) => lz4().decompressFrameSync(data),
};
