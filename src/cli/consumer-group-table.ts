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

/** One row of `--describe --members` (Kafka's `MemberAssignmentState`). */
export interface MemberRow {
  readonly group: string;
  readonly consumerId: string;
  readonly host: string;
  readonly clientId: string;
  readonly partitions: readonly { readonly topic: string; readonly partition: number }[];
}

/** Kafka's ASSIGNMENT column: `t1(0,1), t2(3)`, topics sorted, `-` for none. */
function assignmentText(partitions: MemberRow['partitions']): string {
  if (partitions.length === 0) return MISSING;
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of partitions) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
  return [...byTopic]
    .map(([topic, list]) => `${topic}(${list.sort((a, b) => a - b).join(',')})`)
    .sort()
    .join(', ');
}

/** The `--describe --members` table (`--verbose` adds ASSIGNMENT), starting with its blank line. */
export function formatMembers(rows: readonly MemberRow[], verbose: boolean): string {
  let groupWidth = 15;
  let consumerWidth = 15;
  let hostWidth = 15;
  let clientWidth = 15;
  for (const row of rows) {
    groupWidth = Math.max(groupWidth, row.group.length);
    consumerWidth = Math.max(consumerWidth, row.consumerId.length);
    hostWidth = Math.max(hostWidth, row.host.length);
    clientWidth = Math.max(clientWidth, row.clientId.length);
  }
  const line = (cells: readonly string[]): string =>
    `${pad(cells[0]!, groupWidth)} ${pad(cells[1]!, consumerWidth)} ${pad(cells[2]!, hostWidth)} ${pad(cells[3]!, clientWidth)} ` +
    `${pad(cells[4]!, 15)} ${verbose ? cells[5]! : ''}\n`;
  let out = '\n' + line(['GROUP', 'CONSUMER-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS', 'ASSIGNMENT']);
  for (const row of rows) {
    out += line([row.group, row.consumerId, row.host, row.clientId, String(row.partitions.length), assignmentText(row.partitions)]);
  }
  return out;
}

export interface GroupStateRow {
  readonly group: string;
  /** `host:port (id)` of the group coordinator. */
  readonly coordinator: string;
  readonly assignmentStrategy: string;
  readonly state: string;
  readonly members: number;
}

/**
 * The `--describe --state` lines. Kafka sizes the GROUP column by the coordinator's width (at least 25) and the
 * COORDINATOR column at 25, and prints each line after its newline.
 */
export function formatGroupState(row: GroupStateRow): string {
  const width = Math.max(25, row.coordinator.length);
  const line = (cells: readonly string[]): string =>
    `\n${pad(cells[0]!, width)} ${pad(cells[1]!, 25)} ${pad(cells[2]!, 20)} ${pad(cells[3]!, 15)} ${cells[4]!}`;
  return (
    line(['GROUP', 'COORDINATOR (ID)', 'ASSIGNMENT-STRATEGY', 'STATE', '#MEMBERS']) +
    line([row.group, row.coordinator, row.assignmentStrategy, row.state, String(row.members)]) +
    '\n'
  );
}
