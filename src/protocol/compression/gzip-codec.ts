import { gunzipSync, gzipSync } from 'node:zlib';
import { CompressionType } from '../record-batch.js';
import type { CompressionCodec } from '../record-batch-builder.js';

/** GZIP (attribute 1): one gzip member, as Java's GZIPOutputStream and librdkafka write it. */
export const gzipCodec: CompressionCodec = {
  type: CompressionType.GZIP,
  compress: (data) => gzipSync(data),
  decompress: (data) => gunzipSync(data),
};
