import { ConfigError } from '../../../common/config/config-def.js';
import { CooperativeStickyAssignor } from './cooperative-sticky.js';
import type { PartitionAssignor } from './partition-assignor.js';
import { RangeAssignor } from './range.js';
import { RoundRobinAssignor } from './round-robin.js';

export { CooperativeStickyAssignor } from './cooperative-sticky.js';
export { RangeAssignor } from './range.js';
export { RoundRobinAssignor } from './round-robin.js';
export { RebalanceProtocol } from './partition-assignor.js';
export type * from './partition-assignor.js';

/** The assignors Millrace ships, by the protocol name they join groups with. */
export const ASSIGNOR_NAMES = ['range', 'roundrobin', 'cooperative-sticky'] as const;

export type AssignorName = (typeof ASSIGNOR_NAMES)[number];

/** Kafka's class names for the same assignors, accepted in `partition.assignment.strategy`. */
const JAVA_CLASS_NAMES: Readonly<Record<string, AssignorName>> = {
  'org.apache.kafka.clients.consumer.RangeAssignor': 'range',
  'org.apache.kafka.clients.consumer.RoundRobinAssignor': 'roundrobin',
  'org.apache.kafka.clients.consumer.CooperativeStickyAssignor': 'cooperative-sticky',
};

/** The assignor name for a strategy as written in config: a Millrace name or a Kafka class name. */
export function assignorName(strategy: string): AssignorName | undefined {
  if ((ASSIGNOR_NAMES as readonly string[]).includes(strategy)) return strategy as AssignorName;
  return JAVA_CLASS_NAMES[strategy];
}

/**
 * A fresh assignor per name (the cooperative one keeps the member's generation, so instances are not shared).
 * @throws ConfigError keyed `partition.assignment.strategy` for an unknown name
 */
export function createAssignor(name: string): PartitionAssignor {
  switch (assignorName(name)) {
    case 'range':
      return new RangeAssignor();
    case 'roundrobin':
      return new RoundRobinAssignor();
    case 'cooperative-sticky':
      return new CooperativeStickyAssignor();
    case undefined:
      throw new ConfigError([
        {
          key: 'partition.assignment.strategy',
          message: `unknown assignor "${name}", expected one of [${ASSIGNOR_NAMES.join(', ')}]`,
        },
      ]);
  }
}
