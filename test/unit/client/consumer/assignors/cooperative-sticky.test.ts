import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CooperativeStickyAssignor, memberData } from '../../../../../src/client/consumer/assignors/cooperative-sticky.js';
import type { GroupAssignment, MemberSubscription } from '../../../../../src/client/consumer/assignors/partition-assignor.js';
import type { TopicPartition } from '../../../../../src/client/consumer/topic-partition.js';
import { names, partitionCounts, subscription, tp } from './assignor-fixtures.js';

const key = (p: TopicPartition): string => `${p.topic}-${p.partition}`;
const sorted = (partitions: readonly TopicPartition[] | undefined): string[] => names(partitions).sort();

/**
 * Kafka's `CooperativeStickyAssignorTest.verifyValidityAndBalance`: while an assignment revokes something, no
 * revoked partition may be handed to another member in the same round; the members then rejoin owning what they
 * were given, until nothing is revoked. The final assignment must cover every partition exactly once, give members
 * only subscribed topics, and be balanced: a member with two more partitions than another holds no topic the
 * other subscribes to.
 */
function settle(
  assignor: CooperativeStickyAssignor,
  counts: Map<string, number>,
  subs: Map<string, MemberSubscription>,
  first: GroupAssignment,
): GroupAssignment {
  let assignment = first;
  for (let round = 0; ; round++) {
    const added = new Set<string>();
    const revoked = new Set<string>();
    for (const [member, partitions] of assignment) {
      const owned = new Set(subs.get(member)!.ownedPartitions.map(key));
      const assigned = new Set(partitions.map(key));
      for (const p of assigned) if (!owned.has(p)) added.add(p);
      for (const p of owned) if (!assigned.has(p)) revoked.add(p);
    }
    const both = [...added].filter((p) => revoked.has(p));
    assert.deepEqual(both, [], `partitions revoked and reassigned in the same round: ${both.join(', ')}`);
    if (revoked.size === 0) break;
    assert.ok(round < 4, 'more than four follow-up rebalances');
    for (const [member, partitions] of assignment) {
      subs.set(member, subscription([...subs.get(member)!.topics], { owned: partitions, generationId: 1 }));
    }
    assignment = assignor.assign(counts, subs);
  }
  verifyValidityAndBalance(counts, subs, assignment);
  return assignment;
}

function verifyValidityAndBalance(
  counts: Map<string, number>,
  subs: Map<string, MemberSubscription>,
  assignment: GroupAssignment,
): void {
  const owner = new Map<string, string>();
  for (const [member, partitions] of assignment) {
    for (const p of partitions) {
      assert.ok(subs.get(member)!.topics.includes(p.topic), `${member} got ${key(p)} without subscribing to ${p.topic}`);
      assert.equal(owner.get(key(p)), undefined, `${key(p)} assigned to ${owner.get(key(p))} and ${member}`);
      owner.set(key(p), member);
    }
  }
  for (const [topic, count] of counts) {
    const subscribed = [...subs.values()].some((s) => s.topics.includes(topic));
    for (let p = 0; p < count && subscribed; p++) assert.ok(owner.has(`${topic}-${p}`), `${topic}-${p} left unassigned`);
  }
  for (const [a, aParts] of assignment) {
    for (const [b, bParts] of assignment) {
      if (aParts.length <= bParts.length + 1) continue;
      for (const p of aParts) {
        assert.ok(!subs.get(b)!.topics.includes(p.topic), `${key(p)} could move from ${a} (${aParts.length}) to ${b} (${bParts.length})`);
      }
    }
  }
}

/** What the group leader passes: partition counts of the topics some member subscribes to. */
function subscribedCounts(all: Map<string, number>, subs: Map<string, MemberSubscription>): Map<string, number> {
  const topics = new Set([...subs.values()].flatMap((s) => s.topics));
  return new Map([...all].filter(([topic]) => topics.has(topic)));
}

