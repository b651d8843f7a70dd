/**
 * `consumer-groups` tables, laid out as Kafka's `ConsumerGroupCommand` prints them with `String.format`: a blank
 * line, a header, one row per partition; the GROUP, TOPIC, CONSUMER-ID and HOST columns widen to their longest
 * value (at least 15), the others have fixed widths, and columns are separated by one space.
 */

/** Kafka's placeholder for a value a row does not have. */
export const MISSING = '-';

/** One row of `--describe` (Kafka's `PartitionAssignmentState`); null prints as `-`. */
export interface PartitionAssignmentRow {
  readonly group: string;
  readonly topic: string | null;
  readonly partition: number | null;
  readonly currentOffset: number | null;
  readonly logEndOffset: number | null;
  readonly lag: number | null;
  readonly consumerId: string | null;
  readonly host: string | null;
  readonly clientId: string | null;
}

/** One row of `--reset-offsets`. */
export interface OffsetResetRow {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly newOffset: number;
}

/** Java's `%-Ns`: left-justified, padded with spaces to at least `width`. */
function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function show(value: string | number | null): string {
  return value === null ? MISSING : String(value);
}

/** Kafka's lag: log end minus committed offset, when both are known. */
export function lagOf(currentOffset: number | null, logEndOffset: number | null): number | null {
  return currentOffset === null || currentOffset === -1 || logEndOffset === null ? null : logEndOffset - currentOffset;
}

/** The `--describe` (offsets) table, starting with its blank line. */
export function formatAssignments(rows: readonly PartitionAssignmentRow[]): string {
  let groupWidth = 15;
  let topicWidth = 15;
  let consumerWidth = 15;
  let hostWidth = 15;
  for (const row of rows) {
    groupWidth = Math.max(groupWidth, row.group.length);
    topicWidth = Math.max(topicWidth, show(row.topic).length);
    consumerWidth = Math.max(consumerWidth, show(row.consumerId).length);
    hostWidth = Math.max(hostWidth, show(row.host).length);
  }
  const line = (cells: readonly string[]): string =>
    [
      pad(cells[0]!, groupWidth),
      pad(cells[1]!, topicWidth),
      pad(cells[2]!, 10),
      pad(cells[3]!, 15),
      pad(cells[4]!, 15),
      pad(cells[5]!, 15),
      pad(cells[6]!, consumerWidth),
      pad(cells[7]!, hostWidth),
      cells[8]!,
    ].join(' ') + '\n';
  let out = '\n' + line(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID']);
  for (const row of rows) {
    out += line([
      row.group,
      show(row.topic),
      show(row.partition),
      show(row.currentOffset),
      show(row.logEndOffset),
      show(row.lag),
      show(row.consumerId),
      show(row.host),
      show(row.clientId),
    ]);
  }
  return out;
}

/** The `--reset-offsets` table (`%-30s %-30s %-10s %-15s`), starting with its blank line; empty for no rows. */
export function formatOffsetResets(rows: readonly OffsetResetRow[]): string {
  if (rows.length === 0) return '';
  const line = (group: string, topic: string, partition: string, offset: string): string =>
    `${pad(group, 30)} ${pad(topic, 30)} ${pad(partition, 10)} ${pad(offset, 15)}\n`;
  let out = '\n' + line('GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET');
  for (const row of rows) out += line(row.group, row.topic, String(row.partition), String(row.newOffset));
  return out;
}
