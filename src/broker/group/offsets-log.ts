import type { Logger } from '../../common/logger.js';
import { buildRecordBatch, decodeBatch } from '../../protocol/record-batch-builder.js';
import type { RecordInput } from '../../protocol/record-batch-builder.js';
import { HEADER_SIZE, batchLastOffsetAt, batchSizeAt } from '../../protocol/record-batch.js';
import { defaultLogConfig } from '../config/broker-config.js';
import type { BrokerConfig } from '../config/broker-config.js';
import type { LogConfig } from '../log/log-config.js';
import type { PartitionLog } from '../log/partition-log.js';
import type { CommittedOffset, GroupOffsets } from './group.js';
import {
  GROUP_METADATA_KEY_VERSION,
  decodeOffsetKey,
  decodeOffsetValue,
  encodeOffsetKey,
  encodeOffsetValue,
  offsetKeyVersion,
} from './offset-record.js';

export const OFFSETS_TOPIC = '__consumer_offsets';

/** How much of a partition is read per step while loading. */
const LOAD_CHUNK_BYTES = 4 * 1024 * 1024;
/** Records per snapshot batch are bounded by bytes, well below any sane `message.max.bytes`. */
const SNAPSHOT_BATCH_BYTES = 256 * 1024;
/** Per-record overhead in a batch beyond key and value (lengths, deltas, attributes), rounded up. */
const RECORD_OVERHEAD_BYTES = 32;
/** A running partition is rewritten once it holds this many records more than twice its live offsets. */
const RUNTIME_COMPACTION_SLACK = 1000;

/** Kafka's `offsets.topic.segment.bytes` default: offsets segments stay small so that rewrites free space soon. */
const OFFSETS_SEGMENT_BYTES = 100 * 1024 * 1024;

/**
 * The offsets topic's log settings: the broker's, but compacted (so time and size retention never delete
 * offsets; this class removes superseded records itself) and with Kafka's smaller segments.
 */
export function offsetsLogConfig(config: BrokerConfig): LogConfig {
  const base = defaultLogConfig(config);
  return { ...base, cleanupPolicy: 'compact', segmentBytes: Math.min(base.segmentBytes, OFFSETS_SEGMENT_BYTES) };
}

/** What the offsets log needs from the log manager. */
export interface OffsetsLogProvider {
  getOrCreateLog(topic: string, partition: number, config: LogConfig): PartitionLog;
}

export interface OffsetsLogOptions {
  readonly logs: OffsetsLogProvider;
  /** `offsets.topic.num.partitions`; must not change once the topic exists (as in Kafka). */
  readonly numPartitions: number;
  readonly logConfig: LogConfig;
  readonly logger: Logger;
  readonly now: () => number;
}

/** One offset to write: a commit, or a tombstone (`committed` null) deleting it. */
export interface OffsetWrite {
  readonly topic: string;
  readonly partition: number;
  readonly committed: CommittedOffset | null;
}

/** Java's String.hashCode over UTF-16 code units, with int32 overflow. */
export function javaStringHashCode(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}

/** Kafka's `Utils.abs(groupId.hashCode) % offsets.topic.num.partitions` (Utils.abs maps MIN_VALUE to 0). */
export function partitionForGroup(groupId: string, numPartitions: number): number {
  const hash = javaStringHashCode(groupId);
  return (hash === -0x8000_0000 ? 0 : Math.abs(hash)) % numPartitions;
}

/**
 * The committed offsets' durable home: the partitions of `__consumer_offsets`, records keyed by (group, topic,
 * partition) in Kafka's formats. The topic stays out of the topic manager, so clients neither see it in Metadata
 * nor produce to it.
 *
 * The log layer does not compact, so this class does: when a partition holds superseded records it is
 * rewritten — the live offsets appended as a snapshot after a roll, flushed, and only then the older segments
 * deleted. A crash in between leaves old records followed by a (partial) snapshot restating the same values,
 * which replays to the same state. That happens on load for any partition with dead records, and at run time
 * (`compact`) for partitions whose dead records far outnumber the live ones.
 */
