import assert from 'node:assert/strict';
import { formatAssignments, formatGroupState, formatMembers, formatOffsetResets, lagOf } from '../../../src/cli/consumer-group-table.js';

describe('consumer-groups tables', () => {
  it("lays out --describe as Kafka's String.format does", () => {
    const table = formatAssignments([
      { group: 'g', topic: 't', partition: 0, currentOffset: 2, logEndOffset: 5, lag: 3, consumerId: null, host: null, clientId: null },
    ]);
    assert.equal(
      table,
      '\nGROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID\n' +
        'g               t               0          2               5               3               -               -               -\n',
    );
  });

  it('widens the group, topic, consumer and host columns to their longest value', () => {
    const consumerId = 'console-consumer-0d2b7c1e-6f3a-4a8e-9d56-1b2c3d4e5f60';
    const table = formatAssignments([
      { group: 'a-rather-long-group-name', topic: 'topic', partition: 1, currentOffset: null, logEndOffset: 7, lag: null, consumerId, host: '/127.0.0.1', clientId: 'console-consumer' },
    ]);
    const [blank, header, row] = table.split('\n');
    assert.equal(blank, '');
    assert.equal(header, `GROUP${' '.repeat(19)} TOPIC${' '.repeat(11)}PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID${' '.repeat(consumerId.length - 10)}HOST            CLIENT-ID`);
    assert.equal(row, `a-rather-long-group-name topic           1          -               7               -               ${consumerId} /127.0.0.1      console-consumer`);
  });

  it('computes lag only from a known committed offset and log end', () => {
    assert.equal(lagOf(3, 10), 7);
    assert.equal(lagOf(null, 10), null);
    assert.equal(lagOf(-1, 10), null);
    assert.equal(lagOf(3, null), null);
  });

  it('prints the --reset-offsets table with fixed widths and nothing for no rows', () => {
    assert.equal(formatOffsetResets([]), '');
    assert.equal(
      formatOffsetResets([{ group: 'g', topic: 't', partition: 0, newOffset: 0 }]),
      `\nGROUP${' '.repeat(26)}TOPIC${' '.repeat(26)}PARTITION  NEW-OFFSET     \n` + `g${' '.repeat(30)}t${' '.repeat(30)}0          0              \n`,
    );
  });

  it('prints --members with a trailing #PARTITIONS column, and ASSIGNMENT with --verbose', () => {
    const row = { group: 'g', consumerId: 'c-1', host: '/10.0.0.1', clientId: 'cli', partitions: [{ topic: 'b', partition: 2 }, { topic: 'a', partition: 1 }, { topic: 'b', partition: 0 }] };
    const idle = { group: 'g', consumerId: 'c-2', host: '/10.0.0.2', clientId: 'cli', partitions: [] };
    const p15 = (s: string) => s.padEnd(15);
    assert.equal(
      formatMembers([row, idle], false),
      `\n${p15('GROUP')} ${p15('CONSUMER-ID')} ${p15('HOST')} ${p15('CLIENT-ID')} ${p15('#PARTITIONS')} \n` +
        `${p15('g')} ${p15('c-1')} ${p15('/10.0.0.1')} ${p15('cli')} ${p15('3')} \n` +
        `${p15('g')} ${p15('c-2')} ${p15('/10.0.0.2')} ${p15('cli')} ${p15('0')} \n`,
    );
    const verbose = formatMembers([row, idle], true).split('\n');
    assert.ok(verbose[1]!.endsWith(`${p15('#PARTITIONS')} ASSIGNMENT`));
    assert.ok(verbose[2]!.endsWith(`${p15('3')} a(1), b(0,2)`));
    assert.ok(verbose[3]!.endsWith(`${p15('0')} -`));
  });

  it('prints --state with the GROUP column as wide as the coordinator', () => {
    assert.equal(
      formatGroupState({ group: 'g', coordinator: 'localhost:9092 (0)', assignmentStrategy: 'range', state: 'Stable', members: 1 }),
      `\n${'GROUP'.padEnd(25)} ${'COORDINATOR (ID)'.padEnd(25)} ${'ASSIGNMENT-STRATEGY'.padEnd(20)} ${'STATE'.padEnd(15)} #MEMBERS` +
        `\n${'g'.padEnd(25)} ${'localhost:9092 (0)'.padEnd(25)} ${'range'.padEnd(20)} ${'Stable'.padEnd(15)} 1\n`,
    );
    const wide = formatGroupState({ group: 'g', coordinator: 'a-very-long-broker-host-name:9092 (12)', assignmentStrategy: '', state: 'Empty', members: 0 });
    assert.ok(wide.startsWith(`\nGROUP${' '.repeat(38 - 5)} COORDINATOR (ID)`));
  });
});
