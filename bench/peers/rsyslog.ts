/**
 * rsyslog (Debian's rsyslogd with rsyslog-kafka) as the classic log shipper: imfile reads a file from its start,
 * omkafka (librdkafka) produces each line to a Kafka topic. It runs with only this configuration (no system
 * inputs), in the foreground, with its state under a throwaway directory.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePackages, packageVersion } from '../support/debian-packages.js';
import { readCpuSeconds, readMemory } from '../support/proc-stats.js';
import { ServiceProcess } from '../support/service-process.js';

/** The same librdkafka producer settings as the kcat case (`broker-contenders.ts`), and acks=all like Connect's. */
export const OMKAFKA_SETTINGS = ['linger.ms=5', 'batch.size=1000000', 'batch.num.messages=1000000',
  'queue.buffering.max.messages=1000000', 'acks=all'] as const;

export interface RsyslogJob {
  file: string;
  bootstrap: string;
  topic: string;
}

/**
 * Installs rsyslog and its Kafka output if needed and returns its name and version.
 * @throws PeerUnavailableError when they cannot be installed
 */
export function installRsyslog(log: (line: string) => void): string {
  ensurePackages('rsyslog', ['rsyslog', 'rsyslog-kafka'], log);
  return `rsyslog ${packageVersion('rsyslog').split('-')[0]}`;
}

export class Rsyslog {
  readonly #dir: string;
  #service: ServiceProcess | undefined;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async start(job: RsyslogJob, log: (line: string) => void): Promise<void> {
    const work = path.join(this.#dir, 'work');
    mkdirSync(work, { recursive: true });
    const config = path.join(this.#dir, 'rsyslog.conf');
    const pidFile = path.join(this.#dir, 'rsyslogd.pid');
    const params = OMKAFKA_SETTINGS.map((setting) => `"${setting}"`).join(', ');
    writeFileSync(config, [
      `global(workDirectory="${work}" maxMessageSize="64k")`,
      'module(load="imfile" mode="inotify")',
      'module(load="omkafka")',
      'template(name="line" type="string" string="%msg%")',
      'ruleset(name="tokafka" queue.type="LinkedList" queue.size="100000" queue.dequeueBatchSize="1024") {',
      `  action(type="omkafka" broker=["${job.bootstrap}"] topic="${job.topic}" template="line" confParam=[${params}])`,
      '}',
      `input(type="imfile" File="${job.file}" Tag="bench" ruleset="tokafka" freshStartTail="off")`,
      '',
    ].join('\n'));
    log(`rsyslog.conf: imfile File="${job.file}" → omkafka topic="${job.topic}" confParam=[${params}]`);
    this.#service = new ServiceProcess({
      name: 'rsyslogd',
      command: 'rsyslogd',
      args: ['-n', '-f', config, '-i', pidFile],
      logFile: path.join(this.#dir, 'rsyslogd.log'),
      serverComm: 'rsyslogd',
      readyTimeoutMs: 30_000,
    });
    await this.#service.start(async () => existsSync(pidFile), log);
  }

  usage(): { cpuSeconds: number; peakRssKiB: number } {
    const pid = this.#service?.serverPid ?? 0;
    return { cpuSeconds: readCpuSeconds(pid), peakRssKiB: readMemory(pid).peakRssKiB };
  }

  async stop(): Promise<void> {
    await this.#service?.stop();
  }

  async dispose(): Promise<void> {
    await this.#service?.dispose();
  }
}
