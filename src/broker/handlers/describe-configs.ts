import { ErrorCode } from '../../protocol/error-codes.js';
import type { DescribeConfigsRequest, DescribeConfigsResponse } from '../../protocol/messages/describe-configs.js';
import { describeBrokerConfigs } from '../config/broker-config.js';
import { describeTopicConfigs } from '../config/topic-config.js';
import type { RequestHandler } from './handler.js';

type Result = DescribeConfigsResponse['results'][number];

/** Kafka's ConfigResource.Type codes. */
const RESOURCE_TOPIC = 2;
const RESOURCE_BROKER = 4;

export const handleDescribeConfigs: RequestHandler<DescribeConfigsRequest, DescribeConfigsResponse> = (broker, request) => ({
  throttleTimeMs: 0,
  results: request.resources.map((resource): Result => {
    const base = { resourceType: resource.resourceType, resourceName: resource.resourceName };
    let entries;
    if (resource.resourceType === RESOURCE_TOPIC) {
      const topic = broker.topics.topic(resource.resourceName);
      if (!topic) return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `Topic '${resource.resourceName}' does not exist.`, configs: [] };
      entries = describeTopicConfigs(broker.config, topic.configs);
    } else if (resource.resourceType === RESOURCE_BROKER) {
      if (resource.resourceName !== '' && resource.resourceName !== String(broker.config.brokerId)) {
        return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unexpected broker id, expected ${broker.config.brokerId} or empty string, but received ${resource.resourceName}`, configs: [] };
      }
      entries = describeBrokerConfigs(broker.config);
    } else {
      return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unsupported resource type ${resource.resourceType}`, configs: [] };
    }
    const wanted = resource.configurationKeys ? new Set(resource.configurationKeys) : null;
    return {
      ...base,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      configs: entries
        .filter((e) => wanted === null || wanted.has(e.name))
        .map((e) => ({
          name: e.name,
          value: e.isSensitive ? null : e.value,
          readOnly: e.readOnly,
          isDefault: e.isDefault,
          configSource: e.source,
          isSensitive: e.isSensitive,
          synonyms: request.includeSynonyms ? e.synonyms : [],
        })),
    };
  }),
});
