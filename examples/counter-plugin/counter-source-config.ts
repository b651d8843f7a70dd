import { defineConfig } from 'millrace/connect';

/** The counter source's keys, declared once: the runtime validates files against them before starting anything. */
export const COUNTER_SOURCE_CONFIG = defineConfig([
  { name: 'topic', type: 'string', importance: 'high', documentation: 'Topic the numbers are written to.' },
  { name: 'interval.ms', type: 'long', default: 100, validator: { range: { min: 0 } }, importance: 'medium',
    documentation: 'Pause between two numbers.' },
  { name: 'max.count', type: 'long', default: -1, validator: { range: { min: -1 } }, importance: 'low',
    documentation: 'Stop after this many numbers in total (-1: never).' },
]);
