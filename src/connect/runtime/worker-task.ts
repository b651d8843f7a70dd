import type { Logger } from '../../common/logger.js';
import { State, failedStatus, formatTaskId } from './connector-status.js';
import type { ConnectorTaskId, StatusListener } from './connector-status.js';

export interface WorkerTaskOptions {
  readonly id: ConnectorTaskId;
  readonly workerId: string;
  readonly statusListener: StatusListener;
  readonly logger: Logger;
}

/**
 * What source and sink tasks share (Kafka's `WorkerTask`): the run/stop lifecycle and status reporting. `run()`
 * starts the task and resolves when it ended, whether stopped or failed; it never rejects. A failure marks the task
 * FAILED with its trace and is logged; nothing else (the worker, other tasks) is affected.
 */
export abstract class WorkerTask {
  readonly id: ConnectorTaskId;
  protected readonly logger: Logger;
  readonly #workerId: string;
  readonly #listener: StatusListener;
  #done: Promise<void> | null = null;
  readonly #stopping = new AbortController();

  constructor(options: WorkerTaskOptions) {
    this.id = options.id;
    this.logger = options.logger;
    this.#workerId = options.workerId;
    this.#listener = options.statusListener;
  }

  get isStopping(): boolean {
    return this.#stopping.signal.aborted;
  }

  /** Aborted by `stop()`: for waits (a retry back-off) that must end when the task is asked to stop. */
  protected get stopSignal(): AbortSignal {
    return this.#stopping.signal;
  }

  /** Runs the task to its end. Idempotent: later calls return the same promise. */
  run(): Promise<void> {
    this.#done ??= this.#run();
    return this.#done;
  }

  /** Asks the task to stop; `awaitStop` tells whether it did in time. */
  stop(): void {
    if (this.isStopping) return;
    this.#stopping.abort();
    try {
      this.onStop();
    } catch (err) {
      this.logger.error({ err }, `${this.describe()} threw while being asked to stop`);
    }
  }

  /** Resolves true once the task ended, false when `timeoutMs` passed first (the task is then abandoned). */
  async awaitStop(timeoutMs: number): Promise<boolean> {
    if (this.#done === null) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.#done.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  describe(): string {
    return `WorkerTask{${formatTaskId(this.id)}}`;
  }

  /** Starts the connector's task and processes until stopped; throws to fail the task. */
  protected abstract execute(): Promise<void>;

  /** Called synchronously by `stop()`: wake whatever `execute` is waiting on (a poll, a timer). */
  protected abstract onStop(): void;

  /** Releases clients and the connector's task, after `execute` ended either way. Must not throw. */
  protected abstract close(): Promise<void>;

  protected running(): void {
    this.#listener.onTaskStatus(this.id, { state: State.RUNNING, workerId: this.#workerId });
  }

  async #run(): Promise<void> {
    let failure: unknown = null;
    try {
      await this.execute();
    } catch (err) {
      failure = err;
    }
    await this.close();
    if (failure !== null) {
      this.logger.error({ err: failure }, `${this.describe()} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted`);
      this.#listener.onTaskStatus(this.id, failedStatus(this.#workerId, failure));
    } else {
      this.logger.info(`${this.describe()} Task stopped`);
      this.#listener.onTaskStatus(this.id, { state: State.UNASSIGNED, workerId: this.#workerId });
    }
  }
}
