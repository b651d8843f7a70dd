/**
 * Connector and task states as the REST API reports them (Kafka's `AbstractStatus.State`), and the status each
 * connector and task carries: its state, the worker running it, and for FAILED the error's trace.
 */

export const State = {
  UNASSIGNED: 'UNASSIGNED',
  RUNNING: 'RUNNING',
  PAUSED: 'PAUSED',
  FAILED: 'FAILED',
  RESTARTING: 'RESTARTING',
  STOPPED: 'STOPPED',
} as const;

export type State = (typeof State)[keyof typeof State];

export interface Status {
  readonly state: State;
  /** `host:port` of the worker, as Kafka's `worker_id`. */
  readonly workerId: string;
  /** The error's stack, for FAILED. */
  readonly trace?: string;
}

/** `connector-task`, Kafka's `ConnectorTaskId` as it prints. */
export interface ConnectorTaskId {
  readonly connector: string;
  readonly task: number;
}

export function formatTaskId(id: ConnectorTaskId): string {
  return `${id.connector}-${id.task}`;
}

/** Told of every state change, so the herder's view (and the REST API) stays current. */
export interface StatusListener {
  onConnectorStatus(connector: string, status: Status): void;
  onTaskStatus(id: ConnectorTaskId, status: Status): void;
}

export function failedStatus(workerId: string, error: unknown): Status {
  const trace = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return { state: State.FAILED, workerId, trace };
}
