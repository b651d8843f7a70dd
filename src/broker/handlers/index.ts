import { ApiKey } from '../../protocol/apis.js';
import type { RequestHandler } from './handler.js';
import { handleApiVersions } from './api-versions.js';
import { handleCreatePartitions } from './create-partitions.js';
import { handleCreateTopics } from './create-topics.js';
import { handleDeleteTopics } from './delete-topics.js';
import { handleDescribeConfigs } from './describe-configs.js';
import { handleDescribeGroups } from './describe-groups.js';
import { handleFetch } from './fetch.js';
import { handleFindCoordinator } from './find-coordinator.js';
import { handleHeartbeat } from './heartbeat.js';
import { handleInitProducerId } from './init-producer-id.js';
import { handleJoinGroup } from './join-group.js';
import { handleLeaveGroup } from './leave-group.js';
import { handleListGroups } from './list-groups.js';
import { handleListOffsets } from './list-offsets.js';
import { handleMetadata } from './metadata.js';
import { handleOffsetCommit } from './offset-commit.js';
import { handleOffsetFetch } from './offset-fetch.js';
import { handleProduce } from './produce.js';
import { handleSyncGroup } from './sync-group.js';

/** The APIs this broker serves. An API missing here is not advertised by ApiVersions. */
export const REQUEST_HANDLERS: ReadonlyMap<number, RequestHandler> = new Map<number, RequestHandler>([
  [ApiKey.Produce, handleProduce],
  [ApiKey.Fetch, handleFetch],
  [ApiKey.ListOffsets, handleListOffsets],
  [ApiKey.Metadata, handleMetadata],
  [ApiKey.OffsetCommit, handleOffsetCommit],
  [ApiKey.OffsetFetch, handleOffsetFetch],
  [ApiKey.FindCoordinator, handleFindCoordinator],
  [ApiKey.JoinGroup, handleJoinGroup],
  [ApiKey.Heartbeat, handleHeartbeat],
  [ApiKey.LeaveGroup, handleLeaveGroup],
  [ApiKey.SyncGroup, handleSyncGroup],
  [ApiKey.DescribeGroups, handleDescribeGroups],
  [ApiKey.ListGroups, handleListGroups],
  [ApiKey.ApiVersions, handleApiVersions],
  [ApiKey.CreateTopics, handleCreateTopics],
  [ApiKey.DeleteTopics, handleDeleteTopics],
  [ApiKey.InitProducerId, handleInitProducerId],
  [ApiKey.DescribeConfigs, handleDescribeConfigs],
  [ApiKey.CreatePartitions, handleCreatePartitions],
]);
