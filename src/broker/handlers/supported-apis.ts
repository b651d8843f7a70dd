import { ADVERTISED_VERSIONS } from '../../protocol/apis.js';
import type { ApiVersionsResponse } from '../../protocol/messages/api-versions.js';
import { REQUEST_HANDLERS } from './index.js';

/** What ApiVersions advertises: only APIs this broker has a handler for, at the versions their specs declare. */
export function supportedApis(): ApiVersionsResponse['apiKeys'] {
  return [...REQUEST_HANDLERS.keys()]
    .sort((a, b) => a - b)
    .map((apiKey) => ({ apiKey, minVersion: ADVERTISED_VERSIONS[apiKey]!.min, maxVersion: ADVERTISED_VERSIONS[apiKey]!.max }));
}
