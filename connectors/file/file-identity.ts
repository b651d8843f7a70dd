import { createHash } from 'node:crypto';

/**
 * What tells one file from another at the same path: its inode, and a fingerprint of its first bytes.
 *
 * The inode changes when a file is rotated by rename-and-create. It does not change under copytruncate, nor when a
 * file is truncated and rewritten, so the first bytes are compared too. A fresh file shorter than
 * `FINGERPRINT_BYTES` is fingerprinted over what it holds, and the fingerprint grows with the file up to that size;
 * comparing only ever looks at as many bytes as the stored fingerprint covers.
 */

/** @default 64 */
export const FINGERPRINT_BYTES = 64;

export interface FileIdentity {
  /** Decimal: inode numbers can exceed 2^53. */
  readonly inode: string;
  /** Hex of the first 16 bytes of SHA-256 over the file's first `fingerprintBytes` bytes. */
  readonly fingerprint: string;
  readonly fingerprintBytes: number;
}

export function fingerprintOf(prefix: Buffer): string {
  return createHash('sha256').update(prefix).digest('hex').slice(0, 32);
}

export function identityOf(inode: bigint, prefix: Buffer): FileIdentity {
  return { inode: inode.toString(), fingerprint: fingerprintOf(prefix), fingerprintBytes: prefix.length };
}
