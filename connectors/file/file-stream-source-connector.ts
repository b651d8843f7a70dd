import { SourceConnector } from '../../src/connect/api/index.js';
import type { ConfigDefinition, ConfigValidation, SourceTask, TaskConstructor } from '../../src/connect/api/index.js';
import { FileGlob } from './file-glob.js';
import { FILE_SOURCE_CONFIG, FileSourceKeys, FileSourceTaskKeys } from './file-stream-source-config.js';
import { FileStreamSourceTask } from './file-stream-source-task.js';
import { expandGlobs } from './glob-expansion.js';
import { assignFiles } from './task-assignment.js';
import { VERSION } from './version.js';

/**
 * Reads lines from files (or standard input) into a topic: Kafka's FileStreamSourceConnector, with its keys and
 * offsets, plus what log collection needs — rotation by rename or copytruncate without losing or repeating a line,
 * `files` globs picked up as files appear, and the files spread over up to `tasks.max` tasks.
 *
 * Task split: `file` alone, or standard input, is one task, as in Kafka. With `files`, the files matching when the
 * task configs are made are dealt out evenly (see task-assignment.ts); a wildcard pattern gets `tasks.max` tasks,
 * since files may appear later, and literal patterns no more tasks than files. A file appearing later is read by the
 * task its path hashes to.
 */
export class FileStreamSourceConnector extends SourceConnector {
  #props: Readonly<Record<string, string>> = {};
  #globs: FileGlob[] = [];

  version(): string {
    return VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    const config = FILE_SOURCE_CONFIG.parse(props);
    this.#props = props;
    const file = config.file;
    this.#globs = [...(file === null ? [] : [FileGlob.literal(file)]), ...FileGlob.parseList(config.files ?? '')];
  }

  taskClass(): TaskConstructor<SourceTask> {
    return FileStreamSourceTask;
  }

  async taskConfigs(maxTasks: number): Promise<Record<string, string>[]> {
    const hasWildcard = this.#globs.some((glob) => !glob.isLiteral);
    const files = this.#globs.length === 0 ? [] : await expandGlobs(this.#globs);
    const taskCount = hasWildcard ? Math.max(1, maxTasks) : Math.max(1, Math.min(maxTasks, files.length));
    const { owned, elsewhere } = assignFiles(files, taskCount);
    return owned.map((taskFiles, index) => ({
      ...this.#props,
      [FileSourceTaskKeys.FILES]: JSON.stringify(taskFiles),
      [FileSourceTaskKeys.ELSEWHERE]: JSON.stringify(elsewhere[index]),
      [FileSourceTaskKeys.INDEX]: String(index),
      [FileSourceTaskKeys.COUNT]: String(taskCount),
    }));
  }

  stop(): void {
    this.#globs = [];
  }

  config(): ConfigDefinition {
    return FILE_SOURCE_CONFIG;
  }

  override validate(props: Readonly<Record<string, string>>): ConfigValidation {
    const validation = super.validate(props);
    const files = props[FileSourceKeys.FILES];
    if (files !== undefined && files.trim() !== '' && FileGlob.parseList(files).length === 0) {
      validation.addError(FileSourceKeys.FILES, 'names no pattern; leave it unset to read only file (or stdin)');
    }
    return validation;
  }
}
