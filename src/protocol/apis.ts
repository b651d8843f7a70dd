import { inVersionRange, parseVersionRange } from './codec.js';
import type { VersionRange } from './codec.js';
import type { ApiSpec, MessageSpec } from './message-spec.js';
import { apiVersionsRequest, apiVersionsResponse } from './messages/api-versions.js';
import { createPartitionsRequest, createPartitionsResponse } from './messages/create-partitions.js';
import { createTopicsRequest, createTopicsResponse } from './messages/create-topics.js';
import { deleteTopicsRequest, deleteTopicsResponse } from './messages/delete-topics.js';
import { describeConfigsRequest, describeConfigsResponse } from './messages/describe-configs.js';
import { describeGroupsRequest, describeGroupsResponse } from './messages/describe-groups.js';
import { fetchRequest, fetchResponse } from './messages/fetch.js';
import { findCoordinatorRequest, findCoordinatorResponse } from './messages/find-coordinator.js';
import { heartbeatRequest, heartbeatResponse } from './messages/heartbeat.js';
import { initProducerIdRequest, initProducerIdResponse } from './messages/init-producer-id.js';
import { joinGroupRequest, joinGroupResponse } from './messages/join-group.js';
import { leaveGroupRequest, leaveGroupResponse } from './messages/leave-group.js';
import { listGroupsRequest, listGroupsResponse } from './messages/list-groups.js';
import { listOffsetsRequest, listOffsetsResponse } from './messages/list-offsets.js';
import { metadataRequest, metadataResponse } from './messages/metadata.js';
import { offsetCommitRequest, offsetCommitResponse } from './messages/offset-commit.js';
import { offsetFetchRequest, offsetFetchResponse } from './messages/offset-fetch.js';
import { produceRequest, produceResponse } from './messages/produce.js';
import { syncGroupRequest, syncGroupResponse } from './messages/sync-group.js';

/** The Kafka API keys Millrace serves. */
export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  InitProducerId: 22,
  DescribeConfigs: 32,
  CreatePartitions: 37,
} as const;

export type ApiKeyValue = (typeof ApiKey)[keyof typeof ApiKey];

function api(name: keyof typeof ApiKey, request: MessageSpec, response: MessageSpec): ApiSpec {
  return { apiKey: ApiKey[name], name, request, response };
}

/** Every API Millrace serves, in API-key order: the table ApiVersions answers from. */
export const API_SPECS: readonly ApiSpec[] = Object.freeze([
  api('Produce', produceRequest, produceResponse),
  api('Fetch', fetchRequest, fetchResponse),
  api('ListOffsets', listOffsetsRequest, listOffsetsResponse),
  api('Metadata', metadataRequest, metadataResponse),
  api('OffsetCommit', offsetCommitRequest, offsetCommitResponse),
  api('OffsetFetch', offsetFetchRequest, offsetFetchResponse),
  api('FindCoordinator', findCoordinatorRequest, findCoordinatorResponse),
  api('JoinGroup', joinGroupRequest, joinGroupResponse),
  api('Heartbeat', heartbeatRequest, heartbeatResponse),
  api('LeaveGroup', leaveGroupRequest, leaveGroupResponse),
  api('SyncGroup', syncGroupRequest, syncGroupResponse),
  api('DescribeGroups', describeGroupsRequest, describeGroupsResponse),
  api('ListGroups', listGroupsRequest, listGroupsResponse),
  api('ApiVersions', apiVersionsRequest, apiVersionsResponse),
  api('CreateTopics', createTopicsRequest, createTopicsResponse),
  api('DeleteTopics', deleteTopicsRequest, deleteTopicsResponse),
  api('InitProducerId', initProducerIdRequest, initProducerIdResponse),
  api('DescribeConfigs', describeConfigsRequest, describeConfigsResponse),
  api('CreatePartitions', createPartitionsRequest, createPartitionsResponse),
]);

const SPECS_BY_KEY: ReadonlyMap<number, ApiSpec> = new Map(API_SPECS.map((spec) => [spec.apiKey, spec]));

export function getApiSpec(apiKey: number): ApiSpec | undefined {
  return SPECS_BY_KEY.get(apiKey);
}

/**
 * What ApiVersions answers: min 0 everywhere, because librdkafka 2.0.2 enables a feature only when the broker's
 * range includes old versions; max is each spec's declared top version.
 */
export const ADVERTISED_VERSIONS: Readonly<Record<number, { min: number; max: number }>> = Object.freeze(
  Object.fromEntries(
    API_SPECS.map((spec) => {
      const { min, max } = parseVersionRange(spec.request.validVersions);
      return [spec.apiKey, Object.freeze({ min, max })];
    }),
  ),
);

const FLEXIBLE_VERSIONS: ReadonlyMap<number, VersionRange> = new Map(
  API_SPECS.map((spec) => [spec.apiKey, parseVersionRange(spec.request.flexibleVersions)]),
);

/** Whether `version` of `apiKey` uses the flexible (compact, tagged) encoding and request header v2. */
export function isFlexibleVersion(apiKey: number, version: number): boolean {
  const flexible = FLEXIBLE_VERSIONS.get(apiKey);
  return flexible !== undefined && inVersionRange(flexible, version);
}
