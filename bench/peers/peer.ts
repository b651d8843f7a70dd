/**
 * A message broker the suites measure: Millrace or one of its peers, each started on 127.0.0.1 in a throwaway
 * directory and stopped afterwards. The suites read the server process's CPU seconds and memory from `/proc`, so a
 * peer only has to say which process does its work.
 */
export interface BrokerPeer {
  /** Name and version, e.g. `RabbitMQ 3.10.8`. */
  readonly name: string;
  /** How durable an acknowledged message is, stated in the report beside the figures. */
  readonly durability: string;
  /** The process whose CPU and RSS count as the broker's. */
  readonly serverPid: number;
  /** Installs (if needed) and starts it; resolves once it accepts clients. */
  start(log: (line: string) => void): Promise<void>;
  /** Graceful stop. */
  stop(): Promise<void>;
  /** Kills whatever is still running; safe to call at any time, also after `stop`. */
  dispose(): Promise<void>;
}
