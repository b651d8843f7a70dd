/**
 * One `connect-standalone` process as shipped: `config/connect-standalone.properties` with the embedded broker, its
 * addresses and directories moved to free ports and a throwaway directory, converters as a case asks, and the
 * connector files given. Each run gets a fresh directory, so source offsets never carry over between runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/free-port.js';
import { readCpuSeconds, readMemory } from '../support/proc-stats.js';
import { overrideProperties } from '../support/properties-override.js';
import { ServiceProcess } from '../support/service-process.js';

const ENTRY = fileURLToPath(new URL('../../src/cli/connect-standalone.js', import.meta.url));
const SHIPPED_CONFIG = fileURLToPath(new URL('../../../config/connect-standalone.properties', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

export interface WorkerUsage {
  cpuSeconds: number;
  peakRssKiB: number;
}

export class ConnectWorker {
  readonly #dir: string;
  #service: ServiceProcess | undefined;
  #bootstrap = '';

  constructor(dir: string) {
    this.#dir = dir;
  }

  get bootstrap(): string {
    return this.#bootstrap;
  }

  get pid(): number {
    return this.#service?.serverPid ?? 0;
  }

  /**
   * Writes the worker file (shipped config + `workerOverrides`) and one file per connector, starts the worker and
   * resolves once its embedded broker accepts connections.
   */
  async start(workerOverrides: Readonly<Record<string, string>>, connectors: readonly Readonly<Record<string, string>>[],
    log: (line: string) => void): Promise<void> {
    const port = await freePort();
    const restPort = await freePort();
    this.#bootstrap = `127.0.0.1:${port}`;
    const workerFile = path.join(this.#dir, 'worker.properties');
    writeFileSync(workerFile, overrideProperties(readFileSync(SHIPPED_CONFIG, 'utf8'), {
      'bootstrap.servers': this.#bootstrap,
      'offset.storage.file.filename': path.join(this.#dir, 'connect.offsets'),
      listeners: `http://127.0.0.1:${restPort}`,
      'embedded.broker.listeners': `PLAINTEXT://127.0.0.1:${port}`,
      'embedded.broker.advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
      'embedded.broker.log.dirs': path.join(this.#dir, 'broker'),
      ...workerOverrides,
    }));
    const connectorFiles = connectors.map((connector, index) => {
      const file = path.join(this.#dir, `connector-${index + 1}.properties`);
      writeFileSync(file, Object.entries(connector).map(([key, value]) => `${key}=${value}`).join('\n') + '\n');
      return file;
    });
    log(`worker file: ${SHIPPED_CONFIG} with ${Object.entries({ ...workerOverrides }).map(([k, v]) => `${k}=${v}`).join(' ') || 'addresses and directories moved'}`);
    for (const [index, connector] of connectors.entries()) {
      log(`connector ${index + 1}: ${Object.entries(connector).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    }
    this.#service = new ServiceProcess({
      name: 'connect-standalone',
      command: process.execPath,
      args: [path.relative(process.cwd(), ENTRY), workerFile, ...connectorFiles],
      logFile: path.join(this.#dir, 'worker.log'),
      serverComm: 'node',
      readyTimeoutMs: READY_TIMEOUT_MS,
    });
    await this.#service.start(ServiceProcess.portReady(port), log);
  }

  /** CPU seconds and peak RSS (VmHWM) of the worker process so far; read before `stop`. */
  usage(): WorkerUsage {
    return { cpuSeconds: readCpuSeconds(this.pid), peakRssKiB: readMemory(this.pid).peakRssKiB };
  }

  logTail(): string {
    return this.#service?.logTail() ?? '';
  }

  async stop(): Promise<void> {
    await this.#service?.stop();
  }

  async dispose(): Promise<void> {
    await this.#service?.dispose();
  }
}
