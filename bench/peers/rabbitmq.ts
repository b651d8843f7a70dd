/**
 * RabbitMQ (Debian's rabbitmq-server) on 127.0.0.1: its own epmd on a free port, node `millrace-bench@localhost`,
 * mnesia, logs, config and Erlang cookie all under a throwaway directory, no plugins. Nothing of the system's
 * RabbitMQ (/etc/rabbitmq, /var/lib/rabbitmq) is read or written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePackages, packageVersion } from '../support/debian-packages.js';
import { freePort } from '../support/free-port.js';
import { ServiceProcess } from '../support/service-process.js';
import type { BrokerPeer } from './peer.js';

const SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const READY_TIMEOUT_MS = 120_000;

export const RABBITMQ_DURABILITY = 'durable queue, persistent messages (delivery mode 2); a publisher confirm is ' +
  'sent once the message store has fsynced, which it does in batches';

export class RabbitMq implements BrokerPeer {
  readonly durability = RABBITMQ_DURABILITY;
  readonly #dir: string;
  #name = 'RabbitMQ';
  #port = 0;
  #epmd: ServiceProcess | undefined;
  #server: ServiceProcess | undefined;

  constructor(dir: string) {
    this.#dir = dir;
  }

  get name(): string {
    return this.#name;
  }

  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.#port}`;
  }

  get serverPid(): number {
    return this.#server?.serverPid ?? 0;
  }

  async start(log: (line: string) => void): Promise<void> {
    ensurePackages('RabbitMQ', ['rabbitmq-server'], log);
    this.#name = `RabbitMQ ${packageVersion('rabbitmq-server').split('-')[0]}`;
    const dir = this.#dir;
    for (const sub of ['mnesia', 'log']) mkdirSync(path.join(dir, sub), { recursive: true });
    this.#port = await freePort();
    const distPort = await freePort();
    const epmdPort = await freePort();
    writeFileSync(path.join(dir, 'rabbitmq.conf'), [
      `listeners.tcp.default = 127.0.0.1:${this.#port}`,
      'loopback_users = none',
      '',
    ].join('\n'));
    writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
    writeFileSync(path.join(dir, 'rabbitmq-env.conf'), '');
    this.#epmd = new ServiceProcess({
      name: 'epmd',
      command: 'epmd',
      args: ['-address', '127.0.0.1', '-port', String(epmdPort)],
      logFile: path.join(dir, 'log', 'epmd.log'),
      serverComm: 'epmd',
      readyTimeoutMs: 10_000,
    });
    await this.#epmd.start(ServiceProcess.portReady(epmdPort), log);
    this.#server = new ServiceProcess({
      name: 'rabbitmq',
      command: SERVER,
      args: [],
      cwd: dir,
      env: {
        HOME: dir,
        ERL_EPMD_PORT: String(epmdPort),
        RABBITMQ_NODENAME: 'millrace-bench@localhost',
        RABBITMQ_DIST_PORT: String(distPort),
        RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
        RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
        RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
        RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
        RABBITMQ_LOG_BASE: path.join(dir, 'log'),
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
      },
      logFile: path.join(dir, 'log', 'stdout.log'),
      serverComm: 'beam.smp',
      readyTimeoutMs: READY_TIMEOUT_MS,
    });
    await this.#server.start(ServiceProcess.portReady(this.#port), log);
  }

  async stop(): Promise<void> {
    await this.#server?.stop();
    await this.#epmd?.stop();
  }

  async dispose(): Promise<void> {
    await this.#server?.dispose();
    await this.#epmd?.dispose();
  }
}
