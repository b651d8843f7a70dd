import assert from 'node:assert/strict';
import { ErrorCode } from '../../../../src/protocol/error-codes.js';
import type { JoinGroupParams } from '../../../../src/broker/group/coordinator-types.js';
import { CoordinatorHarness, flush, joinParams, protocols, watch } from './fixtures.js';
import type { JoinOutcome } from './fixtures.js';

describe('GroupCoordinator membership', () => {
  let h: CoordinatorHarness;

  beforeEach(() => {
    h = new CoordinatorHarness();
  });

  afterEach(() => {
    h.close();
  });

  const join = (overrides: Partial<JoinGroupParams> = {}) => watch(h.coordinator.joinGroup(joinParams(overrides)));
  const state = (groupId = 'g') => h.coordinator.describeGroup(groupId).groupState;
  const heartbeat = (memberId: string, generationId: number, groupId = 'g') =>
    h.coordinator.heartbeat({ groupId, memberId, generationId, groupInstanceId: null });
  const sync = (memberId: string, generationId: number, assignments: { memberId: string; assignment: Buffer }[] = []) =>
    watch(h.coordinator.syncGroup({ groupId: 'g', memberId, generationId, groupInstanceId: null, assignments }));

  /** Joins `count` members at once, lets the initial delay pass, and syncs them (leader first) into Stable. */
  async function stableGroup(count: number, overrides: Partial<JoinGroupParams> = {}): Promise<JoinOutcome[]> {
    const joins = Array.from({ length: count }, (_, i) => join({ clientId: `c${i}`, ...overrides }));
    h.scheduler.advance(h.config.initialRebalanceDelayMs * 2);
    await flush();
    const outcomes = joins.map((j) => {
      assert.ok(j.settled(), 'join answered after the initial delay');
      return j.value();
    });
    const leader = outcomes.find((o) => o.memberId === o.leaderId)!;
    const assignments = outcomes.map((o) => ({ memberId: o.memberId, assignment: Buffer.from(`assigned-${o.memberId}`) }));
    const leaderSync = sync(leader.memberId, leader.generationId, assignments);
    for (const o of outcomes) if (o !== leader) sync(o.memberId, o.generationId);
    await flush();
    assert.equal(leaderSync.value().errorCode, ErrorCode.NONE);
    assert.equal(state(), 'Stable');
    return outcomes;
  }

  it('JoinGroup v4+ hands out a member id with MEMBER_ID_REQUIRED, then admits the member with it', async () => {
    const first = join({ requireKnownMemberId: true, clientId: 'kafkajs' });
    await flush();
    assert.equal(first.value().errorCode, ErrorCode.MEMBER_ID_REQUIRED);
    assert.equal(first.value().memberId, 'kafkajs-1');
    assert.equal(state(), 'Empty', 'a pending member does not start a rebalance');

    const second = join({ requireKnownMemberId: true, memberId: 'kafkajs-1' });
    assert.equal(state(), 'PreparingRebalance');
    h.scheduler.advance(h.config.initialRebalanceDelayMs);
    await flush();
    const joined = second.value();
    assert.equal(joined.errorCode, ErrorCode.NONE);
    assert.equal(joined.memberId, 'kafkajs-1');
    assert.equal(joined.leaderId, 'kafkajs-1');
    assert.equal(joined.generationId, 1);
    assert.equal(joined.protocolName, 'range');
    assert.deepEqual(joined.members.map((m) => [m.memberId, m.metadata.toString()]), [['kafkajs-1', 'meta-range']]);
    assert.equal(state(), 'CompletingRebalance');
  });

  it('a join with an id that was never handed out is refused with UNKNOWN_MEMBER_ID', async () => {
    const unknownGroup = join({ memberId: 'ghost' });
    await flush();
    assert.equal(unknownGroup.value().errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
    await stableGroup(1);
    const ghost = join({ memberId: 'ghost' });
    await flush();
    assert.equal(ghost.value().errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('holds the first rebalance for the initial delay, extended while members arrive, up to the rebalance timeout', async () => {
    const a = join({ clientId: 'a' });
    h.scheduler.advance(2_000);
    const b = join({ clientId: 'b' });
    h.scheduler.advance(1_500);
    await flush();
    assert.ok(!a.settled() && !b.settled(), 'a member arrived during the delay: it is extended');
    h.scheduler.advance(3_000);
    await flush();
    assert.ok(a.settled() && b.settled());
    assert.equal(a.value().generationId, 1);
    assert.equal(a.value().leaderId, a.value().memberId, 'the first member leads');
    assert.equal(a.value().members.length, 2, 'the leader gets every member');
    assert.deepEqual(b.value().members, [], 'followers get no member list');

    const slow = new CoordinatorHarness({ initialRebalanceDelayMs: 3_000 });
    try {
      const first = watch(slow.coordinator.joinGroup(joinParams({ groupId: 's', rebalanceTimeoutMs: 10_000 })));
      let t = 0;
      while (!first.settled() && t < 30_000) {
        slow.scheduler.advance(1_000);
        t += 1_000;
        void slow.coordinator.joinGroup(joinParams({ groupId: 's', clientId: `late-${t}`, rebalanceTimeoutMs: 10_000 }));
        await flush();
      }
      assert.ok(first.settled());
      assert.ok(t <= 10_000, `a steady stream of joins cannot hold the group past its rebalance timeout (took ${t} ms)`);
    } finally {
      slow.close();
    }
  });

  it('chooses the protocol by vote among the protocols every member supports', async () => {
    const a = join({ clientId: 'a', protocols: protocols('range', 'roundrobin') });
    const b = join({ clientId: 'b', protocols: protocols('roundrobin', 'range') });
    const c = join({ clientId: 'c', protocols: protocols('roundrobin', 'range', 'sticky') });
    h.scheduler.advance(10_000);
    await flush();
    for (const j of [a, b, c]) assert.equal(j.value().protocolName, 'roundrobin');

    const d = watch(h.coordinator.joinGroup(joinParams({ groupId: 'g2', clientId: 'd', protocols: protocols('range', 'roundrobin') })));
    const e = watch(h.coordinator.joinGroup(joinParams({ groupId: 'g2', clientId: 'e', protocols: protocols('sticky', 'range') })));
    h.scheduler.advance(10_000);
    await flush();
    assert.equal(d.value().protocolName, 'range', 'roundrobin is not supported by every member');
    assert.equal(e.value().protocolName, 'range');
  });

  it('refuses a mismatched protocol type or no common protocol with INCONSISTENT_GROUP_PROTOCOL', async () => {
    await stableGroup(1);
    const connect = join({ protocolType: 'connect' });
    const sticky = join({ protocols: protocols('sticky') });
    const emptyType = watch(h.coordinator.joinGroup(joinParams({ groupId: 'other', protocolType: '' })));
    const noProtocols = watch(h.coordinator.joinGroup(joinParams({ groupId: 'other', protocols: [] })));
    await flush();
    for (const j of [connect, sticky, emptyType, noProtocols]) assert.equal(j.value().errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    assert.equal(state(), 'Stable', 'the refused joins did not disturb the group');
  });

  it('accepts any protocol type: a Connect group works as a consumer group does', async () => {
    const outcomes = await stableGroup(2, { protocolType: 'connect', protocols: protocols('sessioned', 'default') });
    assert.equal(outcomes[0]!.protocolName, 'sessioned');
    assert.equal(h.coordinator.describeGroup('g').protocolType, 'connect');
  });

  it('refuses session timeouts outside the configured bounds with INVALID_SESSION_TIMEOUT', async () => {
    const low = join({ sessionTimeoutMs: h.config.minSessionTimeoutMs - 1 });
    const high = join({ sessionTimeoutMs: h.config.maxSessionTimeoutMs + 1 });
    const ok = join({ sessionTimeoutMs: h.config.minSessionTimeoutMs });
    await flush();
    assert.equal(low.value().errorCode, ErrorCode.INVALID_SESSION_TIMEOUT);
    assert.equal(high.value().errorCode, ErrorCode.INVALID_SESSION_TIMEOUT);
    assert.ok(!ok.settled(), 'a valid join is held for the initial delay');
  });

  it('refuses static membership and an empty group id', async () => {
    const staticMember = join({ groupInstanceId: 'instance-1' });
    const noGroup = join({ groupId: '' });
    await flush();
    assert.equal(staticMember.value().errorCode, ErrorCode.UNSUPPORTED_VERSION);
    assert.equal(noGroup.value().errorCode, ErrorCode.INVALID_GROUP_ID);
  });

  it('SyncGroup: followers block until the leader sends the assignment; a missing assignment is empty', async () => {
    const a = join({ clientId: 'a' });
    const b = join({ clientId: 'b' });
    const c = join({ clientId: 'c' });
    h.scheduler.advance(10_000);
    await flush();
    const [leader, f1, f2] = [a.value(), b.value(), c.value()];
    const s1 = sync(f1.memberId, f1.generationId);
    const s2 = sync(f2.memberId, f2.generationId);
    for (let t = 0; t < 60; t++) {
      h.scheduler.advance(1_000);
      assert.equal(heartbeat(leader.memberId, leader.generationId), ErrorCode.NONE);
    }
    await flush();
    assert.ok(!s1.settled() && !s2.settled(), 'followers wait, for longer than their session timeout');
    assert.equal(state(), 'CompletingRebalance');
    assert.equal(heartbeat(f1.memberId, f1.generationId), ErrorCode.NONE, 'heartbeats are fine while completing');

    const sl = sync(leader.memberId, leader.generationId, [
      { memberId: leader.memberId, assignment: Buffer.from('L') },
      { memberId: f1.memberId, assignment: Buffer.from('F1') },
    ]);
    await flush();
    assert.deepEqual(sl.value(), { errorCode: ErrorCode.NONE, assignment: Buffer.from('L') });
    assert.deepEqual(s1.value(), { errorCode: ErrorCode.NONE, assignment: Buffer.from('F1') });
    assert.deepEqual(s2.value(), { errorCode: ErrorCode.NONE, assignment: Buffer.alloc(0) });
    assert.equal(state(), 'Stable');
    const late = sync(f1.memberId, f1.generationId);
    await flush();
    assert.deepEqual(late.value().assignment, Buffer.from('F1'), 'a sync after the leader is answered at once');

    const described = h.coordinator.describeGroup('g');
    assert.equal(described.protocolData, 'range');
    const member = described.members.find((m) => m.memberId === f1.memberId)!;
    assert.deepEqual([member.clientId, member.clientHost, member.memberMetadata.toString(), member.memberAssignment.toString()], ['b', '/127.0.0.1', 'meta-range', 'F1']);
  });

  it('SyncGroup errors: unknown member 25, wrong generation 22, rebalance in progress 27', async () => {
    const [leader] = await stableGroup(1);
    const unknown = sync('ghost', leader!.generationId);
    const stale = sync(leader!.memberId, leader!.generationId - 1);
    join({ clientId: 'newcomer' });
    const during = sync(leader!.memberId, leader!.generationId);
    await flush();
    assert.equal(unknown.value().errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
    assert.equal(stale.value().errorCode, ErrorCode.ILLEGAL_GENERATION);
    assert.equal(during.value().errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('Heartbeat: Empty 25, Stable 0, wrong generation 22, unknown member 25, PreparingRebalance 27', async () => {
    assert.equal(heartbeat('x', 0, 'nobody'), ErrorCode.UNKNOWN_MEMBER_ID);
    const [a] = await stableGroup(1);
    assert.equal(heartbeat(a!.memberId, a!.generationId), ErrorCode.NONE);
    assert.equal(heartbeat(a!.memberId, a!.generationId + 1), ErrorCode.ILLEGAL_GENERATION);
    assert.equal(heartbeat('ghost', a!.generationId), ErrorCode.UNKNOWN_MEMBER_ID);
    join({ clientId: 'newcomer' });
    assert.equal(heartbeat(a!.memberId, a!.generationId), ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('a new member triggers a rebalance that completes when every member rejoined; the generation advances', async () => {
    const [a] = await stableGroup(1);
    const b = join({ clientId: 'b' });
    assert.equal(heartbeat(a!.memberId, a!.generationId), ErrorCode.REBALANCE_IN_PROGRESS);
    await flush();
    assert.ok(!b.settled(), 'waits for the existing member to rejoin');
    const a2 = join({ memberId: a!.memberId });
    await flush();
    assert.equal(a2.value().generationId, a!.generationId + 1);
    assert.equal(b.value().generationId, a!.generationId + 1);
    assert.equal(a2.value().leaderId, a!.memberId, 'the leader keeps its role');
    assert.equal(a2.value().members.length, 2);
  });

  it('a follower blocked in SyncGroup is answered REBALANCE_IN_PROGRESS when a rebalance starts', async () => {
    const a = join({ clientId: 'a' });
    const b = join({ clientId: 'b' });
    h.scheduler.advance(10_000);
    await flush();
    const waiting = sync(b.value().memberId, b.value().generationId);
    join({ clientId: 'c' });
    await flush();
    assert.equal(waiting.value().errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
    assert.equal(state(), 'PreparingRebalance');
    assert.ok(a.settled());
  });

  it('removes a member that misses its heartbeats for the session timeout and rebalances the rest', async () => {
    const [a, b] = await stableGroup(2, { sessionTimeoutMs: 10_000 });
    for (let t = 0; t < 9; t++) {
      h.scheduler.advance(1_000);
      assert.equal(heartbeat(a!.memberId, a!.generationId), ErrorCode.NONE);
    }
    assert.equal(h.coordinator.describeGroup('g').members.length, 2, 'b is still inside its session');
    h.scheduler.advance(1_000);
    assert.deepEqual(h.coordinator.describeGroup('g').members.map((m) => m.memberId), [a!.memberId], 'b expired');
    assert.equal(state(), 'PreparingRebalance');
    assert.equal(heartbeat(a!.memberId, a!.generationId), ErrorCode.REBALANCE_IN_PROGRESS);
    const rejoined = join({ memberId: a!.memberId });
    await flush();
    assert.equal(rejoined.value().generationId, a!.generationId + 1);
    assert.deepEqual(rejoined.value().members.map((m) => m.memberId), [a!.memberId]);
    assert.equal(heartbeat(b!.memberId, b!.generationId), ErrorCode.UNKNOWN_MEMBER_ID, 'b must join again from scratch');
  });

  it('removes members that do not rejoin within the rebalance timeout, though they kept heartbeating', async () => {
    const [a, b] = await stableGroup(2, { rebalanceTimeoutMs: 20_000 });
    const c = join({ clientId: 'c', rebalanceTimeoutMs: 20_000 });
    const a2 = join({ memberId: a!.memberId, rebalanceTimeoutMs: 20_000 });
    for (let t = 0; t < 19; t++) {
      h.scheduler.advance(1_000);
      assert.equal(heartbeat(b!.memberId, b!.generationId), ErrorCode.REBALANCE_IN_PROGRESS);
    }
    await flush();
    assert.ok(!a2.settled());
    h.scheduler.advance(1_000);
    await flush();
    assert.equal(a2.value().errorCode, ErrorCode.NONE);
    assert.deepEqual(a2.value().members.map((m) => m.memberId).sort(), [a!.memberId, c.value().memberId].sort());
    assert.equal(heartbeat(b!.memberId, a2.value().generationId), ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('a leader that does not rejoin is replaced by a member that did', async () => {
    const [a, b] = await stableGroup(2, { rebalanceTimeoutMs: 20_000 });
    const c = join({ clientId: 'c', rebalanceTimeoutMs: 20_000 });
    const b2 = join({ memberId: b!.memberId, rebalanceTimeoutMs: 20_000 });
    h.scheduler.advance(20_000);
    await flush();
    assert.equal(b2.value().leaderId, b!.memberId);
    assert.equal(b2.value().members.length, 2, 'the new leader gets the member list');
    assert.deepEqual(c.value().members, []);
    assert.equal(heartbeat(a!.memberId, b2.value().generationId), ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('the leader leaving hands leadership to the next member; LeaveGroup reports unknown members', async () => {
    const [a, b] = await stableGroup(2);
    const left = h.coordinator.leaveGroup('g', [
      { memberId: a!.memberId, groupInstanceId: null },
      { memberId: 'ghost', groupInstanceId: null },
    ]);
    assert.deepEqual(left.members.map((m) => [m.memberId, m.errorCode]), [[a!.memberId, ErrorCode.NONE], ['ghost', ErrorCode.UNKNOWN_MEMBER_ID]]);
    assert.equal(state(), 'PreparingRebalance');
    const b2 = join({ memberId: b!.memberId });
    await flush();
    assert.equal(b2.value().leaderId, b!.memberId);
    assert.equal(b2.value().members.length, 1);
    assert.deepEqual(h.coordinator.leaveGroup('nobody', [{ memberId: 'x', groupInstanceId: null }]).members[0]!.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('the last member leaving empties the group with a new generation', async () => {
    const [a] = await stableGroup(1);
    h.coordinator.leaveGroup('g', [{ memberId: a!.memberId, groupInstanceId: null }]);
    assert.equal(state(), 'Empty');
    assert.equal(heartbeat(a!.memberId, a!.generationId), ErrorCode.UNKNOWN_MEMBER_ID);
    const again = join({ clientId: 'z' });
    h.scheduler.advance(h.config.initialRebalanceDelayMs);
    await flush();
    assert.equal(again.value().generationId, a!.generationId + 2);
  });

  it('a handed-out member id that never comes back holds a rebalance only until its session timeout', async () => {
    const [a] = await stableGroup(1, { sessionTimeoutMs: 10_000 });
    const pending = join({ clientId: 'slow', requireKnownMemberId: true, sessionTimeoutMs: 10_000 });
    await flush();
    assert.equal(pending.value().errorCode, ErrorCode.MEMBER_ID_REQUIRED);
    const rejoin = join({ memberId: a!.memberId, protocols: protocols('range', 'roundrobin') });
    h.scheduler.advance(9_000);
    await flush();
    assert.ok(!rejoin.settled(), 'waiting for the pending member');
    h.scheduler.advance(1_000);
    await flush();
    assert.equal(rejoin.value().errorCode, ErrorCode.NONE);
    assert.equal(rejoin.value().members.length, 1);
    const late = join({ memberId: pending.value().memberId, requireKnownMemberId: true });
    await flush();
    assert.equal(late.value().errorCode, ErrorCode.UNKNOWN_MEMBER_ID, 'its id expired with it');
  });

  it('a follower rejoining unchanged while stable gets the current generation; a changed one forces a rebalance', async () => {
    const [, b] = await stableGroup(2);
    const same = join({ memberId: b!.memberId });
    await flush();
    assert.equal(same.value().generationId, b!.generationId);
    assert.equal(state(), 'Stable');
    join({ memberId: b!.memberId, protocols: protocols('range', 'sticky') });
    assert.equal(state(), 'PreparingRebalance');
  });

  it('DescribeGroups shows an unknown group as Dead and ListGroups every group with its protocol type', async () => {
    assert.deepEqual(h.coordinator.describeGroup('nobody'), {
      errorCode: ErrorCode.NONE,
      groupId: 'nobody',
      groupState: 'Dead',
      protocolType: '',
      protocolData: '',
      members: [],
    });
    await stableGroup(1);
    h.coordinator.commitOffsets({ groupId: 'simple', generationId: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1, topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }] });
    assert.deepEqual(h.coordinator.listGroups().sort((x, y) => x.groupId.localeCompare(y.groupId)), [
      { groupId: 'g', protocolType: 'consumer' },
      { groupId: 'simple', protocolType: '' },
    ]);
  });

  it('shutdown answers held joins and syncs with COORDINATOR_NOT_AVAILABLE', async () => {
    const held = join();
    h.coordinator.shutdown();
    await flush();
    assert.equal(held.value().errorCode, ErrorCode.COORDINATOR_NOT_AVAILABLE);
    assert.equal(heartbeat('x', 1), ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });
});
