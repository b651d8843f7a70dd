import type { FileIdentity } from './file-identity.js';

/**
 * The file source's offsets. Source partition `{"filename": <path>}`, offset
 * `{"position": <bytes>, "inode": "<decimal>", "fingerprint": "<hex>", "fingerprint_bytes": <n>}`: Kafka's
 * `{"position"}` (counted in bytes here, so resuming is exact for any UTF-8) plus what tells whether the file at that
 * path is still the one the position belongs to. An offset holding only `position`, as Kafka's FileStreamSource
 * writes it, is honoured as long as the file is at least that long.
 */

export const FILENAME_FIELD = 'filename';
export const POSITION_FIELD = 'position';
export const INODE_FIELD = 'inode';
export const FINGERPRINT_FIELD = 'fingerprint';
export const FINGERPRINT_BYTES_FIELD = 'fingerprint_bytes';

// Type aliases rather than interfaces: they must be assignable to the SDK's JSON record types.
export type FileSourcePartition = {
  readonly [FILENAME_FIELD]: string;
};

export type FileSourceOffset = {
  readonly [POSITION_FIELD]: number;
  readonly [INODE_FIELD]?: string;
  readonly [FINGERPRINT_FIELD]?: string;
  readonly [FINGERPRINT_BYTES_FIELD]?: number;
};

export function sourcePartition(filename: string): FileSourcePartition {
  return { [FILENAME_FIELD]: filename };
}

export function sourceOffset(position: number, identity: FileIdentity): FileSourceOffset {
  return {
    [POSITION_FIELD]: position,
    [INODE_FIELD]: identity.inode,
    [FINGERPRINT_FIELD]: identity.fingerprint,
    [FINGERPRINT_BYTES_FIELD]: identity.fingerprintBytes,
  };
}

/**
 * A stored offset as this source understands it, or null when there is none or it is not one of ours (a resume
 * from the start is then the only safe choice).
 */
export function decodeOffset(stored: unknown): FileSourceOffset | null {
  if (stored === null || typeof stored !== 'object') return null;
  const record = stored as Record<string, unknown>;
  const position = record[POSITION_FIELD];
  if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0) return null;
  const inode = record[INODE_FIELD];
  const fingerprint = record[FINGERPRINT_FIELD];
  const fingerprintBytes = record[FINGERPRINT_BYTES_FIELD];
  if (typeof inode !== 'string' || typeof fingerprint !== 'string' || typeof fingerprintBytes !== 'number') {
    return { [POSITION_FIELD]: position };
  }
  return {
    [POSITION_FIELD]: position,
    [INODE_FIELD]: inode,
    [FINGERPRINT_FIELD]: fingerprint,
    [FINGERPRINT_BYTES_FIELD]: fingerprintBytes,
  };
}
