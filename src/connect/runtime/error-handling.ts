import type { Logger } from '../../common/logger.js';
import { ConnectException } from '../api/errors.js';
import type { ToleranceType } from './connector-config.js';

/**
 * Kafka Connect's error handling (`RetryWithToleranceOperator`, `Stage`, `ToleranceType`): where a record failed
 * is data carried by the error, and `errors.tolerance` decides whether the failure kills the task (`none`) or the
 * record is skipped (`all`) after being logged (`errors.log.enable`) and reported (dead letter queue).
 */

/** Where in a record's path an operation failed (Kafka's `Stage`). */
export const Stage = {
  TASK_POLL: 'TASK_POLL',
  TASK_PUT: 'TASK_PUT',
  TRANSFORMATION: 'TRANSFORMATION',
  KEY_CONVERTER: 'KEY_CONVERTER',
  VALUE_CONVERTER: 'VALUE_CONVERTER',
  HEADER_CONVERTER: 'HEADER_CONVERTER',
  KAFKA_PRODUCE: 'KAFKA_PRODUCE',
  KAFKA_CONSUME: 'KAFKA_CONSUME',
} as const;

export type Stage = (typeof Stage)[keyof typeof Stage];

/** What the failed operation was working on, for logs and dead letter queue headers. */
export interface ErrorContext {
  readonly stage: Stage;
  /** The class (constructor name) that threw: a converter, transformation or the task. */
  readonly executingClass: string;
  /** The consumed record, for sinks: where it came from and its raw bytes. */
  readonly consumed?: {
    readonly topic: string;
    readonly partition: number;
    readonly offset: number;
    readonly key: Buffer | null;
    readonly value: Buffer | null;
    readonly headers: readonly { readonly key: string; readonly value: Buffer | null }[];
  };
  /** A description of the record for logs (`errors.log.include.messages`). */
  readonly describeRecord?: () => string;
}

/** A record's failure that the connector does not tolerate; fails the task with the stage in its message. */
export class ToleranceExceededError extends ConnectException {
  readonly stage: Stage;
  readonly executingClass: string;

  constructor(context: ErrorContext, cause: unknown) {
    super(`Tolerance exceeded in error handler: ${context.stage} in ${context.executingClass} failed: ${messageOf(cause)}`, { cause });
    this.stage = context.stage;
    this.executingClass = context.executingClass;
  }
}

/** Receives each tolerated failure (Kafka's `ErrorReporter`): the dead letter queue, for instance. */
export interface ErrorReporter {
  report(context: ErrorContext, error: unknown): Promise<void>;
}

export interface ErrorHandlingOptions {
  readonly tolerance: ToleranceType;
  readonly logEnable: boolean;
  readonly logIncludeMessages: boolean;
  /** `connector-task` id for log lines. */
  readonly taskId: string;
}

/**
 * Applies one connector's error policy. `execute` runs an operation; a throw either propagates as
 * `ToleranceExceededError` or is tolerated: logged when configured, handed to the reporters, and signalled to the
 * caller by `SKIP` so it drops the record.
 */
export class ErrorHandler {
  static readonly SKIP: unique symbol = Symbol('skip');

  readonly #options: ErrorHandlingOptions;
  readonly #logger: Logger;
  readonly #reporters: ErrorReporter[];
  #pending: Promise<void>[] = [];
  #tolerated = 0;

  constructor(options: ErrorHandlingOptions, logger: Logger, reporters: ErrorReporter[] = []) {
    this.#options = options;
    this.#logger = logger;
    this.#reporters = reporters;
  }

  get toleratesErrors(): boolean {
    return this.#options.tolerance === 'all';
  }

  /** Failures skipped so far. */
  get toleratedCount(): number {
    return this.#tolerated;
  }

  /**
   * Runs `op`; returns its result, or `SKIP` when it threw and the error is tolerated.
   * @throws ToleranceExceededError when it threw and `errors.tolerance=none`
   */
  execute<T>(context: ErrorContext, op: () => T): T | typeof ErrorHandler.SKIP {
    try {
      return op();
    } catch (err) {
      this.failed(context, err);
      return ErrorHandler.SKIP;
    }
  }

  /**
   * Records a failure that happened outside `execute` (an asynchronous produce, a reported errant record).
   * @throws ToleranceExceededError when `errors.tolerance=none`
   */
  failed(context: ErrorContext, error: unknown): void {
    if (this.#options.tolerance !== 'all') throw new ToleranceExceededError(context, error);
    this.#tolerated++;
    if (this.#options.logEnable) {
      const record = this.#options.logIncludeMessages && context.describeRecord !== undefined ? ` record: ${context.describeRecord()}` : '';
      this.#logger.error({ err: error }, `Error encountered in task ${this.#options.taskId}. Executing stage '${context.stage}' with class '${context.executingClass}'.${record}`);
    }
    for (const reporter of this.#reporters) {
      const report = reporter.report(context, error).catch((err: unknown) => {
        this.#logger.error({ err }, `Could not report a failed record of task ${this.#options.taskId}`);
      });
      this.#pending.push(report);
    }
  }

  /** Resolves once every report made so far is done (before offsets past those records are committed). */
  async awaitReports(): Promise<void> {
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    await Promise.all(pending);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
