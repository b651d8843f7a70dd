import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import { formatAddress } from './broker-address.js';

/**
 * The socket to a broker failed: it could not be opened, or it closed with requests in flight. Always retriable
 * (as Kafka's `NetworkException`): the caller may reconnect, possibly to another broker after a metadata refresh.
 * `host`/`port` name the broker so a one-line message tells the user where to look.
 */
export class ConnectionError extends KafkaError {
  readonly host: string;
  readonly port: number;
  /** The socket error code (`ECONNREFUSED`, `ETIMEDOUT` …) when there was one. */
  readonly socketCode: string | undefined;

  constructor(host: string, port: number, message: string, options?: ErrorOptions & { socketCode?: string }) {
    super(ErrorCode.NETWORK_EXCEPTION, message, options);
    this.name = 'ConnectionError';
    this.host = host;
    this.port = port;
    this.socketCode = options?.socketCode;
  }

  get address(): string {
    return formatAddress(this);
  }
}

/** No version of `apiKey` is spoken by both this client and the broker. Not retriable: the broker will not change. */
export class UnsupportedVersionError extends KafkaError {
  readonly apiKey: number;

  constructor(apiKey: number, message: string) {
    super(ErrorCode.UNSUPPORTED_VERSION, message);
    this.name = 'UnsupportedVersionError';
    this.apiKey = apiKey;
  }
}

/** A producer, admin or cluster used after `close()`. */
export class ClientClosedError extends Error {
  readonly client: string;

  constructor(client: string) {
    super(`the ${client} is closed`);
    this.name = 'ClientClosedError';
    this.client = client;
  }
}
