import { defineConfig } from '../../src/connect/api/index.js';

/** The file sink's settings: Kafka's FileStreamSink keys with Kafka's meaning. */
export const FileSinkKeys = {
  FILE: 'file',
} as const;

export const FILE_SINK_CONFIG = defineConfig([
  {
    name: FileSinkKeys.FILE,
    type: 'string',
    default: null,
    importance: 'high',
    documentation: 'Destination filename. If not specified, the standard output will be used.',
  },
]);
