import assert from 'node:assert/strict';
import { consumerGroupsOptions, defineConsumerGroupsCommand } from '../../../src/cli/consumer-groups-options.js';
import type { ConsumerGroupsOptions } from '../../../src/cli/consumer-groups-options.js';
import { UsageError } from '../../../src/cli/usage-error.js';
import { parseArgs } from './parse-args.js';

const parse = (...args: string[]): ConsumerGroupsOptions => consumerGroupsOptions(parseArgs(defineConsumerGroupsCommand, args));
const BS = ['--bootstrap-server', 'localhost:9092'];

function rejects(args: string[], message: string): void {
  assert.throws(() => parse(...args), (err: unknown) => err instanceof UsageError && err.message === message);
}

describe('consumer-groups arguments (Kafka ConsumerGroupCommand)', () => {
  it('parses --list and --describe', () => {
    assert.equal(parse(...BS, '--list').action, 'list');
    const d = parse(...BS, '--describe', '--group', 'g');
    assert.ok(d.action === 'describe');
    assert.deepEqual(d.groups, ['g']);
    assert.equal(d.view, 'offsets');
    assert.equal(d.timeoutMs, 5000);
    const s = parse(...BS, '--describe', '--all-groups', '--state');
    assert.ok(s.action === 'describe' && s.groups === 'all' && s.view === 'state');
  });

  it('needs one action, a server and a group', () => {
    rejects([...BS], 'Command must include exactly one action: --list, --describe, --reset-offsets');
    rejects([...BS, '--list', '--describe'], 'Command must include exactly one action: --list, --describe, --reset-offsets');
    rejects(['--list'], 'Missing required argument "[bootstrap-server]"');
    rejects([...BS, '--describe'], 'Option "[describe]" takes one of these options: "[all-groups]", "[group]"');
    rejects([...BS, '--describe', '--group', 'g', '--members', '--state'], 'Option "[describe]" takes at most one of these options: "[members]", "[offsets]", "[state]"');
  });

  it('parses a reset with its scope and scenario', () => {
    const r = parse(...BS, '--reset-offsets', '--group', 'g', '--topic', 't', '--topic', 'u:0,2', '--to-offset', '5', '--execute');
    assert.ok(r.action === 'reset-offsets');
    assert.deepEqual(r.topics, [{ topic: 't', partitions: undefined }, { topic: 'u', partitions: [0, 2] }]);
    assert.deepEqual(r.spec, { kind: 'offset', offset: 5 });
    assert.equal(r.execute, true);
    assert.equal(r.warnNoAction, false);
    const shift = parse(...BS, '--reset-offsets', '--group', 'g', '--all-topics', '--shift-by', '-2', '--dry-run');
    assert.ok(shift.action === 'reset-offsets' && shift.topics === 'all' && shift.execute === false && shift.warnNoAction === false);
    assert.deepEqual(shift.spec, { kind: 'shift', by: -2 });
    const bare = parse(...BS, '--reset-offsets', '--group', 'g', '--all-topics', '--to-earliest');
    assert.ok(bare.action === 'reset-offsets' && bare.warnNoAction && !bare.execute);
  });

  it('checks reset options', () => {
    const base = [...BS, '--reset-offsets', '--group', 'g'];
    rejects([...base, '--all-topics', '--to-latest', '--dry-run', '--execute'], 'Option "[reset-offsets]" only accepts one of "[execute]" and "[dry-run]"');
    rejects([...base, '--to-latest'], 'Option "[reset-offsets]" takes one of these options: "[all-topics]", "[topic]"');
    rejects([...base, '--all-topics'], 'Option "[reset-offsets]" takes exactly one of these options: "[to-earliest]", "[to-latest]", "[to-current]", "[to-offset]", "[shift-by]"');
    rejects([...base, '--all-topics', '--to-latest', '--to-earliest'], 'Option "[reset-offsets]" takes exactly one of these options: "[to-earliest]", "[to-latest]", "[to-current]", "[to-offset]", "[shift-by]"');
    rejects([...base, '--all-topics', '--to-offset', '-1'], '--to-offset expects a non-negative integer, got "-1"');
    rejects([...base, '--topic', 't:x', '--to-latest'], '--topic partition expects an integer >= 0, got "x"');
  });
});
