import { ADVERTISED_VERSIONS, ApiKey, getApiSpec } from '../../protocol/apis.js';
import { decodeMessage } from '../../protocol/codec.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { ByteReader } from '../../protocol/primitives/byte-reader.js';
import { decodeRequestHeader } from '../../protocol/request-header.js';
import { encodeResponse } from '../../protocol/response-header.js';
import type { BrokerContext, RequestContext } from '../broker-context.js';
import { apiVersionsResponse } from '../handlers/api-versions.js';
import { REQUEST_HANDLERS } from '../handlers/index.js';

/** A request the broker cannot answer; its connection is closed, nothing else is affected. */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}

export interface ConnectionInfo {
  readonly connectionId: string;
  readonly listenerName: string;
}

/**
 * Turns one request frame into its response frame (size prefix included), or null when the request expects no
 * answer. Decoding failures, unknown APIs and unsupported versions throw InvalidRequestError — except ApiVersions
 * at a version we do not know, which Kafka answers in the v0 format with UNSUPPORTED_VERSION and the supported
 * list, so the client can retry at a version both sides speak.
 */
export async function processRequest(broker: BrokerContext, frame: Buffer, connection: ConnectionInfo): Promise<Buffer[] | null> {
  if (frame.length < 8) throw new InvalidRequestError(`request of ${frame.length} bytes is shorter than a request header`);
  const apiKey = frame.readInt16BE(0);
  const apiVersion = frame.readInt16BE(2);
  const correlationId = frame.readInt32BE(4);
  const spec = getApiSpec(apiKey);
  const handler = REQUEST_HANDLERS.get(apiKey);
  if (!spec || !handler) throw new InvalidRequestError(`unknown API key ${apiKey}`);
  const range = ADVERTISED_VERSIONS[apiKey]!;
  if (apiVersion < range.min || apiVersion > range.max) {
    if (apiKey === ApiKey.ApiVersions) {
      return encodeResponse(apiKey, 0, correlationId, spec.response, apiVersionsResponse(broker.supportedApis, ErrorCode.UNSUPPORTED_VERSION));
    }
    throw new InvalidRequestError(`unsupported version ${apiVersion} of API ${spec.name} (supported ${range.min}-${range.max})`);
  }
  const reader = new ByteReader(frame);
  let request: unknown;
  let clientId: string | null;
  try {
    clientId = decodeRequestHeader(reader).clientId;
    request = decodeMessage(spec.request, apiVersion, reader);
  } catch (err) {
    throw new InvalidRequestError(`malformed ${spec.name} v${apiVersion} request: ${(err as Error).message}`);
  }
  const context: RequestContext = {
    apiKey,
    apiVersion,
    correlationId,
    clientId,
    listenerName: connection.listenerName,
    connectionId: connection.connectionId,
  };
  const response = await handler(broker, request, context);
  if (response === null) return null;
  return encodeResponse(apiKey, apiVersion, correlationId, spec.response, response);
}
