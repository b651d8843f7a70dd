import assert from 'node:assert/strict';
import { WakeupError } from '../../../../src/client/consumer/consumer-errors.js';
import { GroupMembership, NO_GENERATION } from '../../../../src/client/consumer/group-membership.js';
import type { Generation, GroupProtocol } from '../../../../src/client/consumer/group-membership.js';
import { PollNotifier } from '../../../../src/client/consumer/poll-notifier.js';
import type { Cluster } from '../../../../src/client/cluster.js';
import { ApiKey } from '../../../../src/protocol/apis.js';
import { ErrorCode, KafkaError } from '../../../../src/protocol/error-codes.js';

interface Sent {
  apiKey: number;
  body: Record<string, unknown>;
  version: number | undefined;
}

/** A coordinator that answers each API from a script of responses (the last one repeats). */
class FakeCoordinator {
  readonly sent: Sent[] = [];
  readonly #script = new Map<number, Record<string, unknown>[]>();
  invalidations = 0;
  leaveGroupVersion = 3;

  answer(apiKey: number, ...responses: Record<string, unknown>[]): this {
    this.#script.set(apiKey, responses);
    return this;
  }

  requests(apiKey: number): Record<string, unknown>[] {
    return this.sent.filter((s) => s.apiKey === apiKey).map((s) => s.body);
  }

  cluster(): Cluster {
    const connection = {
      versionFor: (apiKey: number) => (apiKey === ApiKey.LeaveGroup ? this.leaveGroupVersion : 5),
      send: async (apiKey: number, body: Record<string, unknown>, options: { version?: number } = {}) => {
        this.sent.push({ apiKey, body, version: options.version });
        const queue = this.#script.get(apiKey) ?? [{ errorCode: 0 }];
        return queue.length > 1 ? queue.shift()! : queue[0]!;
      },
    };
    return {
      coordinatorConnection: async () => connection,
      invalidateCoordinator: () => {
        this.invalidations++;
      },
      closeSignal: new AbortController().signal,
    } as unknown as Cluster;
  }
}

class RecordingProtocol implements GroupProtocol {
  readonly protocolType = 'consumer';
  readonly prepared: { previous: Generation; lost: boolean }[] = [];
  readonly completed: { generation: Generation; assignment: string }[] = [];
  leaderCalls = 0;

  metadata() {
    return [{ name: 'range', metadata: Buffer.from('subscription') }];
  }

  async onJoinPrepare(previous: Generation, lost: boolean): Promise<void> {
    this.prepared.push({ previous, lost });
  }

  async performAssignment(_leader: string, _protocol: string, members: readonly { memberId: string }[]) {
    this.leaderCalls++;
    return members.map((m) => ({ memberId: m.memberId, assignment: Buffer.from(`for ${m.memberId}`) }));
  }

  async onJoinComplete(generation: Generation, assignment: Buffer): Promise<void> {
    this.completed.push({ generation, assignment: assignment.toString() });
  }
}

const CONFIG = {
  groupId: 'g',
  sessionTimeoutMs: 10_000,
  rebalanceTimeoutMs: 60_000,
  heartbeatIntervalMs: 10,
  retryBackoffMs: 5,
  requestTimeoutMs: 1_000,
};

