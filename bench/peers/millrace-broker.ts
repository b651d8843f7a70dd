/** Millrace's broker as a peer: `millrace server-start` with a throwaway log dir (see `support/broker-runner.ts`). */
import { mkdirSync } from 'node:fs';
import { BrokerRunner, brokerCommandLine, writeServerProperties } from '../support/broker-runner.js';
import type { BrokerPeer } from './peer.js';

export const MILLRACE_DURABILITY = 'acknowledged once in the page cache (write, no fsync), as Kafka by default';

export class MillraceBroker implements BrokerPeer {
  readonly name = 'Millrace';
  readonly durability = MILLRACE_DURABILITY;
  readonly runner: BrokerRunner;

  constructor(dir: string, settings: Readonly<Record<string, string>> = {}) {
    mkdirSync(dir, { recursive: true });
    this.runner = new BrokerRunner(writeServerProperties(dir, { 'group.initial.rebalance.delay.ms': '0', ...settings }));
  }

  get bootstrap(): string {
    return this.runner.bootstrap;
  }

  get serverPid(): number {
    return this.runner.pid;
  }

  async start(log: (line: string) => void): Promise<void> {
    log(`$ ${brokerCommandLine(this.runner.propertiesFile)}`);
    await this.runner.start();
  }

  async stop(): Promise<void> {
    await this.runner.stop();
  }

  async dispose(): Promise<void> {
    await this.runner.dispose();
  }
}
