/** How a Kafka record's timestamp was set, by the names Kafka's `TimestampType` prints. */
export const TimestampType = {
  NO_TIMESTAMP_TYPE: 'NoTimestampType',
  CREATE_TIME: 'CreateTime',
  LOG_APPEND_TIME: 'LogAppendTime',
} as const;

export type TimestampType = (typeof TimestampType)[keyof typeof TimestampType];
