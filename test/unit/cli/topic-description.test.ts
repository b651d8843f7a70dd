import assert from 'node:assert/strict';
import { formatPartitionLine, formatTopicDescription, formatTopicLine } from '../../../src/cli/topic-description.js';
import type { TopicDescription } from '../../../src/cli/topic-description.js';

const topic: TopicDescription = {
  name: 'hellokafka',
  partitions: [
    { partition: 0, leader: 0, replicas: [0], isr: [0] },
    { partition: 1, leader: -1, replicas: [1, 2, 0], isr: [2] },
  ],
  configs: [
    { name: 'segment.bytes', value: '1073741824' },
    { name: 'cleanup.policy', value: 'compact' },
  ],
};
const none = { underReplicated: false, unavailable: false, withOverrides: false };

describe('topics --describe format (Kafka 2.3)', () => {
  it('prints the topic header with tabs and comma-separated configs', () => {
    assert.equal(formatTopicLine(topic), 'Topic:hellokafka\tPartitionCount:2\tReplicationFactor:1\tConfigs:segment.bytes=1073741824,cleanup.policy=compact\n');
    assert.equal(formatTopicLine({ ...topic, configs: [] }), 'Topic:hellokafka\tPartitionCount:2\tReplicationFactor:1\tConfigs:\n');
  });

  it('prints partition lines, with Leader: none when leaderless', () => {
    assert.equal(formatPartitionLine('hellokafka', topic.partitions[0]!), '\tTopic: hellokafka\tPartition: 0\tLeader: 0\tReplicas: 0\tIsr: 0\n');
    assert.equal(formatPartitionLine('hellokafka', topic.partitions[1]!), '\tTopic: hellokafka\tPartition: 1\tLeader: none\tReplicas: 1,2,0\tIsr: 2\n');
  });

  it('prints the header then every partition by default', () => {
    assert.equal(
      formatTopicDescription(topic, none),
      formatTopicLine(topic) + formatPartitionLine('hellokafka', topic.partitions[0]!) + formatPartitionLine('hellokafka', topic.partitions[1]!),
    );
  });

  it('applies the partition and override filters as Kafka does', () => {
    const second = formatPartitionLine('hellokafka', topic.partitions[1]!);
    assert.equal(formatTopicDescription(topic, { ...none, underReplicated: true }), second);
    assert.equal(formatTopicDescription(topic, { ...none, unavailable: true }), second);
    assert.equal(formatTopicDescription(topic, { ...none, withOverrides: true }), formatTopicLine(topic));
    assert.equal(formatTopicDescription({ ...topic, configs: [] }, { ...none, withOverrides: true }), '');
  });
});
