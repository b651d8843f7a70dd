import net from 'node:net';
import { ADVERTISED_VERSIONS, ApiKey, getApiSpec } from '../../protocol/apis.js';
import { decodeMessage } from '../../protocol/codec.js';
import { ErrorCode, KafkaError } from '../../protocol/error-codes.js';
import { FrameDecoder } from '../../protocol/frame-decoder.js';
import type { ApiSpec, MessageSpec } from '../../protocol/message-spec.js';
import type { ApiVersionsResponse } from '../../protocol/messages/api-versions.js';
import { ByteReader } from '../../protocol/primitives/byte-reader.js';
import { encodeRequest } from '../../protocol/request-header.js';
import { decodeResponse, peekCorrelationId } from '../../protocol/response-header.js';
import type { Logger } from '../../common/logger.js';
import { formatAddress } from '../broker-address.js';
import { ConnectionError, UnsupportedVersionError } from '../errors.js';

export interface BrokerConnectionOptions {
  readonly host: string;
  readonly port: number;
  /** Sent in every request header; brokers log and quota by it. */
  readonly clientId: string | null;
  /** How long a request may wait for its response before failing with REQUEST_TIMED_OUT (7). */
  readonly requestTimeoutMs: number;
  /** How long opening the socket may take (Kafka's `socket.connection.setup.timeout.ms`). @default 10000 */
  readonly connectTimeoutMs?: number;
  readonly logger?: Logger;
}

export interface SendOptions {
  /** Overrides the negotiated version (`versionFor(apiKey)`). */
  readonly version?: number;
  /** Overrides the connection's request timeout, e.g. for a long-polling Fetch. */
  readonly timeoutMs?: number;
}

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

interface Pending {
  readonly decode: (reader: ByteReader) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

const CLIENT_SOFTWARE_NAME = 'millrace';
const CLIENT_SOFTWARE_VERSION = '0.1.0';
const API_VERSIONS_FIRST = 3;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * One TCP connection to one broker, speaking the Kafka protocol.
 *
 * Lifecycle:
 * 1. `BrokerConnection.connect()` opens the socket (Nagle off) and negotiates versions with ApiVersions — v3 first,
 *    as librdkafka and the Java client do; a broker that answers UNSUPPORTED_VERSION (35) in v0 format is asked
 *    again at the highest ApiVersions version its list admits.
 * 2. `send()` pipelines requests: each gets a correlation id and a timer, any number may be in flight, and each
 *    response is matched to its request by correlation id. `sendNoResponse()` is for Produce with acks=0, which
 *    brokers never answer.
 * 3. When the socket fails or closes, every in-flight request rejects with a retriable `ConnectionError` and
 *    `closed` resolves; the connection is not reused — pools open a new one.
 */
export class BrokerConnection {
  readonly host: string;
  readonly port: number;
  readonly clientId: string | null;
  readonly requestTimeoutMs: number;
  /** Resolves (never rejects) once the socket is gone, with the error that ended it, if any. */
  readonly closed: Promise<ConnectionError | undefined>;

  readonly #socket: net.Socket;
  readonly #frames = new FrameDecoder();
  readonly #pending = new Map<number, Pending>();
  readonly #logger: Logger | undefined;
  #versions: ReadonlyMap<number, VersionRange> = new Map();
  #nextCorrelationId = 0;
  #closedError: ConnectionError | undefined;
  #isClosed = false;
  #resolveClosed!: (error: ConnectionError | undefined) => void;

