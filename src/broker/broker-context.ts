import type { BrokerConfig } from './config/broker-config.js';
import type { TopicManager } from './topic-manager.js';
import type { GroupCoordinator } from './group/group-coordinator.js';
import type { Logger } from '../common/logger.js';
import type { ApiVersionsResponse } from '../protocol/messages/api-versions.js';

/** A broker as clients see it in Metadata: id and the advertised address of the listener they connected to. */
export interface BrokerEndpoint {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

/** What request handlers may use. Handlers never reach the socket layer or the process. */
export interface BrokerContext {
  readonly config: BrokerConfig;
  readonly clusterId: string;
  readonly topics: TopicManager;
  readonly groups: GroupCoordinator;
  readonly logger: Logger;
  readonly now: () => number;
  /** Brokers of the cluster, advertised for the listener a request arrived on. */
  brokers(listenerName: string): readonly BrokerEndpoint[];
  /** The controller's node id (on one broker: this broker). */
  readonly controllerId: number;
  allocateProducerId(): number;
  /** The APIs and versions ApiVersions advertises. */
  readonly supportedApis: ApiVersionsResponse['apiKeys'];
}

export interface RequestContext {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  readonly listenerName: string;
  readonly connectionId: string;
}
