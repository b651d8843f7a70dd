import { defineConfig } from '../../src/connect/api/index.js';

/**
 * The file source's settings. `file`, `topic` and `batch.size` are Kafka's FileStreamSource keys with Kafka's
 * meaning; `files` is Millrace's addition for log collection. With neither `file` nor `files` set the source reads
 * standard input, without offsets, as Kafka's does.
 */
export const FileSourceKeys = {
  FILE: 'file',
  FILES: 'files',
  TOPIC: 'topic',
  BATCH_SIZE: 'batch.size',
} as const;

/** Keys the connector adds to each task's configuration; not meant to be set by users. */
export const FileSourceTaskKeys = {
  /** JSON array: the files of the connector's initial listing this task reads. */
  FILES: 'task.files',
  /** JSON array: files of the initial listing that hash to this task but another task reads. */
  ELSEWHERE: 'task.files.elsewhere',
  INDEX: 'task.index',
  COUNT: 'task.count',
} as const;

/** Kafka's legal topic names: ASCII letters, digits, `.`, `_` and `-`, at most 249 characters. */
const TOPIC_PATTERN = '[a-zA-Z0-9._-]{1,249}';

export const FILE_SOURCE_CONFIG = defineConfig([
  {
    name: FileSourceKeys.FILE,
    type: 'string',
    default: null,
    importance: 'high',
    group: 'source',
    documentation:
      'Source filename. If not specified (and files is not either), the standard input will be used. ' +
      'Read from its stored offset, followed as it grows and across log rotation.',
  },
  {
    name: FileSourceKeys.FILES,
    type: 'string',
    default: null,
    importance: 'high',
    group: 'source',
    documentation:
      'Comma-separated glob patterns of files to read, e.g. /var/log/app/*.log (*, ?, **, [set], {a,b}); files ' +
      'that start matching later are picked up. Each file keeps its own offset and the files are spread over up ' +
      'to tasks.max tasks. Make the patterns miss rotated-away names (app.log.1), or those are read as new files.',
  },
  {
    name: FileSourceKeys.TOPIC,
    type: 'string',
    importance: 'high',
    group: 'source',
    validator: { pattern: TOPIC_PATTERN },
    documentation: 'The topic to publish data to.',
  },
  {
    name: FileSourceKeys.BATCH_SIZE,
    type: 'int',
    default: 2000,
    importance: 'low',
    group: 'source',
    validator: { range: { min: 1 } },
    documentation: 'The maximum number of records the source task can read from the file each time it is polled.',
  },
]);

export const FILE_SOURCE_TASK_CONFIG = FILE_SOURCE_CONFIG.withKeys<
  ReturnType<typeof FILE_SOURCE_CONFIG.parse> & {
    'task.files': string;
    'task.files.elsewhere': string;
    'task.index': number;
    'task.count': number;
  }
>([
  { name: FileSourceTaskKeys.FILES, type: 'string', default: '[]', importance: 'low',
    documentation: 'Set by the connector: JSON array of the files of its initial listing this task reads.' },
  { name: FileSourceTaskKeys.ELSEWHERE, type: 'string', default: '[]', importance: 'low',
    documentation: 'Set by the connector: JSON array of files that hash to this task but another task reads.' },
  { name: FileSourceTaskKeys.INDEX, type: 'int', default: 0, validator: { range: { min: 0 } }, importance: 'low',
    documentation: 'Set by the connector: this task\'s number, from 0.' },
  { name: FileSourceTaskKeys.COUNT, type: 'int', default: 1, validator: { range: { min: 1 } }, importance: 'low',
    documentation: 'Set by the connector: how many tasks share the files.' },
]);
