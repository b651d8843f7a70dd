import { defineConfig } from 'millrace/connect';

export const UPPERCASE_SINK_CONFIG = defineConfig([
  { name: 'file', type: 'string', importance: 'high', documentation: 'File the upper-cased values are appended to.' },
]);
