import { ConfigError } from '../common/config/config-def.js';
import { PropertiesParseError, PropertiesReadError } from '../common/properties.js';
import { KafkaError } from '../protocol/error-codes.js';
import { ListenerBindError } from '../broker/network/socket-server.js';
import { MetadataStoreError } from '../broker/metadata/metadata-store.js';
import { UsageError } from './usage-error.js';

/** Errors a user can act on: printed as their message alone. Anything else is a defect and keeps its stack. */
const USER_ERRORS = [UsageError, ConfigError, PropertiesParseError, PropertiesReadError, KafkaError, ListenerBindError, MetadataStoreError];

/** Runs a command's body; a user-facing error becomes one line on stderr and exit code 1. */
export function runMain(body: () => Promise<void>): void {
  body().then(
    () => process.exit(0),
    (err: unknown) => {
      if (USER_ERRORS.some((type) => err instanceof type)) {
        process.stderr.write(`millrace: ${(err as Error).message}\n`);
      } else {
        process.stderr.write(`millrace: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
      }
      process.exit(1);
    },
  );
}
