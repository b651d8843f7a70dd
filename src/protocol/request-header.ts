import { isFlexibleVersion } from './apis.js';
import { encodeMessage, isFlexible, skipTaggedFields } from './codec.js';
import type { MessageSpec } from './message-spec.js';
import type { ByteReader } from './primitives/byte-reader.js';
import { ByteWriter } from './primitives/byte-writer.js';

/**
 * Request header v1: api_key int16, api_version int16, correlation_id int32, client_id (nullable int16 string).
 * v2 adds a tag buffer. client_id stays an int16-length string in v2: the header predates compact strings and
 * Kafka kept it for compatibility. A request uses v2 exactly when its api version is flexible.
 */
export interface RequestHeader {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
}

export function requestHeaderVersion(apiKey: number, apiVersion: number): 1 | 2 {
  return isFlexibleVersion(apiKey, apiVersion) ? 2 : 1;
}

/**
 * Reads the header at the start of a request frame, leaving the reader at the body. API key and version come
 * first, so the header version is known by the time it matters; an API key we do not serve is read as header v1
 * (its client_id is still there), which is enough to answer with its correlation id.
 */
export function decodeRequestHeader(reader: ByteReader): RequestHeader {
  const apiKey = reader.int16();
  const apiVersion = reader.int16();
  const correlationId = reader.int32();
  const clientId = reader.nullableString();
  if (requestHeaderVersion(apiKey, apiVersion) === 2) skipTaggedFields(reader);
  return { apiKey, apiVersion, correlationId, clientId };
}

/**
 * The client side: a complete request frame (4-byte size prefix, header, body) as chunks ready for `writev`.
 * `spec` is the API's request spec; large record batches in the body stay uncopied chunks.
 */
export function encodeRequest(header: RequestHeader, spec: MessageSpec, body: object): Buffer[] {
  const w = new ByteWriter();
  const sizeAt = w.reserveInt32();
  w.int16(header.apiKey);
  w.int16(header.apiVersion);
  w.int32(header.correlationId);
  w.nullableString(header.clientId);
  if (isFlexible(spec, header.apiVersion)) w.uvarint(0);
  encodeMessage(spec, header.apiVersion, body, w);
  w.patchInt32(sizeAt, w.length - 4);
  return w.toChunks();
}
