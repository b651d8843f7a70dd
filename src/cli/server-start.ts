import { Broker } from '../broker/broker.js';
import { loadBrokerConfig } from '../broker/config/broker-config.js';
import { createLogger } from '../common/logger.js';
import { parseOverrides } from './overrides.js';

/**
 * `millrace server-start server.properties [--override key=value]...`: runs a broker in the foreground until
 * SIGINT/SIGTERM, then shuts it down cleanly (flushed logs, clean-shutdown marker) and exits 0.
 */
export async function serverStart(propertiesFile: string, overrides: readonly string[]): Promise<void> {
  const { config, warnings } = loadBrokerConfig(propertiesFile, parseOverrides(overrides));
  const logger = createLogger({ name: `broker-${config.brokerId}` });
  for (const warning of warnings) logger.warn(warning);
  const broker = await Broker.start(config, logger);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info(`Received ${signal}`);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve();
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  await broker.shutdown();
}
