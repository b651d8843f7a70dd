import { createRequire } from 'node:module';
import { ErrorCode, KafkaError } from '../error-codes.js';

const require = createRequire(import.meta.url);

/**
 * A codec whose npm package is missing or fails to load (e.g. a native addon built for another platform).
 * Carries UNSUPPORTED_COMPRESSION_TYPE, the code a broker uses for a codec it cannot handle.
 */
export class CodecUnavailableError extends KafkaError {
  readonly codec: string;
  readonly packageName: string;

  constructor(codec: string, packageName: string, cause: unknown) {
    super(
      ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
      `${codec} compression needs the npm package ${packageName}, which failed to load: ${(cause as Error).message}`,
      { cause },
    );
    this.name = 'CodecUnavailableError';
    this.codec = codec;
    this.packageName = packageName;
  }
}

/**
 * Loads a codec package on first use, so that processes which never meet a codec (the broker stores batches as
 * received) do not load its native addon, and a broken install fails only the codec that needs it.
 */
export function lazyModule<T>(codec: string, packageName: string): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      try {
        loaded = require(packageName) as T;
      } catch (error) {
        throw new CodecUnavailableError(codec, packageName, error);
      }
    }
    return loaded;
  };
}