export class OffsetsLog {
  readonly #logs: readonly PartitionLog[];
  readonly #logger: Logger;
  readonly #now: () => number;
  /** Records in each partition's log since it was last rewritten: what compaction weighs against live offsets. */
  readonly #recordCounts: number[];

  private constructor(logs: readonly PartitionLog[], logger: Logger, now: () => number) {
    this.#logs = logs;
    this.#logger = logger;
    this.#now = now;
    this.#recordCounts = logs.map(() => 0);
  }

  /** Opens (creating when absent) every partition of the topic with the given config. */
  static open(options: OffsetsLogOptions): OffsetsLog {
    const logs: PartitionLog[] = [];
    for (let p = 0; p < options.numPartitions; p++) logs.push(options.logs.getOrCreateLog(OFFSETS_TOPIC, p, options.logConfig));
    return new OffsetsLog(logs, options.logger, options.now);
  }

  partitionFor(groupId: string): number {
    return partitionForGroup(groupId, this.#logs.length);
  }

  /** Replays every partition into group → offsets, rewriting partitions that hold superseded records. */
  load(): Map<string, GroupOffsets> {
    const all = new Map<string, GroupOffsets>();
    let rewritten = 0;
    let records = 0;
    for (let p = 0; p < this.#logs.length; p++) {
      const replayed = this.#replay(p);
      records += replayed.records;
      let live = 0;
      for (const [groupId, offsets] of replayed.groups) {
        all.set(groupId, offsets);
        for (const partitions of offsets.values()) live += partitions.size;
      }
      this.#recordCounts[p] = replayed.records;
      if (replayed.records > live) {
        this.#rewrite(p, replayed.groups);
        rewritten++;
      }
    }
    if (records > 0) this.#logger.info(`Replayed ${records} record(s) of ${OFFSETS_TOPIC}; rewrote ${rewritten} partition(s) without superseded records`);
    return all;
  }

  /**
   * Appends one group's writes as one batch (atomic, like Kafka's commit of a whole request). Returns once the
   * batch is in the log; throws the log's KafkaError (e.g. MESSAGE_TOO_LARGE) when it is refused.
   */
  append(groupId: string, writes: readonly OffsetWrite[]): void {
    if (writes.length === 0) return;
    const p = this.partitionFor(groupId);
    const records: RecordInput[] = writes.map((w) => ({
      key: encodeOffsetKey({ group: groupId, topic: w.topic, partition: w.partition }),
      value: w.committed === null ? null : encodeOffsetValue(w.committed),
    }));
    const log = this.#logs[p]!;
    log.appendAsLeader(buildRecordBatch(records, { timestamp: this.#now() }), 0);
    log.updateHighWatermark(log.logEndOffset);
    this.#recordCounts[p]! += records.length;
  }

  /** Rewrites each partition whose superseded records far outnumber its live offsets; returns how many. */
  compact(groups: ReadonlyMap<string, GroupOffsets>): number {
    const byPartition = this.#logs.map(() => new Map<string, GroupOffsets>());
    const live = this.#logs.map(() => 0);
    for (const [groupId, offsets] of groups) {
      const p = this.partitionFor(groupId);
      byPartition[p]!.set(groupId, offsets);
      for (const partitions of offsets.values()) live[p]! += partitions.size;
    }
    let rewritten = 0;
    for (let p = 0; p < this.#logs.length; p++) {
      if (this.#recordCounts[p]! <= 2 * live[p]! + RUNTIME_COMPACTION_SLACK) continue;
      this.#rewrite(p, byPartition[p]!);
      rewritten++;
    }
    return rewritten;
  }

  #replay(p: number): { groups: Map<string, GroupOffsets>; records: number } {
    const log = this.#logs[p]!;
    const groups = new Map<string, GroupOffsets>();
    const end = log.logEndOffset;
    let position = log.logStartOffset;
    let records = 0;
    while (position < end) {
      const chunk = log.read(position, LOAD_CHUNK_BYTES, { maxOffset: end }).records;
      const before = position;
      for (let pos = 0; pos + HEADER_SIZE <= chunk.length; ) {
        const size = batchSizeAt(chunk, pos);
        if (size < HEADER_SIZE || pos + size > chunk.length) break;
        const batch = chunk.subarray(pos, pos + size);
        pos += size;
        position = Math.max(position, batchLastOffsetAt(batch, 0) + 1);
        try {
          for (const record of decodeBatch(batch).records) {
            records++;
            this.#apply(groups, record.key, record.value, log.name, record.offset);
          }
        } catch (err) {
          this.#logger.error(`${log.name}: skipped an unreadable batch ending at offset ${position - 1}: ${(err as Error).message}`);
        }
      }
      if (position === before) break;
    }
    return { groups, records };
  }

  #apply(groups: Map<string, GroupOffsets>, key: Buffer | null, value: Buffer | null, logName: string, offset: number): void {
    if (key === null) {
      this.#logger.warn(`${logName}: skipped a record without key at offset ${offset}`);
      return;
    }
    try {
      const version = offsetKeyVersion(key);
      if (version === GROUP_METADATA_KEY_VERSION) return;
      const { group, topic, partition } = decodeOffsetKey(key);
      let offsets = groups.get(group);
      if (value === null) {
        const partitions = offsets?.get(topic);
        partitions?.delete(partition);
        if (partitions?.size === 0) offsets!.delete(topic);
        if (offsets?.size === 0) groups.delete(group);
        return;
      }
      const committed = decodeOffsetValue(value);
      if (!offsets) {
        offsets = new Map();
        groups.set(group, offsets);
      }
      let partitions = offsets.get(topic);
      if (!partitions) {
        partitions = new Map();
        offsets.set(topic, partitions);
      }
      partitions.set(partition, committed);
    } catch (err) {
      this.#logger.warn(`${logName}: skipped an unreadable record at offset ${offset}: ${(err as Error).message}`);
    }
  }

  /** Snapshot of `groups` after a roll, flushed, then every older segment deleted. */
  #rewrite(p: number, groups: ReadonlyMap<string, GroupOffsets>): void {
    const log = this.#logs[p]!;
    const now = this.#now();
    log.roll();
    // The roll leaves the snapshot's first batch at the start of a segment, so whole segments hold what it replaces.
    const snapshotStart = log.logEndOffset;
    const limit = Math.min(SNAPSHOT_BATCH_BYTES, Math.floor(log.config.maxMessageBytes / 2), Math.floor(log.config.segmentBytes / 2));
    let batch: RecordInput[] = [];
    let batchBytes = 0;
    let written = 0;
    const appendBatch = () => {
      if (batch.length === 0) return;
      const bytes = buildRecordBatch(batch, { timestamp: now });
      log.appendAsLeader(bytes, 0);
      written += batch.length;
      batch = [];
      batchBytes = 0;
    };
    for (const [group, offsets] of groups) {
      for (const [topic, partitions] of offsets) {
        for (const [partition, committed] of partitions) {
          const key = encodeOffsetKey({ group, topic, partition });
          const value = encodeOffsetValue(committed);
          const size = key.length + value.length + RECORD_OVERHEAD_BYTES;
          if (batchBytes + size > limit) appendBatch();
          batch.push({ key, value });
          batchBytes += size;
        }
      }
    }
    appendBatch();
    log.updateHighWatermark(log.logEndOffset);
    log.flush();
    const deleted = log.deleteSegmentsBefore(snapshotStart);
    this.#logger.info(`${log.name}: rewrote ${written} live offset(s) of ${this.#recordCounts[p]} record(s); ${deleted} older segment(s) deleted`);
    this.#recordCounts[p] = written;
  }
}
