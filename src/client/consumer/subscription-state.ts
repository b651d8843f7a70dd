import type { AutoOffsetReset } from './consumer-config.js';
import { ConsumerStateError } from './consumer-errors.js';
import { TopicPartitionMap, compareTopicPartitions, formatTopicPartition } from './topic-partition.js';
import type { TopicPartition, TopicPartitionOffset } from './topic-partition.js';

/** How the consumer got its partitions; the modes exclude each other, as in Kafka. */
export const SubscriptionType = {
  NONE: 'NONE',
  AUTO_TOPICS: 'AUTO_TOPICS',
  AUTO_PATTERN: 'AUTO_PATTERN',
  USER_ASSIGNED: 'USER_ASSIGNED',
} as const;

export type SubscriptionTypeName = (typeof SubscriptionType)[keyof typeof SubscriptionType];

/**
 * Kafka's `ConsumerRebalanceListener`. Called from within `poll()` (and `close()`), never concurrently with it,
 * so the callbacks may commit offsets or seek. `onPartitionsLost` is for partitions another member may already
 * own (the session expired or the member was fenced): committing them would fail; by default it calls
 * `onPartitionsRevoked`, as in Kafka.
 */
export interface RebalanceListener {
  onPartitionsRevoked?(partitions: TopicPartition[]): void | Promise<void>;
  onPartitionsAssigned?(partitions: TopicPartition[]): void | Promise<void>;
  onPartitionsLost?(partitions: TopicPartition[]): void | Promise<void>;
}

export type ResetStrategy = Exclude<AutoOffsetReset, 'none'>;

/** Fetch state of one assigned partition. */
interface PartitionState {
  /** The next offset to fetch and return; null until resolved from a commit or a reset. */
  position: number | null;
  /** Leader epoch of the last record returned, sent with commits. */
  positionEpoch: number | null;
  /** A pending reset (`seekToBeginning`/`seekToEnd`, out of range, or no commit). */
  reset: ResetStrategy | null;
  paused: boolean;
  highWatermark: number | null;
}

/**
 * Kafka's `SubscriptionState`: what the consumer is subscribed to, which partitions it holds, and each one's
 * position. Shared by the consumer API, the fetcher and the group coordinator; holds no I/O.
 */
export class SubscriptionState {
  readonly #defaultReset: AutoOffsetReset;
  #type: SubscriptionTypeName = SubscriptionType.NONE;
  /** Topics asked for by name, or the topics currently matching the pattern. */
  #topics: ReadonlySet<string> = new Set();
  #pattern: RegExp | null = null;
  #listener: RebalanceListener | null = null;
  #assignment = new TopicPartitionMap<PartitionState>();

  constructor(defaultReset: AutoOffsetReset) {
    this.#defaultReset = defaultReset;
  }

  get type(): SubscriptionTypeName {
    return this.#type;
  }

  /** Whether partitions come from a group's assignment (subscribe) rather than `assign()`. */
  get hasAutoAssignment(): boolean {
    return this.#type === SubscriptionType.AUTO_TOPICS || this.#type === SubscriptionType.AUTO_PATTERN;
  }

  get listener(): RebalanceListener | null {
    return this.#listener;
  }

  get defaultResetStrategy(): AutoOffsetReset {
    return this.#defaultReset;
  }