describe('CooperativeStickyAssignor', () => {
  let assignor: CooperativeStickyAssignor;
  beforeEach(() => {
    assignor = new CooperativeStickyAssignor();
  });

  it('is named cooperative-sticky and supports both protocols, cooperative first', () => {
    assert.equal(assignor.name, 'cooperative-sticky');
    assert.deepEqual([...assignor.supportedProtocols], ['COOPERATIVE', 'EAGER']);
  });

  it('encodes the generation as 4 bytes of user data and reads it back', () => {
    assert.deepEqual(memberData(subscription(['t'], { userData: assignor.subscriptionUserData() })).generation, -1);
    assignor.onAssignment([], 10);
    const userData = assignor.subscriptionUserData();
    assert.deepEqual(userData, Buffer.from([0, 0, 0, 10]));
    assert.equal(memberData(subscription(['t'], { userData })).generation, 10);
    assert.equal(memberData(subscription(['t'])).generation, null);
    assert.equal(memberData(subscription(['t'], { userData, generationId: 3 })).generation, 3, 'a v2+ generation field wins');
  });

  it('one consumer gets every partition of its topics, and nothing else', () => {
    const assignment = assignor.assign(partitionCounts({ topic: 3 }), new Map([['consumer', subscription(['topic'])]]));
    assert.deepEqual(names(assignment.get('consumer')), ['topic-0', 'topic-1', 'topic-2']);
    const only = assignor.assign(
      partitionCounts({ topic: 2 }),
      new Map([['consumer', subscription(['topic'], { owned: [tp('topic', 0), tp('topic', 1), tp('other', 0)], generationId: 1 })]]),
    );
    assert.deepEqual(names(only.get('consumer')), ['topic-0', 'topic-1']);
  });

  it('two consumers, two topics, six partitions: dealt round-robin', () => {
    const subs = new Map([
      ['consumer1', subscription(['topic1', 'topic2'])],
      ['consumer2', subscription(['topic1', 'topic2'])],
    ]);
    const assignment = assignor.assign(partitionCounts({ topic1: 3, topic2: 3 }), subs);
    assert.deepEqual(names(assignment.get('consumer1')), ['topic1-0', 'topic1-2', 'topic2-1']);
    assert.deepEqual(names(assignment.get('consumer2')), ['topic1-1', 'topic2-0', 'topic2-2']);
  });

  it('mixed subscriptions use the general algorithm', () => {
    const counts = partitionCounts({ topic1: 3, topic2: 2 });
    const subs = new Map([
      ['consumer1', subscription(['topic1'])],
      ['consumer2', subscription(['topic1', 'topic2'])],
      ['consumer3', subscription(['topic1'])],
    ]);
    const assignment = assignor.assign(counts, subs);
    assert.deepEqual(names(assignment.get('consumer1')), ['topic1-0', 'topic1-2']);
    assert.deepEqual(names(assignment.get('consumer2')), ['topic2-0', 'topic2-1']);
    assert.deepEqual(names(assignment.get('consumer3')), ['topic1-1']);
    settle(assignor, counts, subs, assignment);
  });

  it('a consumer owning minQuota partitions receives the one extra', () => {
    const counts = partitionCounts({ topic1: 2, topic2: 3 });
    const subs = new Map([
      ['consumer1', subscription(['topic1', 'topic2'], { owned: [tp('topic1', 0), tp('topic2', 1)], generationId: 1 })],
      ['consumer2', subscription(['topic1', 'topic2'], { owned: [tp('topic1', 1), tp('topic2', 2)], generationId: 1 })],
    ]);
    const assignment = assignor.assign(counts, subs);
    assert.deepEqual(sorted(assignment.get('consumer1')), ['topic1-0', 'topic2-0', 'topic2-1']);
    assert.deepEqual(sorted(assignment.get('consumer2')), ['topic1-1', 'topic2-2']);
  });

  it('a new member gets partitions only after their owner revoked them (two rebalances)', () => {
    const counts = partitionCounts({ topic: 3 });
    const subs = new Map([['consumer1', subscription(['topic'])]]);
    const first = assignor.assign(counts, subs);
    assert.deepEqual(names(first.get('consumer1')), ['topic-0', 'topic-1', 'topic-2']);

    subs.set('consumer1', subscription(['topic'], { owned: first.get('consumer1')!, generationId: 1 }));
    subs.set('consumer2', subscription(['topic'], { owned: [], generationId: 1 }));
    const second = assignor.assign(counts, subs);
    assert.deepEqual(names(second.get('consumer1')), ['topic-0', 'topic-1']);
    assert.deepEqual(names(second.get('consumer2')), [], 'topic-2 is revoked first, not moved directly');

    subs.set('consumer1', subscription(['topic'], { owned: second.get('consumer1')!, generationId: 2 }));
    subs.set('consumer2', subscription(['topic'], { owned: [], generationId: 2 }));
    const third = assignor.assign(counts, subs);
    assert.deepEqual(names(third.get('consumer1')), ['topic-0', 'topic-1']);
    assert.deepEqual(names(third.get('consumer2')), ['topic-2']);

    subs.delete('consumer1');
    subs.set('consumer2', subscription(['topic'], { owned: third.get('consumer2')!, generationId: 3 }));
    assert.deepEqual(sorted(assignor.assign(counts, subs).get('consumer2')), ['topic-0', 'topic-1', 'topic-2']);
  });

  it('a partition claimed by two members of one generation goes to neither this round (equal shares)', () => {
    const counts = partitionCounts({ topic: 3 });
    const subs = new Map([
      ['consumer1', subscription(['topic'], { owned: [tp('topic', 0), tp('topic', 1)], generationId: 1 })],
      ['consumer2', subscription(['topic'], { owned: [tp('topic', 0), tp('topic', 2)], generationId: 1 })],
      ['consumer3', subscription(['topic'], { owned: [], generationId: 1 })],
    ]);
    const assignment = assignor.assign(counts, subs);
    assert.deepEqual(names(assignment.get('consumer1')), ['topic-1']);
    assert.deepEqual(names(assignment.get('consumer2')), ['topic-2']);
    assert.deepEqual(names(assignment.get('consumer3')), []);
    settle(assignor, counts, subs, assignment);
  });

  it('a partition claimed by two members of one generation goes to neither this round (unequal shares)', () => {
    const counts = partitionCounts({ topic: 4 });
    const subs = new Map([
      ['consumer1', subscription(['topic'], { owned: [tp('topic', 0), tp('topic', 1)], generationId: 1 })],
      ['consumer2', subscription(['topic'], { owned: [tp('topic', 0), tp('topic', 2)], generationId: 1 })],
      ['consumer3', subscription(['topic'], { owned: [], generationId: 1 })],
    ]);
    const assignment = assignor.assign(counts, subs);
    assert.deepEqual(names(assignment.get('consumer1')), ['topic-1', 'topic-3']);
    assert.deepEqual(names(assignment.get('consumer2')), ['topic-2']);
    assert.deepEqual(names(assignment.get('consumer3')), []);
    settle(assignor, counts, subs, assignment);
  });

  it('the newer generation wins a partition two members claim', () => {
    const counts = partitionCounts({ topic: 2 });
    const subs = new Map([
      ['consumer1', subscription(['topic'], { owned: [tp('topic', 0), tp('topic', 1)], generationId: 1 })],
      ['consumer2', subscription(['topic'], { owned: [tp('topic', 1)], generationId: 2 })],
    ]);
    const assignment = assignor.assign(counts, subs);
    assert.deepEqual(names(assignment.get('consumer1')), ['topic-0']);
    assert.deepEqual(names(assignment.get('consumer2')), ['topic-1']);
  });

  it('reads generations from v1 user data alongside v2 subscriptions', () => {
    const counts = partitionCounts({ topic1: 3 });
    const v1 = (owned: TopicPartition[]): MemberSubscription => {
      const member = new CooperativeStickyAssignor();
      member.onAssignment(owned, 1);
      return subscription(['topic1'], { owned, userData: member.subscriptionUserData() });
    };
    const subs = new Map([
      ['consumer1', v1([tp('topic1', 0)])],
      ['consumer2', v1([tp('topic1', 1)])],
      ['consumer3', subscription(['topic1'], { owned: [], generationId: 1 })],
    ]);
    const assignment = assignor.assign(counts, subs);
    assert.deepEqual(names(assignment.get('consumer1')), ['topic1-0']);
    assert.deepEqual(names(assignment.get('consumer2')), ['topic1-1']);
    assert.deepEqual(names(assignment.get('consumer3')), ['topic1-2']);
  });

  it('stays valid, balanced and sticky under random subscriptions and membership changes', () => {
    const scenario = fc.record({
      topics: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 5 }),
      members: fc.array(fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
      sameTopics: fc.boolean(),
      change: fc.constantFrom('leave', 'join', 'both'),
    });
    fc.assert(
      fc.property(scenario, ({ topics, members, sameTopics, change }) => {
        const allCounts = new Map(topics.map((n, i) => [`t${i}`, n]));
        const topicNames = [...allCounts.keys()];
        const topicsOf = (i: number): string[] => {
          if (sameTopics) return topicNames;
          const chosen = topicNames.filter((_, t) => members[i]![t]);
          return chosen.length > 0 ? chosen : [topicNames[i % topicNames.length]!];
        };
        const subs = new Map<string, MemberSubscription>();
        members.forEach((_, i) => subs.set(`m${i}`, subscription(topicsOf(i))));
        const initialCounts = subscribedCounts(allCounts, subs);
        const initial = settle(assignor, initialCounts, subs, assignor.assign(initialCounts, subs));

        for (const [member, owned] of initial) subs.set(member, subscription([...subs.get(member)!.topics], { owned, generationId: 5 }));
        if (change !== 'join' && subs.size > 1) subs.delete('m0');
        if (change !== 'leave') subs.set('new', subscription(sameTopics ? topicNames : [topicNames[0]!], { owned: [], generationId: 5 }));
        const counts = subscribedCounts(allCounts, subs);
        const next = assignor.assign(counts, subs);
        if (sameTopics && change === 'leave') {
          for (const [member, assigned] of next) {
            const kept = new Set(assigned.map(key));
            for (const p of subs.get(member)!.ownedPartitions) assert.ok(kept.has(key(p)), `${member} lost ${key(p)} when a member left`);
          }
        }
        settle(assignor, counts, subs, next);
      }),
      { numRuns: 300 },
    );
  });
});
