import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import type { Logger } from '../../common/logger.js';

/**
 * The error code a failure is answered with. A KafkaError carries its own; anything else is a defect of ours,
 * answered as UNKNOWN_SERVER_ERROR and logged with its stack so it can be fixed.
 */
export function errorCodeOf(err: unknown, logger: Logger, what: string): number {
  if (err instanceof KafkaError) return err.code;
  logger.error(`Unexpected error while ${what}: ${(err as Error)?.stack ?? String(err)}`);
  return ErrorCode.UNKNOWN_SERVER_ERROR;
}

export function errorMessageOf(err: unknown): string | null {
  return err instanceof KafkaError ? err.message : null;
}