  private constructor(socket: net.Socket, options: BrokerConnectionOptions) {
    this.host = options.host;
    this.port = options.port;
    this.clientId = options.clientId;
    this.requestTimeoutMs = options.requestTimeoutMs;
    this.#logger = options.logger;
    this.#socket = socket;
    this.closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.#closedError ??= new ConnectionError(
        this.host,
        this.port,
        `connection to ${this.address} failed (${error.code ?? error.message})`,
        { cause: error, ...(error.code === undefined ? {} : { socketCode: error.code }) },
      );
    });
    socket.on('close', () => this.#onClose());
  }

  /**
   * Opens a connection and negotiates API versions.
   * @throws ConnectionError "broker unreachable at host:port (ECONNREFUSED)" when the socket cannot be opened
   */
  static async connect(options: BrokerConnectionOptions): Promise<BrokerConnection> {
    const socket = await openSocket(options);
    const connection = new BrokerConnection(socket, options);
    try {
      await connection.#negotiateVersions();
    } catch (error) {
      connection.close();
      throw error;
    }
    options.logger?.debug({ broker: connection.address }, 'connected');
    return connection;
  }

  get address(): string {
    return formatAddress(this);
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** Requests sent and not yet answered (or timed out). */
  get inFlight(): number {
    return this.#pending.size;
  }

  /** The broker's version range per API key, from ApiVersions. */
  get apiVersions(): ReadonlyMap<number, VersionRange> {
    return this.#versions;
  }

  /**
   * The version to use for `apiKey`: the highest both sides speak, i.e. min(our max, the broker's max).
   * @throws UnsupportedVersionError when the ranges do not overlap or the broker lacks the API
   */
  versionFor(apiKey: number): number {
    const ours = ADVERTISED_VERSIONS[apiKey];
    const theirs = this.#versions.get(apiKey);
    if (ours === undefined) throw new UnsupportedVersionError(apiKey, `this client does not implement API key ${apiKey}`);
    if (theirs === undefined) {
      throw new UnsupportedVersionError(apiKey, `broker ${this.address} does not support ${apiName(apiKey)}`);
    }
    const version = Math.min(ours.max, theirs.max);
    if (version < Math.max(ours.min, theirs.min)) {
      throw new UnsupportedVersionError(
        apiKey,
        `broker ${this.address} supports ${apiName(apiKey)} v${theirs.min}-${theirs.max}, this client v${ours.min}-${ours.max}`,
      );
    }
    return version;
  }

  /** Whether the broker serves `apiKey` in a version this client also speaks. */
  supports(apiKey: number): boolean {
    try {
      this.versionFor(apiKey);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Sends a request and resolves with the decoded response body.
   * @throws KafkaError REQUEST_TIMED_OUT (7) after the timeout; ConnectionError when the connection fails first
   */
  send<Res>(apiKey: number, body: object, options: SendOptions = {}): Promise<Res> {
    let spec: ApiSpec;
    let version: number;
    try {
      spec = specFor(apiKey);
      version = options.version ?? this.versionFor(apiKey);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.#request<Res>(
      apiKey,
      version,
      spec.request,
      body,
      (reader) => decodeResponse<Res>(reader, spec.response, version).body,
      options.timeoutMs ?? this.requestTimeoutMs,
    );
  }

  /** Writes a request the broker will not answer (Produce with acks=0); resolves once the socket took it. */
  sendNoResponse(apiKey: number, body: object, options: Pick<SendOptions, 'version'> = {}): Promise<void> {
    if (this.#isClosed) return Promise.reject(this.#closedFailure());
    let chunks: Buffer[];
    try {
      const version = options.version ?? this.versionFor(apiKey);
      const header = { apiKey, apiVersion: version, correlationId: this.#correlationId(), clientId: this.clientId };
      chunks = encodeRequest(header, specFor(apiKey).request, body);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise((resolve, reject) => {
      this.#write(chunks, (error) => (error ? reject(this.#closedFailure()) : resolve()));
    });
  }

  /** Closes the socket; in-flight requests reject with a ConnectionError. Idempotent. */
  close(): void {
    if (this.#isClosed) return;
    this.#closedError ??= new ConnectionError(this.host, this.port, `connection to ${this.address} was closed by the client`);
    this.#socket.destroy();
  }

  async #negotiateVersions(): Promise<void> {
    let version = API_VERSIONS_FIRST;
    for (;;) {
      const response = await this.#request<ApiVersionsResponse>(
        ApiKey.ApiVersions,
        version,
        specFor(ApiKey.ApiVersions).request,
        { clientSoftwareName: CLIENT_SOFTWARE_NAME, clientSoftwareVersion: CLIENT_SOFTWARE_VERSION },
        (reader) => decodeApiVersions(reader, version),
        this.requestTimeoutMs,
      );
      if (response.errorCode === ErrorCode.UNSUPPORTED_VERSION && version > 0) {
        const offered = response.apiKeys.find((k) => k.apiKey === ApiKey.ApiVersions);
        const next = offered === undefined ? 0 : Math.min(offered.maxVersion, version - 1);
        this.#logger?.debug({ broker: this.address, version, next }, 'ApiVersions version refused, retrying');
        version = next;
        continue;
      }
      if (response.errorCode !== ErrorCode.NONE) {
        throw new KafkaError(response.errorCode, `ApiVersions v${version} to ${this.address} failed`);
      }
      this.#versions = new Map(response.apiKeys.map((k) => [k.apiKey, { min: k.minVersion, max: k.maxVersion }]));
      return;
    }
  }

  #request<Res>(
    apiKey: number,
    version: number,
    spec: MessageSpec,
    body: object,
    decode: (reader: ByteReader) => Res,
    timeoutMs: number,
  ): Promise<Res> {
    if (this.#isClosed) return Promise.reject(this.#closedFailure());
    const correlationId = this.#correlationId();
    let chunks: Buffer[];
    try {
      chunks = encodeRequest({ apiKey, apiVersion: version, correlationId, clientId: this.clientId }, spec, body);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<Res>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.#pending.delete(correlationId)) {
          reject(
            new KafkaError(
              ErrorCode.REQUEST_TIMED_OUT,
              `${apiName(apiKey)} v${version} to ${this.address} got no response within ${timeoutMs} ms`,
            ),
          );
        }
      }, timeoutMs);
      this.#pending.set(correlationId, { decode, resolve: resolve as (value: unknown) => void, reject, timer });
      this.#write(chunks);
    });
  }

  #write(chunks: Buffer[], callback?: (error?: Error | null) => void): void {
    const socket = this.#socket;
    socket.cork();
    const last = chunks.length - 1;
    for (let i = 0; i < last; i++) socket.write(chunks[i]!);
    socket.write(chunks[last]!, callback);
    socket.uncork();
  }

  #correlationId(): number {
    const id = this.#nextCorrelationId;
    this.#nextCorrelationId = id === 0x7fff_ffff ? 0 : id + 1;
    return id;
  }

  #onData(chunk: Buffer): void {
    try {
      this.#frames.push(chunk);
      for (let frame = this.#frames.next(); frame !== null; frame = this.#frames.next()) this.#onFrame(frame);
    } catch (error) {
      // A broken frame stream cannot be resynchronised: everything after it is garbage.
      this.#closedError ??= new ConnectionError(this.host, this.port, `invalid response stream from ${this.address}`, {
        cause: error,
      });
      this.#socket.destroy();
    }
  }

  #onFrame(frame: Buffer): void {
    const reader = new ByteReader(frame);
    const correlationId = peekCorrelationId(reader);
    const pending = this.#pending.get(correlationId);
    if (pending === undefined) {
      this.#logger?.debug({ broker: this.address, correlationId }, 'response to a request no longer waited for');
      return;
    }
    this.#pending.delete(correlationId);
    clearTimeout(pending.timer);
    let value: unknown;
    try {
      value = pending.decode(reader);
    } catch (error) {
      pending.reject(error as Error);
      return;
    }
    pending.resolve(value);
  }

  #onClose(): void {
    this.#isClosed = true;
    const error = this.#closedFailure();
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pending.clear();
    this.#logger?.debug({ broker: this.address, reason: error.message }, 'connection closed');
    this.#resolveClosed(this.#closedError);
  }

  #closedFailure(): ConnectionError {
    return (this.#closedError ??= new ConnectionError(
      this.host,
      this.port,
      `connection to ${this.address} was closed by the broker`,
    ));
  }
}

