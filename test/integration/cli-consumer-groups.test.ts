import assert from 'node:assert/strict';
import { cleanup, startBroker } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { assertSucceeded, kcat, requireTool } from '../support/tools.js';
import { assertOk, assertOneLineError, millrace, startMillrace } from './cli-tool.js';

const pad = (text: string, width: number) => text.padEnd(width);
const describeHeader = '\nGROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID\n';
const resetHeader = `\n${pad('GROUP', 30)} ${pad('TOPIC', 30)} ${pad('PARTITION', 10)} ${pad('NEW-OFFSET', 15)}\n`;
const resetRow = (group: string, topic: string, partition: number, offset: number) =>
  `${pad(group, 30)} ${pad(topic, 30)} ${pad(String(partition), 10)} ${pad(String(offset), 15)}\n`;
const offsetRow = (group: string, partition: number, current: number, lag: number) =>
  `${pad(group, 15)} ${pad('cg', 15)} ${pad(String(partition), 10)} ${pad(String(current), 15)} ${pad('3', 15)} ${pad(String(lag), 15)} ${pad('-', 15)} ${pad('-', 15)} -\n`;

describe('millrace consumer-groups', function () {
  let broker: BrokerHandle;
  const groups = (...args: string[]) => millrace(['consumer-groups', '--bootstrap-server', broker.bootstrap, ...args]);
  const describeIdle = async (): Promise<string> => {
    const result = await groups('--describe', '--group', 'idle');
    assertOk(result, 'describe idle');
    assert.equal(result.stderr, "\nConsumer group 'idle' has no active members.\n");
    return result.stdout.toString();
  };

  before(async function () {
    requireTool('kcat', 'apt-get install kcat');
    broker = await startBroker({ props: { 'group.initial.rebalance.delay.ms': '0' } });
    assertOk(await millrace(['topics', '--bootstrap-server', broker.bootstrap, '--create', '--topic', 'cg', '--partitions', '2']), 'create cg');
    for (const partition of [0, 1]) {
      assertSucceeded(await kcat(['-P', '-b', broker.bootstrap, '-t', 'cg', '-p', String(partition)], { input: 'r0\nr1\nr2\n' }), 'kcat -P');
    }
    const consumed = await millrace(['console-consumer', '--bootstrap-server', broker.bootstrap, '--topic', 'cg', '--group', 'idle', '--from-beginning', '--max-messages', '6']);
    assertOk(consumed, 'console-consumer --group idle');
  });

  after(async function () {
    if (broker?.running) await broker.stop();
    await cleanup();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`--- broker output ---\n${broker?.allLogs().slice(-10_000)}`);
  });

  it('lists the group and describes an empty one with its committed offsets', async function () {
    const listed = await groups('--list');
    assertOk(listed, '--list');
    assert.ok(listed.stdout.toString().split('\n').includes('idle'), listed.stdout.toString());
    assert.equal(await describeIdle(), describeHeader + offsetRow('idle', 0, 3, 0) + offsetRow('idle', 1, 3, 0));
  });

  it('shows a reset with --dry-run, or without --execute after a warning, and changes nothing', async function () {
    const dry = await groups('--reset-offsets', '--group', 'idle', '--topic', 'cg', '--to-earliest', '--dry-run');
    assertOk(dry, '--dry-run');
    assert.equal(dry.stdout.toString(), resetHeader + resetRow('idle', 'cg', 0, 0) + resetRow('idle', 'cg', 1, 0));
    assert.equal(dry.stderr, '');
    const bare = await groups('--reset-offsets', '--group', 'idle', '--all-topics', '--to-earliest');
    assertOk(bare, 'reset without --execute');
    assert.equal(bare.stdout.toString(), dry.stdout.toString());
    assert.match(bare.stderr, /^WARN: No action will be performed as the --execute option is missing\./);
    assert.equal(await describeIdle(), describeHeader + offsetRow('idle', 0, 3, 0) + offsetRow('idle', 1, 3, 0));
  });

  it('executes resets to earliest, an offset (clamped), a shift, and latest', async function () {
    const earliest = await groups('--reset-offsets', '--group', 'idle', '--topic', 'cg', '--to-earliest', '--execute');
    assertOk(earliest, '--to-earliest');
    assert.equal(await describeIdle(), describeHeader + offsetRow('idle', 0, 0, 3) + offsetRow('idle', 1, 0, 3));

    const clamped = await groups('--reset-offsets', '--group', 'idle', '--topic', 'cg:1', '--to-offset', '10', '--execute');
    assertOk(clamped, '--to-offset');
    assert.equal(clamped.stdout.toString(), resetHeader + resetRow('idle', 'cg', 1, 3));
    assert.equal(clamped.stderr, 'WARN New offset (10) is higher than latest offset for topic partition cg-1. Value will be set to 3\n');

    assertOk(await groups('--reset-offsets', '--group', 'idle', '--topic', 'cg:1', '--shift-by', '-1', '--execute'), '--shift-by');
    assertOk(await groups('--reset-offsets', '--group', 'idle', '--topic', 'cg:0', '--to-offset', '1', '--execute'), '--to-offset 1');
    assert.equal(await describeIdle(), describeHeader + offsetRow('idle', 0, 1, 2) + offsetRow('idle', 1, 2, 1));

    const latest = await groups('--reset-offsets', '--group', 'idle', '--all-topics', '--to-latest', '--execute');
    assertOk(latest, '--to-latest');
    assert.equal(latest.stdout.toString(), resetHeader + resetRow('idle', 'cg', 0, 3) + resetRow('idle', 'cg', 1, 3));
    assert.equal(await describeIdle(), describeHeader + offsetRow('idle', 0, 3, 0) + offsetRow('idle', 1, 3, 0));
  });

  it('describes an active group with its member, and refuses to reset it', async function () {
    const consumer = startMillrace(['console-consumer', '--bootstrap-server', broker.bootstrap, '--topic', 'cg', '--group', 'live', '--from-beginning']);
    try {
      await consumer.waitFor((out) => out.split('\n').length === 7);
      const offsets = await groups('--describe', '--group', 'live');
      assertOk(offsets, 'describe live');
      assert.equal(offsets.stderr, '');
      const [blank, header, ...rows] = offsets.stdout.toString().split('\n');
      assert.equal(blank, '');
      assert.match(header!, /^GROUP +TOPIC +PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG +CONSUMER-ID +HOST +CLIENT-ID$/);
      assert.equal(rows.length, 3);
      for (const [i, row] of rows.slice(0, 2).entries()) {
        assert.match(row, new RegExp(`^live +cg +${i} +[-3] +3 +[-0] +console-consumer-\\S+ +\\S+ +console-consumer$`));
      }
      const members = await groups('--describe', '--group', 'live', '--members', '--verbose');
      assertOk(members, '--members');
      assert.match(members.stdout.toString().split('\n')[2]!, /^live +console-consumer-\S+ +\S+ +console-consumer +2 +cg\(0,1\)$/);
      const state = await groups('--describe', '--group', 'live', '--state');
      assertOk(state, '--state');
      assert.match(state.stdout.toString(), /^\nGROUP +COORDINATOR \(ID\) +ASSIGNMENT-STRATEGY +STATE +#MEMBERS\nlive +127\.0\.0\.1:\d+ \(0\) +\S+ +Stable +1\n$/);
      assertOneLineError(
        await groups('--reset-offsets', '--group', 'live', '--all-topics', '--to-earliest', '--execute'),
        "Assignments can only be reset if the group 'live' is inactive, but the current state is Stable.",
      );
    } finally {
      assertOk(await consumer.interrupt(), 'console-consumer');
    }
  });

  it('reports an unknown group or topic in one line', async function () {
    assertOneLineError(await groups('--describe', '--group', 'nobody'), "Consumer group 'nobody' does not exist.");
    assertOneLineError(await groups('--reset-offsets', '--group', 'idle', '--topic', 'absent', '--to-earliest', '--execute'), "Topic 'absent' does not exist as expected");
    assertOneLineError(await groups('--describe'), 'Option "[describe]" takes one of these options: "[all-groups]", "[group]"');
    assertOneLineError(await groups('--reset-offsets', '--group', 'idle', '--topic', 'cg', '--to-earliest', '--dry-run', '--execute'), 'Option "[reset-offsets]" only accepts one of "[execute]" and "[dry-run]"');
  });
});
