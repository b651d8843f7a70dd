import { ErrorCode, KafkaError } from '../error-codes.js';
import { CompressionType } from '../record-batch.js';
import type { CompressionCodec } from '../record-batch-builder.js';
import { lazyModule } from './native-module.js';

type SnappyModule = typeof import('snappy');

const snappy = lazyModule<SnappyModule>('snappy', 'snappy');

/**
 * snappy-java's stream header (`SnappyCodec.MAGIC_HEADER` + version 1 + minimum compatible version 1): Java
 * producers write it, and librdkafka recognises it on read.
 */
export const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
export const XERIAL_HEADER_SIZE = 16;
const XERIAL_VERSION = 1;
const XERIAL_COMPATIBLE_VERSION = 1;
/** snappy-java's default block size, which Kafka's producer uses. */
export const XERIAL_BLOCK_SIZE = 32 * 1024;

/**
 * Snappy (attribute 2) in the xerial framing Kafka's Java client uses: the 16-byte header, then blocks of at most
 * 32 KiB of input, each written as an int32 big-endian length and a raw snappy block. Decompression accepts that
 * framing and also a bare raw snappy block (what librdkafka writes).
 */
export const snappyCodec: CompressionCodec = {
  type: CompressionType.SNAPPY,
  compress: compressXerial,
  decompress: (data) => (isXerialFramed(data) ? decompressXerial(data) : snappy().uncompressSync(data, { asBuffer: true }) as Buffer),
};

export function isXerialFramed(data: Buffer): boolean {
  return data.length >= XERIAL_HEADER_SIZE && data.compare(XERIAL_MAGIC, 0, XERIAL_MAGIC.length, 0, XERIAL_MAGIC.length) === 0;
}

export function compressXerial(data: Buffer): Buffer {
  const { compressSync } = snappy();
  const blocks: Buffer[] = [];
  let total = XERIAL_HEADER_SIZE;
  for (let at = 0; at < data.length; at += XERIAL_BLOCK_SIZE) {
    const block = compressSync(data.subarray(at, Math.min(at + XERIAL_BLOCK_SIZE, data.length)));
    blocks.push(block);
    total += 4 + block.length;
  }
  const out = Buffer.allocUnsafe(total);
  XERIAL_MAGIC.copy(out, 0);
  out.writeInt32BE(XERIAL_VERSION, 8);
  out.writeInt32BE(XERIAL_COMPATIBLE_VERSION, 12);
  let pos = XERIAL_HEADER_SIZE;
  for (const block of blocks) {
    out.writeInt32BE(block.length, pos);
    pos += 4 + block.copy(out, pos + 4);
  }
  return out;
}

export function decompressXerial(data: Buffer): Buffer {
  const { uncompressSync } = snappy();
  const parts: Buffer[] = [];
  let pos = XERIAL_HEADER_SIZE;
  while (pos < data.length) {
    if (pos + 4 > data.length) throw corrupt(`truncated block length at byte ${pos}`);
    const length = data.readInt32BE(pos);
    pos += 4;
    if (length < 0 || pos + length > data.length) throw corrupt(`block of ${length} bytes at byte ${pos} runs past the end`);
    parts.push(uncompressSync(data.subarray(pos, pos + length), { asBuffer: true }) as Buffer);
    pos += length;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

function corrupt(detail: string): KafkaError {
  return new KafkaError(ErrorCode.CORRUPT_MESSAGE, `xerial snappy stream: ${detail}`);
}