function joined(memberId: string, generationId: number, leader: string, members: string[] = []) {
  return {
    errorCode: 0,
    generationId,
    protocolName: 'range',
    leader,
    memberId,
    members: members.map((id) => ({ memberId: id, groupInstanceId: null, metadata: Buffer.alloc(0) })),
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('GroupMembership', () => {
  let membership: GroupMembership | undefined;
  afterEach(() => membership?.close());

  function start(coordinator: FakeCoordinator, protocol: GroupProtocol): GroupMembership {
    membership = new GroupMembership(coordinator.cluster(), CONFIG, protocol, new PollNotifier());
    return membership;
  }

  it('rejoins with the member id a v4+ coordinator requires, then leads: assigns and syncs every member', async () => {
    const coordinator = new FakeCoordinator()
      .answer(ApiKey.JoinGroup, { ...joined('m-1', -1, ''), errorCode: ErrorCode.MEMBER_ID_REQUIRED }, joined('m-1', 1, 'm-1', ['m-1', 'm-2']))
      .answer(ApiKey.SyncGroup, { errorCode: 0, assignment: Buffer.from('mine') });
    const protocol = new RecordingProtocol();
    const group = start(coordinator, protocol);
    assert.equal(await group.ensureActiveGroup(Date.now() + 5_000), true);

    assert.deepEqual(coordinator.requests(ApiKey.JoinGroup).map((r) => r['memberId']), ['', 'm-1']);
    const join = coordinator.requests(ApiKey.JoinGroup)[0]!;
    assert.equal(join['protocolType'], 'consumer');
    assert.equal(join['rebalanceTimeoutMs'], 60_000);
    assert.equal(protocol.leaderCalls, 1);
    const sync = coordinator.requests(ApiKey.SyncGroup)[0]!;
    assert.deepEqual((sync['assignments'] as { memberId: string }[]).map((a) => a.memberId), ['m-1', 'm-2']);
    assert.deepEqual(protocol.prepared, [{ previous: NO_GENERATION, lost: false }]);
    assert.deepEqual(protocol.completed, [{ generation: { generationId: 1, memberId: 'm-1', protocolName: 'range' }, assignment: 'mine' }]);
    assert.deepEqual(group.generationForCommit(), { generationId: 1, memberId: 'm-1', protocolName: 'range' });
  });

  it('as a follower sends no assignments', async () => {
    const coordinator = new FakeCoordinator()
      .answer(ApiKey.JoinGroup, joined('m-2', 3, 'm-1'))
      .answer(ApiKey.SyncGroup, { errorCode: 0, assignment: Buffer.from('yours') });
    const protocol = new RecordingProtocol();
    assert.equal(await start(coordinator, protocol).ensureActiveGroup(Date.now() + 5_000), true);
    assert.equal(protocol.leaderCalls, 0);
    assert.deepEqual(coordinator.requests(ApiKey.SyncGroup)[0]!['assignments'], []);
  });

  it('heartbeats, and rejoins with its member id when the group rebalances', async () => {
    const coordinator = new FakeCoordinator()
      .answer(ApiKey.JoinGroup, joined('m-1', 1, 'm-1', ['m-1']), joined('m-1', 2, 'm-1', ['m-1']))
      .answer(ApiKey.SyncGroup, { errorCode: 0, assignment: Buffer.alloc(0) })
      .answer(ApiKey.Heartbeat, { errorCode: 0 }, { errorCode: ErrorCode.REBALANCE_IN_PROGRESS }, { errorCode: 0 });
    const protocol = new RecordingProtocol();
    const group = start(coordinator, protocol);
    await group.ensureActiveGroup(Date.now() + 5_000);
    await until(() => group.needsRejoin, 'the rebalance to be noticed');
    assert.deepEqual(coordinator.requests(ApiKey.Heartbeat)[0], { groupId: 'g', generationId: 1, memberId: 'm-1', groupInstanceId: null });

    assert.equal(await group.ensureActiveGroup(Date.now() + 5_000), true);
    assert.deepEqual(protocol.prepared[1], { previous: { generationId: 1, memberId: 'm-1', protocolName: 'range' }, lost: false });
    assert.equal(coordinator.requests(ApiKey.JoinGroup)[1]!['memberId'], 'm-1');
    assert.equal(group.generation.generationId, 2);
  });

  it('when fenced (UNKNOWN_MEMBER_ID), marks the assignment lost and rejoins as a new member', async () => {
    const coordinator = new FakeCoordinator()
      .answer(ApiKey.JoinGroup, joined('m-1', 1, 'm-1', ['m-1']), joined('m-9', 5, 'm-9', ['m-9']))
      .answer(ApiKey.SyncGroup, { errorCode: 0, assignment: Buffer.alloc(0) })
      .answer(ApiKey.Heartbeat, { errorCode: ErrorCode.UNKNOWN_MEMBER_ID }, { errorCode: 0 });
    const protocol = new RecordingProtocol();
    const group = start(coordinator, protocol);
    await group.ensureActiveGroup(Date.now() + 5_000);
    await until(() => group.needsRejoin, 'the fencing to be noticed');
    assert.equal(group.generationForCommit(), null);
    assert.equal(await group.ensureActiveGroup(Date.now() + 5_000), true);
    assert.deepEqual(protocol.prepared[1], { previous: NO_GENERATION, lost: true });
    assert.equal(coordinator.requests(ApiKey.JoinGroup)[1]!['memberId'], '');
  });

  it('retries coordinator moves, and fails on a fatal JoinGroup error', async () => {
    const moving = new FakeCoordinator()
      .answer(ApiKey.JoinGroup, { ...joined('', -1, ''), errorCode: ErrorCode.NOT_COORDINATOR }, joined('m-1', 1, 'm-1', ['m-1']))
      .answer(ApiKey.SyncGroup, { errorCode: 0, assignment: Buffer.alloc(0) });
    assert.equal(await start(moving, new RecordingProtocol()).ensureActiveGroup(Date.now() + 5_000), true);
    assert.equal(moving.invalidations, 1);
    membership!.close();

    const fatal = new FakeCoordinator().answer(ApiKey.JoinGroup, { ...joined('', -1, ''), errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL });
    await assert.rejects(
      start(fatal, new RecordingProtocol()).ensureActiveGroup(Date.now() + 5_000),
      (error: unknown) => error instanceof KafkaError && error.code === ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );
  });

  it('returns false at the deadline (or throws on wakeup) while the join goes on, and a later call picks it up', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const coordinator = new FakeCoordinator().answer(ApiKey.SyncGroup, { errorCode: 0, assignment: Buffer.alloc(0) });
    const cluster = coordinator.cluster();
    const connection = await cluster.coordinatorConnection('g');
    const send = connection.send.bind(connection);
    (connection as unknown as { send: typeof send }).send = async (apiKey: number, body: object, options?: object) => {
      if (apiKey === ApiKey.JoinGroup) {
        await gate;
        return joined('m-1', 1, 'm-1', ['m-1']) as never;
      }
      return send(apiKey, body, options);
    };
    const protocol = new RecordingProtocol();
    const notifier = new PollNotifier();
    membership = new GroupMembership(cluster, CONFIG, protocol, notifier);
    assert.equal(await membership.ensureActiveGroup(Date.now() + 50), false);
    setTimeout(() => notifier.wakeup(), 10);
    await assert.rejects(membership.ensureActiveGroup(Date.now() + 5_000), WakeupError);
    release();
    assert.equal(await membership.ensureActiveGroup(Date.now() + 5_000), true);
    assert.equal(protocol.prepared.length, 1, 'prepared once for the one join');
    assert.equal(coordinator.requests(ApiKey.SyncGroup).length, 1, 'neither the timeout nor the wakeup started a second join');
  });

  it('leaves with the LeaveGroup shape of the negotiated version', async () => {
    for (const version of [1, 3]) {
      const coordinator = new FakeCoordinator()
        .answer(ApiKey.JoinGroup, joined('m-1', 1, 'm-1', ['m-1']))
        .answer(ApiKey.SyncGroup, { errorCode: 0, assignment: Buffer.alloc(0) });
      coordinator.leaveGroupVersion = version;
      const group = start(coordinator, new RecordingProtocol());
      await group.ensureActiveGroup(Date.now() + 5_000);
      await group.leaveGroup('test');
      const leave = coordinator.sent.find((s) => s.apiKey === ApiKey.LeaveGroup)!;
      assert.equal(leave.version, version);
      assert.deepEqual(leave.body, version >= 3 ? { groupId: 'g', members: [{ memberId: 'm-1', groupInstanceId: null }] } : { groupId: 'g', memberId: 'm-1' });
      assert.equal(group.isMember, false);
      group.close();
    }
  });
});
