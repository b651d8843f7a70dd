/**
 * Redis (Debian's redis-server) on 127.0.0.1 with a throwaway working directory, configured for durability
 * comparable to Millrace's: the append-only file on, fsynced every second, no RDB snapshots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensurePackages, packageVersion } from '../support/debian-packages.js';
import { freePort } from '../support/free-port.js';
import { ServiceProcess } from '../support/service-process.js';
import type { BrokerPeer } from './peer.js';

export const REDIS_DURABILITY = 'streams in memory, appendonly yes with appendfsync everysec: a write is in the ' +
  'page cache when acknowledged and fsynced within about a second';

export class Redis implements BrokerPeer {
  readonly durability = REDIS_DURABILITY;
  readonly #dir: string;
  #name = 'Redis';
  #port = 0;
  #server: ServiceProcess | undefined;

  constructor(dir: string) {
    this.#dir = dir;
  }

  get name(): string {
    return this.#name;
  }

  get port(): number {
    return this.#port;
  }

  get serverPid(): number {
    return this.#server?.serverPid ?? 0;
  }

  async start(log: (line: string) => void): Promise<void> {
    ensurePackages('Redis', ['redis-server', 'redis-tools'], log);
    this.#name = `Redis ${packageVersion('redis-server').replace(/^\d+:/, '').split('-')[0]}`;
    mkdirSync(this.#dir, { recursive: true });
    this.#port = await freePort();
    this.#server = new ServiceProcess({
      name: 'redis',
      command: 'redis-server',
      args: [
        '--bind', '127.0.0.1', '--port', String(this.#port), '--dir', this.#dir,
        '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '',
        '--daemonize', 'no', '--protected-mode', 'no', '--logfile', '',
      ],
      logFile: path.join(this.#dir, 'redis.log'),
      serverComm: 'redis-server',
      readyTimeoutMs: 30_000,
    });
    await this.#server.start(ServiceProcess.portReady(this.#port), log);
  }

  async stop(): Promise<void> {
    await this.#server?.stop();
  }

  async dispose(): Promise<void> {
    await this.#server?.dispose();
  }
}
