/**
 * ActiveMQ Classic (Debian's activemq) on 127.0.0.1: the JVM started directly on the package's `activemq.jar` with
 * an `activemq.xml` written into a throwaway directory, which also holds the KahaDB store. Only a STOMP (NIO)
 * transport on a free port; no JMX, advisories or scheduler. Nothing of the system's instance
 * (/etc/activemq, /var/lib/activemq) is read or written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePackages, packageVersion } from '../support/debian-packages.js';
import { freePort } from '../support/free-port.js';
import { ServiceProcess } from '../support/service-process.js';
import type { BrokerPeer } from './peer.js';

const HOME = '/usr/share/activemq';
const HEAP = '1G';
const READY_TIMEOUT_MS = 120_000;
/**
 * Java 9+ module openings the package's own launcher (/usr/bin/activemq) passes; without them Spring's XBean
 * configuration cannot reflect into the JDK.
 */
const JVM_OPENS = [
  '--add-reads=java.xml=java.logging',
  '--add-opens', 'java.base/java.security=ALL-UNNAMED',
  '--add-opens', 'java.base/java.net=ALL-UNNAMED',
  '--add-opens', 'java.base/java.lang=ALL-UNNAMED',
  '--add-opens', 'java.base/java.util=ALL-UNNAMED',
  '--add-opens', 'java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-opens', 'java.base/java.util.concurrent.atomic=ALL-UNNAMED',
] as const;

export const ACTIVEMQ_DURABILITY = 'persistent messages in KahaDB (journal disk syncs on, as shipped); a STOMP ' +
  'receipt is requested for every 1,000th send and comes after the journal fsync that covers it and the sends ' +
  'before it on the connection';

/**
 * The queue pages in at most `maxPageSize` messages and holds dispatched, unacknowledged ones against its memory
 * limit: the defaults (200 and 1 MB) would stall a consumer with a prefetch of thousands and cumulative acks.
 */
function brokerXml(dir: string, port: number): string {
  return `<beans xmlns="http://www.springframework.org/schema/beans"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans-2.0.xsd
  http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">
  <broker xmlns="http://activemq.apache.org/schema/core" brokerName="millrace-bench" useJmx="false"
      persistent="true" advisorySupport="false" schedulerSupport="false" dataDirectory="${dir}/data">
    <destinationPolicy><policyMap><policyEntries>
      <policyEntry queue="&gt;" memoryLimit="128mb" maxPageSize="10000"/>
    </policyEntries></policyMap></destinationPolicy>
    <systemUsage><systemUsage>
      <memoryUsage><memoryUsage limit="256mb"/></memoryUsage>
    </systemUsage></systemUsage>
    <persistenceAdapter><kahaDB directory="${dir}/data/kahadb"/></persistenceAdapter>
    <transportConnectors>
      <transportConnector name="stomp" uri="stomp+nio://127.0.0.1:${port}"/>
    </transportConnectors>
  </broker>
</beans>
`;
}

export class ActiveMq implements BrokerPeer {
  readonly durability = ACTIVEMQ_DURABILITY;
  readonly #dir: string;
  #name = 'ActiveMQ';
  #port = 0;
  #server: ServiceProcess | undefined;

  constructor(dir: string) {
    this.#dir = dir;
  }

  get name(): string {
    return this.#name;
  }

  /** `127.0.0.1:PORT` of the STOMP transport. */
  get address(): string {
    return `127.0.0.1:${this.#port}`;
  }

  get serverPid(): number {
    return this.#server?.serverPid ?? 0;
  }

  async start(log: (line: string) => void): Promise<void> {
    ensurePackages('ActiveMQ', ['activemq'], log);
    this.#name = `ActiveMQ ${packageVersion('activemq').split(/[+-]/)[0]}`;
    const dir = this.#dir;
    mkdirSync(path.join(dir, 'data'), { recursive: true });
    this.#port = await freePort();
    const config = path.join(dir, 'activemq.xml');
    writeFileSync(config, brokerXml(dir, this.#port));
    this.#server = new ServiceProcess({
      name: 'activemq',
      command: 'java',
      args: [
        `-Xms${HEAP}`, `-Xmx${HEAP}`, ...JVM_OPENS,
        `-Dactivemq.home=${HOME}`, `-Dactivemq.base=${dir}`, `-Dactivemq.conf=${dir}`, `-Dactivemq.data=${path.join(dir, 'data')}`,
        '-jar', path.join(HOME, 'bin', 'activemq.jar'), 'start', `xbean:file:${config}`,
      ],
      cwd: dir,
      logFile: path.join(dir, 'activemq.log'),
      serverComm: 'java',
      readyTimeoutMs: READY_TIMEOUT_MS,
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