  /** The subscribed topics (for a pattern: those matching at the last metadata check), sorted. */
  subscription(): string[] {
    return [...this.#topics].sort();
  }

  subscribe(topics: readonly string[], listener: RebalanceListener | null): void {
    this.#setType(SubscriptionType.AUTO_TOPICS);
    this.#topics = new Set(topics);
    this.#pattern = null;
    this.#listener = listener;
  }

  subscribePattern(pattern: RegExp, listener: RebalanceListener | null): void {
    this.#setType(SubscriptionType.AUTO_PATTERN);
    this.#pattern = pattern;
    this.#topics = new Set();
    this.#listener = listener;
  }

  /** Matches the pattern against the cluster's topics; true when the matching set changed. */
  updatePatternMatches(allTopics: Iterable<string>): boolean {
    const pattern = this.#pattern;
    if (pattern === null) return false;
    const matched = new Set<string>();
    for (const topic of allTopics) {
      pattern.lastIndex = 0;
      if (pattern.test(topic)) matched.add(topic);
    }
    const changed = matched.size !== this.#topics.size || [...matched].some((t) => !this.#topics.has(t));
    this.#topics = matched;
    return changed;
  }

  isSubscribedTo(topic: string): boolean {
    return this.#topics.has(topic);
  }

  assignFromUser(partitions: readonly TopicPartition[]): void {
    this.#setType(SubscriptionType.USER_ASSIGNED);
    this.#replaceAssignment(partitions);
  }

  /** A group's assignment; partitions kept from the previous one keep their position. */
  assignFromSubscribed(partitions: readonly TopicPartition[]): void {
    if (!this.hasAutoAssignment) throw new ConsumerStateError('the consumer is not subscribed through a group');
    this.#replaceAssignment(partitions);
  }

  unsubscribe(): void {
    this.#type = SubscriptionType.NONE;
    this.#topics = new Set();
    this.#pattern = null;
    this.#listener = null;
    this.#assignment = new TopicPartitionMap();
  }

  /** Assigned partitions, sorted by topic then partition. */
  assignedPartitions(): TopicPartition[] {
    return [...this.#assignment.keys()].sort(compareTopicPartitions);
  }

  get assignedCount(): number {
    return this.#assignment.size;
  }

  isAssigned(topic: string, partition: number): boolean {
    return this.#assignment.has(topic, partition);
  }

  seek(tp: TopicPartition, offset: number, epoch: number | null = null): void {
    const state = this.#state(tp);
    state.position = offset;
    state.positionEpoch = epoch;
    state.reset = null;
  }

  /** Moves the position after records were returned; ignored for partitions no longer assigned. */
  advance(topic: string, partition: number, offset: number, epoch: number | null): void {
    const state = this.#assignment.get(topic, partition);
    if (state === undefined) return;
    state.position = offset;
    if (epoch !== null) state.positionEpoch = epoch;
  }

  requestReset(tp: TopicPartition, strategy: ResetStrategy): void {
    const state = this.#state(tp);
    state.reset = strategy;
    state.position = null;
  }

  /** Applies a reset's result unless the partition was revoked or re-positioned meanwhile. */
  completeReset(topic: string, partition: number, strategy: ResetStrategy, offset: number): void {
    const state = this.#assignment.get(topic, partition);
    if (state === undefined || state.reset !== strategy) return;
    state.reset = null;
    state.position = offset;
    state.positionEpoch = null;
  }

  position(topic: string, partition: number): number | null {
    return this.#assignment.get(topic, partition)?.position ?? null;
  }

  resetStrategy(topic: string, partition: number): ResetStrategy | null {
    return this.#assignment.get(topic, partition)?.reset ?? null;
  }

  /** Partitions with neither a position nor a pending reset: their committed offset is to be looked up. */
  partitionsNeedingPosition(): TopicPartition[] {
    const out: TopicPartition[] = [];
    for (const [tp, state] of this.#assignment) if (state.position === null && state.reset === null) out.push(tp);
    return out;
  }

  partitionsNeedingReset(): TopicPartition[] {
    const out: TopicPartition[] = [];
    for (const [tp, state] of this.#assignment) if (state.reset !== null) out.push(tp);
    return out;
  }

  hasAllPositions(): boolean {
    for (const state of this.#assignment.values()) if (state.position === null) return false;
    return true;
  }

  /** Partitions to fetch: assigned, not paused, positioned. */
  fetchablePartitions(): TopicPartition[] {
    const out: TopicPartition[] = [];
    for (const [tp, state] of this.#assignment) if (!state.paused && state.position !== null) out.push(tp);
    return out;
  }

  isFetchable(topic: string, partition: number): boolean {
    const state = this.#assignment.get(topic, partition);
    return state !== undefined && !state.paused && state.position !== null;
  }

  /** Every positioned partition's position: what auto-commit commits. */
  allConsumed(): TopicPartitionOffset[] {
    const out: TopicPartitionOffset[] = [];
    for (const [tp, state] of this.#assignment) {
      if (state.position !== null) out.push({ ...tp, offset: state.position, leaderEpoch: state.positionEpoch });
    }
    return out;
  }

  pause(tp: TopicPartition): void {
    this.#state(tp).paused = true;
  }

  resume(tp: TopicPartition): void {
    this.#state(tp).paused = false;
  }

  pausedPartitions(): TopicPartition[] {
    const out: TopicPartition[] = [];
    for (const [tp, state] of this.#assignment) if (state.paused) out.push(tp);
    return out.sort(compareTopicPartitions);
  }

  updateHighWatermark(topic: string, partition: number, highWatermark: number): void {
    const state = this.#assignment.get(topic, partition);
    if (state !== undefined) state.highWatermark = highWatermark;
  }

  highWatermark(topic: string, partition: number): number | null {
    return this.#assignment.get(topic, partition)?.highWatermark ?? null;
  }

  #replaceAssignment(partitions: readonly TopicPartition[]): void {
    const next = new TopicPartitionMap<PartitionState>();
    for (const tp of partitions) {
      const kept = this.#assignment.get(tp.topic, tp.partition);
      next.set(tp.topic, tp.partition, kept ?? { position: null, positionEpoch: null, reset: null, paused: false, highWatermark: null });
    }
    this.#assignment = next;
  }

  #setType(type: SubscriptionTypeName): void {
    if (this.#type !== SubscriptionType.NONE && this.#type !== type) {
      throw new ConsumerStateError('subscribe() to topics, subscribe() to a pattern and assign() exclude each other; unsubscribe() first');
    }
    this.#type = type;
  }

  #state(tp: TopicPartition): PartitionState {
    const state = this.#assignment.get(tp.topic, tp.partition);
    if (state === undefined) throw new ConsumerStateError(`no current assignment for partition ${formatTopicPartition(tp)}`);
    return state;
  }
}
