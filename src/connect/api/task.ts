/**
 * What every task shares (Kafka's `Task`). Tasks are created by the runtime with a no-argument constructor from the
 * class their connector's `taskClass()` returns, then started with one of the maps from `taskConfigs`.
 */
export interface Task {
  /** The task's version, usually the connector's. */
  version(): string;
  start(props: Readonly<Record<string, string>>): void | Promise<void>;
  stop(): void | Promise<void>;
}
