import { defineConfig } from '../api/config-definition.js';
import type { ConfigDefinition } from '../api/config-definition.js';
import type { ConnectRecord } from '../api/connect-record.js';
import { DataException } from '../api/errors.js';
import type { Transformation } from '../api/transformation.js';

export const TIMESTAMP_ROUTER_CONFIG = defineConfig([
  { name: 'topic.format', type: 'string', default: '${topic}-${timestamp}', importance: 'high',
    documentation: 'The new topic name: ${topic} and ${timestamp} are replaced by the original topic and the formatted timestamp.' },
  { name: 'timestamp.format', type: 'string', default: 'yyyyMMdd', importance: 'high',
    documentation: 'Java SimpleDateFormat pattern for the timestamp (UTC); yyyy, yy, MM, dd, HH, mm, ss, SSS and quoted text are supported.' },
]);

const FIELDS = /'[^']*'|yyyy|yy|MM|dd|HH|mm|ss|SSS/g;

/**
 * Kafka's `TimestampRouter`: routes a record to a topic named from its original topic and its timestamp, e.g.
 * `logs-20261124` for daily topics. A record without a timestamp is a DataException, as in Kafka.
 */
export class TimestampRouter<R extends ConnectRecord<R>> implements Transformation<R> {
  #topicFormat = '';
  #timestampFormat = '';

  config(): ConfigDefinition {
    return TIMESTAMP_ROUTER_CONFIG;
  }

  configure(configs: Readonly<Record<string, string>>): void {
    const parsed = TIMESTAMP_ROUTER_CONFIG.parse(configs);
    this.#topicFormat = parsed['topic.format'];
    this.#timestampFormat = parsed['timestamp.format'];
  }

  apply(record: R): R {
    if (record.timestamp === null) throw new DataException(`Timestamp missing on record: ${String(record)}`);
    const formatted = formatUtc(record.timestamp, this.#timestampFormat);
    return record.newRecord({ topic: this.#topicFormat.replaceAll('${topic}', record.topic).replaceAll('${timestamp}', formatted) });
  }

  close(): void {}
}

/** The subset of SimpleDateFormat that topic names use, in UTC as Kafka's TimestampRouter formats. */
export function formatUtc(ms: number, pattern: string): string {
  const d = new Date(ms);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return pattern.replace(FIELDS, (field) => {
    switch (field) {
      case 'yyyy':
        return pad(d.getUTCFullYear(), 4);
      case 'yy':
        return pad(d.getUTCFullYear() % 100, 2);
      case 'MM':
        return pad(d.getUTCMonth() + 1, 2);
      case 'dd':
        return pad(d.getUTCDate(), 2);
      case 'HH':
        return pad(d.getUTCHours(), 2);
      case 'mm':
        return pad(d.getUTCMinutes(), 2);
      case 'ss':
        return pad(d.getUTCSeconds(), 2);
      case 'SSS':
        return pad(d.getUTCMilliseconds(), 3);
      default:
        return field === "''" ? "'" : field.slice(1, -1);
    }
  });
}