function specFor(apiKey: number): ApiSpec {
  const spec = getApiSpec(apiKey);
  if (spec === undefined) throw new UnsupportedVersionError(apiKey, `this client does not implement API key ${apiKey}`);
  return spec;
}

function apiName(apiKey: number): string {
  return getApiSpec(apiKey)?.name ?? `API ${apiKey}`;
}

/**
 * A broker answers an ApiVersions version it does not know with error 35 in a v0-format body (Kafka), or in the
 * format of the version asked (librdkafka's mock cluster): like Kafka's Java client, read the version asked
 * first and fall back to v0 when that does not parse.
 */
function decodeApiVersions(reader: ByteReader, version: number): ApiVersionsResponse {
  reader.int32();
  const bodyAt = reader.offset;
  const spec = specFor(ApiKey.ApiVersions).response;
  try {
    return decodeMessage<ApiVersionsResponse>(spec, version, reader);
  } catch (error) {
    if (version === 0) throw error;
    return decodeMessage<ApiVersionsResponse>(spec, 0, new ByteReader(reader.buffer, bodyAt, reader.end));
  }
}

function openSocket(options: BrokerConnectionOptions): Promise<net.Socket> {
  const address = formatAddress(options);
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: options.host, port: options.port, noDelay: true });
    const fail = (error: ConnectionError): void => {
      socket.removeAllListeners();
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new ConnectionError(options.host, options.port, `broker unreachable at ${address} (timed out after ${timeoutMs} ms)`, { socketCode: 'ETIMEDOUT' })),
      timeoutMs,
    );
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      fail(
        new ConnectionError(options.host, options.port, `broker unreachable at ${address} (${error.code ?? error.message})`, {
          cause: error,
          ...(error.code === undefined ? {} : { socketCode: error.code }),
        }),
      );
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}
