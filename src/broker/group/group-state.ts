/**
 * A classic (JoinGroup/SyncGroup) group's states, spelled as Kafka's DescribeGroups reports them:
 *
 * 1. `Empty`: no members; the group may still hold committed offsets (a simple consumer's, or a group whose
 *    members all left). A join moves it to PreparingRebalance.
 * 2. `PreparingRebalance`: members are (re)joining; joins are held until every known member rejoined or the
 *    rebalance timeout passed (for an empty group: the initial rebalance delay).
 * 3. `CompletingRebalance`: join answered, waiting for the leader's SyncGroup with the assignment.
 * 4. `Stable`: assignment handed out; heartbeats keep members alive.
 * 5. `Dead`: gone (no members, no offsets). Only DescribeGroups of an unknown group reports it.
 */
export const GroupState = {
  Empty: 'Empty',
  PreparingRebalance: 'PreparingRebalance',
  CompletingRebalance: 'CompletingRebalance',
  Stable: 'Stable',
  Dead: 'Dead',
} as const;

export type GroupStateName = (typeof GroupState)[keyof typeof GroupState];

/** Kafka's GroupState.validPreviousStates: the states each state may be entered from. */
const VALID_PREVIOUS: Readonly<Record<GroupStateName, readonly GroupStateName[]>> = {
  Empty: [GroupState.PreparingRebalance],
  PreparingRebalance: [GroupState.Stable, GroupState.CompletingRebalance, GroupState.Empty],
  CompletingRebalance: [GroupState.PreparingRebalance],
  Stable: [GroupState.CompletingRebalance],
  Dead: [GroupState.Empty, GroupState.PreparingRebalance, GroupState.CompletingRebalance, GroupState.Stable, GroupState.Dead],
};

/** A transition the state machine forbids: always a coordinator bug, never a client's doing. */
export class IllegalGroupTransitionError extends Error {
  readonly groupId: string;
  readonly from: GroupStateName;
  readonly to: GroupStateName;

  constructor(groupId: string, from: GroupStateName, to: GroupStateName) {
    super(`group ${groupId} cannot go from ${from} to ${to}`);
    this.name = 'IllegalGroupTransitionError';
    this.groupId = groupId;
    this.from = from;
    this.to = to;
  }
}

export function assertTransition(groupId: string, from: GroupStateName, to: GroupStateName): void {
  if (!VALID_PREVIOUS[to].includes(from)) throw new IllegalGroupTransitionError(groupId, from, to);
}
