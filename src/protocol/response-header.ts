import { decodeMessage, encodeMessage, isFlexible, skipTaggedFields } from './codec.js';
import type { MessageSpec } from './message-spec.js';
import type { ByteReader } from './primitives/byte-reader.js';
import { ByteWriter } from './primitives/byte-writer.js';

const API_VERSIONS_KEY = 18;

/** Response header v0: correlation_id int32. v1 adds a tag buffer. */
export interface ResponseHeader {
  readonly correlationId: number;
}

/**
 * v1 for flexible versions, except ApiVersions, whose response always uses v0: a client that sent a version the
 * broker does not know must still be able to read the (v0-format) error response.
 */
export function responseHeaderVersion(apiKey: number, spec: MessageSpec, version: number): 0 | 1 {
  return apiKey !== API_VERSIONS_KEY && isFlexible(spec, version) ? 1 : 0;
}

/**
 * A complete response frame (4-byte size prefix, header, body) as chunks ready for `writev`. Record batches in
 * the body (Fetch) are referenced, not copied, so the chunks must be written out before those buffers change.
 */
export function encodeResponse(
  apiKey: number,
  version: number,
  correlationId: number,
  spec: MessageSpec,
  body: object,
): Buffer[] {
  const w = new ByteWriter();
  const sizeAt = w.reserveInt32();
  w.int32(correlationId);
  if (responseHeaderVersion(apiKey, spec, version) === 1) w.uvarint(0);
  encodeMessage(spec, version, body, w);
  w.patchInt32(sizeAt, w.length - 4);
  return w.toChunks();
}

/**
 * The correlation id at the start of a response frame, so a client can find the request it answers (and from
 * that the spec and version to decode with) before decoding anything else.
 */
export function peekCorrelationId(reader: ByteReader): number {
  reader.ensure(4, 'correlation id');
  return reader.buffer.readInt32BE(reader.offset);
}

/** Reads the response header for a request of `spec` at `version`, leaving the reader at the body. */
export function decodeResponseHeader(reader: ByteReader, spec: MessageSpec, version: number): ResponseHeader {
  const correlationId = reader.int32();
  if (responseHeaderVersion(spec.apiKey, spec, version) === 1) skipTaggedFields(reader);
  return { correlationId };
}

/** Header and body of a response frame (size prefix already stripped by the FrameDecoder). */
export function decodeResponse<T = Record<string, unknown>>(
  reader: ByteReader,
  spec: MessageSpec,
  version: number,
): { header: ResponseHeader; body: T } {
  const header = decodeResponseHeader(reader, spec, version);
  return { header, body: decodeMessage<T>(spec, version, reader) };
}
