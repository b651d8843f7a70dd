/**
 * The file connectors as a Millrace plugin: `connector.class` may name them by Kafka's class names
 * (`org.apache.kafka.connect.file.FileStreamSourceConnector`), the simple class names, or the short aliases
 * `FileStreamSource` / `FileStreamSink`.
 */
import type { PluginManifest } from '../../src/connect/api/index.js';
import { FileStreamSinkConnector } from './file-stream-sink-connector.js';
import { FileStreamSourceConnector } from './file-stream-source-connector.js';

export { FileStreamSinkConnector } from './file-stream-sink-connector.js';
export { FileStreamSinkTask } from './file-stream-sink-task.js';
export { FileStreamSourceConnector } from './file-stream-source-connector.js';
export { FileStreamSourceTask } from './file-stream-source-task.js';

export const plugin: PluginManifest = {
  connectors: [
    {
      class: FileStreamSourceConnector,
      name: 'org.apache.kafka.connect.file.FileStreamSourceConnector',
      aliases: ['FileStreamSource'],
    },
    {
      class: FileStreamSinkConnector,
      name: 'org.apache.kafka.connect.file.FileStreamSinkConnector',
      aliases: ['FileStreamSink'],
    },
  ],
};
