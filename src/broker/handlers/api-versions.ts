import { ErrorCode } from '../../protocol/error-codes.js';
import type { ApiVersionsRequest, ApiVersionsResponse } from '../../protocol/messages/api-versions.js';
import type { RequestHandler } from './handler.js';

export const handleApiVersions: RequestHandler<ApiVersionsRequest, ApiVersionsResponse> = (broker) => apiVersionsResponse(broker.supportedApis, ErrorCode.NONE);

/** Also the answer to an ApiVersions of a version we do not know, sent in the v0 format with UNSUPPORTED_VERSION. */
export function apiVersionsResponse(apiKeys: ApiVersionsResponse['apiKeys'], errorCode: number): ApiVersionsResponse {
  return { errorCode, apiKeys, throttleTimeMs: 0, supportedFeatures: [], finalizedFeaturesEpoch: -1n, finalizedFeatures: [] };
}
