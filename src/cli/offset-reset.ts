import { formatTopicPartition } from '../client/consumer/topic-partition.js';
import type { TopicPartition } from '../client/consumer/topic-partition.js';
import type { ResetSpec } from './consumer-groups-options.js';
import { UsageError } from './usage-error.js';

/** What is known of one partition when choosing its new committed offset. */
export interface PartitionOffsets {
  /** Log start offset. */
  readonly earliest: number;
  /** Log end offset. */
  readonly latest: number;
  /** The group's committed offset; null when it has none. */
  readonly committed: number | null;
}

export interface ResetOutcome {
  readonly offset: number;
  /** Kafka's warning when a requested offset was clamped into the log. */
  readonly warning: string | undefined;
}

/**
 * The new offset of one partition (Kafka's `ConsumerGroupService.prepareOffsetsToReset`): earliest, latest, the
 * committed offset (log end where none), or an absolute or shifted offset clamped into [earliest, latest].
 * @throws UsageError for `--shift-by` on a partition without a committed offset
 */
export function resetOffset(spec: ResetSpec, tp: TopicPartition, offsets: PartitionOffsets): ResetOutcome {
  switch (spec.kind) {
    case 'earliest':
      return { offset: offsets.earliest, warning: undefined };
    case 'latest':
      return { offset: offsets.latest, warning: undefined };
    case 'current':
      return { offset: offsets.committed ?? offsets.latest, warning: undefined };
    case 'offset':
      return clamp(spec.offset, tp, offsets);
    case 'shift':
      if (offsets.committed === null) {
        throw new UsageError(`Cannot shift offset for partition ${formatTopicPartition(tp)} since there is no current committed offset`);
      }
      return clamp(offsets.committed + spec.by, tp, offsets);
  }
}

function clamp(requested: number, tp: TopicPartition, offsets: PartitionOffsets): ResetOutcome {
  const name = formatTopicPartition(tp);
  if (requested > offsets.latest) {
    return {
      offset: offsets.latest,
      warning: `New offset (${requested}) is higher than latest offset for topic partition ${name}. Value will be set to ${offsets.latest}`,
    };
  }
  if (requested < offsets.earliest) {
    return {
      offset: offsets.earliest,
      warning: `New offset (${requested}) is lower than earliest offset for topic partition ${name}. Value will be set to ${offsets.earliest}`,
    };
  }
  return { offset: requested, warning: undefined };
}
