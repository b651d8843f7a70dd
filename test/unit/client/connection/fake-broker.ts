/**
 * A scripted Kafka-protocol server on 127.0.0.1 for client unit tests: it decodes each request with the shared
 * codec and lets the test decide what (if anything) to answer, when, and in which format.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ADVERTISED_VERSIONS, getApiSpec } from '../../../../src/protocol/apis.js';
import { decodeMessage } from '../../../../src/protocol/codec.js';
import { FrameDecoder } from '../../../../src/protocol/frame-decoder.js';
import { ByteReader } from '../../../../src/protocol/primitives/byte-reader.js';
import { decodeRequestHeader } from '../../../../src/protocol/request-header.js';
import type { RequestHeader } from '../../../../src/protocol/request-header.js';
import { encodeResponse } from '../../../../src/protocol/response-header.js';

export interface FakeRequest {
  readonly header: RequestHeader;
  readonly body: Record<string, unknown>;
  readonly socket: net.Socket;
  /** Encodes `body` as the response of the request's own API and version. */
  respond(body: object, version?: number): void;
}

/** Returns true when it handled the request; otherwise ApiVersions gets the default answer and others none. */
export type FakeHandler = (request: FakeRequest) => boolean | void;

export function apiVersionsBody(errorCode = 0, versions = ADVERTISED_VERSIONS): object {
  return {
    errorCode,
    apiKeys: Object.entries(versions).map(([apiKey, r]) => ({ apiKey: Number(apiKey), minVersion: r.min, maxVersion: r.max })),
    throttleTimeMs: 0,
    supportedFeatures: [],
    finalizedFeaturesEpoch: -1n,
    finalizedFeatures: [],
  };
}

export class FakeBroker {
  readonly requests: RequestHeader[] = [];
  readonly sockets = new Set<net.Socket>();
  handler: FakeHandler = () => false;
  readonly #server: net.Server;

  private constructor(server: net.Server) {
    this.#server = server;
  }

  static async start(handler?: FakeHandler): Promise<FakeBroker> {
    const server = net.createServer();
    const broker = new FakeBroker(server);
    if (handler) broker.handler = handler;
    server.on('connection', (socket) => broker.#accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return broker;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const frames = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      frames.push(chunk);
      for (let frame = frames.next(); frame !== null; frame = frames.next()) this.#onRequest(socket, frame);
    });
  }

  #onRequest(socket: net.Socket, frame: Buffer): void {
    const reader = new ByteReader(frame);
    const header = decodeRequestHeader(reader);
    this.requests.push(header);
    const spec = getApiSpec(header.apiKey)!;
    const body = decodeMessage(spec.request, header.apiVersion, reader);
    const request: FakeRequest = {
      header,
      body,
      socket,
      respond: (responseBody, version = header.apiVersion) => {
        if (socket.destroyed) return;
        for (const chunk of encodeResponse(header.apiKey, version, header.correlationId, spec.response, responseBody)) socket.write(chunk);
      },
    };
    if (this.handler(request) === true) return;
    if (header.apiKey === 18) request.respond(apiVersionsBody());
  }
}
