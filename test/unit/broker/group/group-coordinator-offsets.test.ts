import assert from 'node:assert/strict';
import { ErrorCode } from '../../../../src/protocol/error-codes.js';
import type { OffsetCommitParams } from '../../../../src/broker/group/coordinator-types.js';
import { OFFSETS_TOPIC, partitionForGroup } from '../../../../src/broker/group/offsets-log.js';
import { CoordinatorHarness, OFFSETS_PARTITIONS, flush, joinParams, watch } from './fixtures.js';
import type { JoinOutcome } from './fixtures.js';

type Partitions = Record<number, number>;

function commitParams(groupId: string, offsets: Record<string, Partitions>, overrides: Partial<OffsetCommitParams> = {}): OffsetCommitParams {
  return {
    groupId,
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    retentionTimeMs: -1,
    topics: Object.entries(offsets).map(([name, partitions]) => ({
      name,
      partitions: Object.entries(partitions).map(([index, offset]) => ({
        partitionIndex: Number(index),
        committedOffset: BigInt(offset),
        committedLeaderEpoch: 7,
        commitTimestamp: -1,
        committedMetadata: `m${offset}`,
      })),
    })),
    ...overrides,
  };
}

describe('GroupCoordinator offsets', () => {
  let h: CoordinatorHarness;

  beforeEach(() => {
    h = new CoordinatorHarness();
  });

  afterEach(() => {
    h.close();
  });

  const commit = (groupId: string, offsets: Record<string, Partitions>, overrides: Partial<OffsetCommitParams> = {}) =>
    h.coordinator.commitOffsets(commitParams(groupId, offsets, overrides));
  const codes = (result: ReturnType<typeof commit>) => result.flatMap((t) => t.partitions.map((p) => [t.name, p.partitionIndex, p.errorCode]));
  /** topic → partition → offset for every committed partition of the group (OffsetFetch with null topics). */
  const committed = (groupId: string) => {
    const out: Record<string, Partitions> = {};
    for (const t of h.coordinator.fetchOffsets(groupId, null).topics) {
      out[t.name] = Object.fromEntries(t.partitions.map((p) => [p.partitionIndex, Number(p.committedOffset)]));
    }
    return out;
  };

  async function stableMember(groupId = 'g'): Promise<JoinOutcome> {
    const joined = watch(h.coordinator.joinGroup(joinParams({ groupId })));
    h.scheduler.advance(h.config.initialRebalanceDelayMs);
    await flush();
    const outcome = joined.value();
    watch(h.coordinator.syncGroup({ groupId, generationId: outcome.generationId, memberId: outcome.memberId, groupInstanceId: null, assignments: [] }));
    return outcome;
  }

  it('a simple consumer (generation -1, no member) commits to a group that does not exist yet; OffsetFetch returns it', () => {
    assert.deepEqual(codes(commit('simple', { t: { 0: 10, 1: 20 }, u: { 0: 5 } })), [['t', 0, 0], ['t', 1, 0], ['u', 0, 0]]);
    assert.deepEqual(committed('simple'), { t: { 0: 10, 1: 20 }, u: { 0: 5 } });
    const fetched = h.coordinator.fetchOffsets('simple', [{ name: 't', partitionIndexes: [1, 2] }, { name: 'v', partitionIndexes: [0] }]);
    assert.equal(fetched.errorCode, ErrorCode.NONE);
    assert.deepEqual(fetched.topics, [
      { name: 't', partitions: [
        { partitionIndex: 1, committedOffset: 20n, committedLeaderEpoch: -1, metadata: 'm20', errorCode: 0 },
        { partitionIndex: 2, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
      ] },
      { name: 'v', partitions: [{ partitionIndex: 0, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 }] },
    ]);
    assert.deepEqual(h.coordinator.fetchOffsets('nobody', null).topics, []);
  });

  it('refuses metadata over the limit and unknown partitions, committing the rest of the request', () => {
    const params = commitParams('simple', { t: { 0: 1, 1: 2 }, missing: { 0: 3 } });
    const big = { ...params.topics[0]!.partitions[1]!, committedMetadata: 'x'.repeat(h.config.maxMetadataBytes + 1) };
    const result = h.coordinator.commitOffsets({ ...params, topics: [{ name: 't', partitions: [params.topics[0]!.partitions[0]!, big] }, params.topics[1]!] });
    assert.deepEqual(codes(result), [['t', 0, 0], ['t', 1, ErrorCode.OFFSET_METADATA_TOO_LARGE], ['missing', 0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]);
    assert.deepEqual(committed('simple'), { t: { 0: 1 } });
  });

  it('a group with members only takes commits from a member of the current generation', async () => {
    const member = await stableMember();
    const gen = member.generationId;
    assert.deepEqual(codes(commit('g', { t: { 0: 1 } })), [['t', 0, ErrorCode.UNKNOWN_MEMBER_ID]], 'no outsider commits to an active group');
    assert.deepEqual(codes(commit('g', { t: { 0: 1 } }, { generationId: gen, memberId: 'ghost' })), [['t', 0, ErrorCode.UNKNOWN_MEMBER_ID]]);
    assert.deepEqual(codes(commit('g', { t: { 0: 1 } }, { generationId: gen + 1, memberId: member.memberId })), [['t', 0, ErrorCode.ILLEGAL_GENERATION]]);
    assert.deepEqual(codes(commit('g', { t: { 0: 1 } }, { generationId: gen, memberId: member.memberId })), [['t', 0, ErrorCode.NONE]]);
    assert.deepEqual(codes(commit('never-seen', { t: { 0: 1 } }, { generationId: 3, memberId: 'm' })), [['t', 0, ErrorCode.ILLEGAL_GENERATION]]);

    const newcomer = watch(h.coordinator.joinGroup(joinParams({ clientId: 'newcomer' })));
    assert.deepEqual(codes(commit('g', { t: { 0: 2 } }, { generationId: gen, memberId: member.memberId })), [['t', 0, ErrorCode.NONE]], 'the current generation may commit while preparing a rebalance (revocation commits)');
    watch(h.coordinator.joinGroup(joinParams({ memberId: member.memberId })));
    await flush();
    assert.ok(newcomer.settled());
    assert.equal(h.coordinator.describeGroup('g').groupState, 'CompletingRebalance');
    assert.deepEqual(codes(commit('g', { t: { 0: 3 } }, { generationId: gen + 1, memberId: member.memberId })), [['t', 0, ErrorCode.REBALANCE_IN_PROGRESS]]);
    assert.deepEqual(committed('g'), { t: { 0: 2 } });
  });

  it('an emptied consumer group takes commits from outside again', async () => {
    const member = await stableMember();
    h.coordinator.leaveGroup('g', [{ memberId: member.memberId, groupInstanceId: null }]);
    assert.deepEqual(codes(commit('g', { t: { 0: 9 } })), [['t', 0, ErrorCode.NONE]]);
  });

  it('committed offsets survive a restart; membership does not', async () => {
    const member = await stableMember();
    commit('g', { t: { 0: 100, 3: 300 } }, { generationId: member.generationId, memberId: member.memberId });
    commit('g', { t: { 0: 150 } }, { generationId: member.generationId, memberId: member.memberId });
    commit('simple', { u: { 1: 11 } });
    h.restart();
    assert.deepEqual(committed('g'), { t: { 0: 150, 3: 300 } });
    assert.deepEqual(committed('simple'), { u: { 1: 11 } });
    assert.equal(h.coordinator.describeGroup('g').groupState, 'Empty');
    assert.equal(h.coordinator.heartbeat({ groupId: 'g', memberId: member.memberId, generationId: member.generationId, groupInstanceId: null }), ErrorCode.UNKNOWN_MEMBER_ID);
    const rejoin = watch(h.coordinator.joinGroup(joinParams({ memberId: member.memberId })));
    await flush();
    assert.equal(rejoin.value().errorCode, ErrorCode.UNKNOWN_MEMBER_ID, 'the old member id is gone: the client joins afresh');
    const fresh = await stableMember();
    assert.equal(fresh.errorCode, ErrorCode.NONE);
    const fetched = h.coordinator.fetchOffsets('g', [{ name: 't', partitionIndexes: [0] }]).topics[0]!.partitions[0]!;
    assert.equal(fetched.committedOffset, 150n);
    assert.equal(fetched.metadata, 'm150');
  });

  it('rewrites a partition of the offsets log without superseded records when loading', () => {
    for (let i = 1; i <= 50; i++) commit('busy', { t: { 0: i, 1: i * 2 } });
    const log = h.logs.getLog(OFFSETS_TOPIC, partitionForGroup('busy', OFFSETS_PARTITIONS))!;
    assert.equal(log.logEndOffset, 100);
    h.restart();
    const reloaded = h.logs.getLog(OFFSETS_TOPIC, partitionForGroup('busy', OFFSETS_PARTITIONS))!;
    assert.equal(reloaded.logEndOffset - reloaded.logStartOffset, 2, 'only the two live offsets are left');
    assert.deepEqual(committed('busy'), { t: { 0: 50, 1: 100 } });
    h.restart();
    assert.deepEqual(committed('busy'), { t: { 0: 50, 1: 100 } }, 'the snapshot reloads as it was written');
    assert.equal(h.logs.getLog(OFFSETS_TOPIC, partitionForGroup('busy', OFFSETS_PARTITIONS))!.logEndOffset, 102, 'nothing superseded: no rewrite');
  });

  it('compacts a running offsets log once superseded records pile up', () => {
    for (let i = 1; i <= 1_200; i++) commit('busy', { t: { 0: i } });
    const p = partitionForGroup('busy', OFFSETS_PARTITIONS);
    assert.equal(h.logs.getLog(OFFSETS_TOPIC, p)!.logStartOffset, 0);
    h.scheduler.advance(h.config.offsetsRetentionCheckIntervalMs);
    const log = h.logs.getLog(OFFSETS_TOPIC, p)!;
    assert.equal(log.logEndOffset - log.logStartOffset, 1);
    h.restart();
    assert.deepEqual(committed('busy'), { t: { 0: 1_200 } });
  });

  it('expires the offsets of a simple group retention after their commit, then removes the group', () => {
    commit('simple', { t: { 0: 1 } });
    h.scheduler.advance(h.config.offsetsRetentionMs / 2);
    commit('simple', { t: { 1: 2 } });
    h.scheduler.advance(h.config.offsetsRetentionMs / 2 + h.config.offsetsRetentionCheckIntervalMs);
    assert.deepEqual(committed('simple'), { t: { 1: 2 } }, 'the older offset expired, the newer one not yet');
    h.scheduler.advance(h.config.offsetsRetentionMs / 2);
    assert.deepEqual(committed('simple'), {});
    assert.equal(h.coordinator.describeGroup('simple').groupState, 'Dead');
    assert.deepEqual(h.coordinator.listGroups(), []);
    h.restart();
    assert.deepEqual(committed('simple'), {}, 'expiry wrote tombstones');
  });

  it('keeps the offsets of an active group; they expire retention after the group empties', async () => {
    const member = await stableMember();
    commit('g', { t: { 0: 5 } }, { generationId: member.generationId, memberId: member.memberId });
    for (let t = 0; t < (2 * h.config.offsetsRetentionMs) / 5_000; t++) {
      h.scheduler.advance(5_000);
      assert.equal(h.coordinator.heartbeat({ groupId: 'g', memberId: member.memberId, generationId: member.generationId, groupInstanceId: null }), ErrorCode.NONE);
    }
    assert.deepEqual(committed('g'), { t: { 0: 5 } }, 'long past retention, but the group is active');
    h.coordinator.leaveGroup('g', [{ memberId: member.memberId, groupInstanceId: null }]);
    h.scheduler.advance(h.config.offsetsRetentionMs - h.config.offsetsRetentionCheckIntervalMs);
    assert.deepEqual(committed('g'), { t: { 0: 5 } }, 'retention counts from the group becoming empty');
    h.scheduler.advance(2 * h.config.offsetsRetentionCheckIntervalMs);
    assert.deepEqual(committed('g'), {});
  });

  it('an explicit retention time (OffsetCommit v2–4) expires the offset at commit + retention', () => {
    commit('simple', { t: { 0: 1 } }, { retentionTimeMs: 90_000 });
    h.scheduler.advance(60_000);
    assert.deepEqual(committed('simple'), { t: { 0: 1 } });
    h.scheduler.advance(60_000);
    assert.deepEqual(committed('simple'), {});
  });

  it('restarted groups count retention from the load, since when they emptied was not persisted', () => {
    commit('simple', { t: { 0: 1 } });
    h.scheduler.advance(h.config.offsetsRetentionMs - 1);
    h.restart();
    h.scheduler.advance(h.config.offsetsRetentionMs - h.config.offsetsRetentionCheckIntervalMs);
    assert.deepEqual(committed('simple'), { t: { 0: 1 } });
    h.scheduler.advance(h.config.offsetsRetentionCheckIntervalMs);
    assert.deepEqual(committed('simple'), {});
  });
});
