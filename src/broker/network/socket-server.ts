import net from 'node:net';
import type { Logger } from '../../common/logger.js';
import { Connection, type FrameProcessor } from './connection.js';

export interface ListenerSpec {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

export interface BoundListener {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

export class ListenerBindError extends Error {
  constructor(readonly listener: ListenerSpec, cause: Error) {
    super(`cannot listen on ${listener.name}://${listener.host}:${listener.port}: ${cause.message}`);
    this.name = 'ListenerBindError';
  }
}

/** Accepts client connections on every configured listener and hands their frames to the request processor. */
export class SocketServer {
  readonly #listeners: readonly ListenerSpec[];
  readonly #maxFrameBytes: number;
  readonly #process: FrameProcessor;
  readonly #logger: Logger;
  readonly #servers: net.Server[] = [];
  readonly #sockets = new Set<net.Socket>();

  constructor(listeners: readonly ListenerSpec[], maxFrameBytes: number, process: FrameProcessor, logger: Logger) {
    this.#listeners = listeners;
    this.#maxFrameBytes = maxFrameBytes;
    this.#process = process;
    this.#logger = logger;
  }

  async start(): Promise<BoundListener[]> {
    const bound: BoundListener[] = [];
    for (const spec of this.#listeners) {
      const server = net.createServer((socket) => this.#accept(socket, spec.name));
      await new Promise<void>((resolve, reject) => {
        server.once('error', (err) => reject(new ListenerBindError(spec, err)));
        // An empty host binds every interface, as Kafka's `PLAINTEXT://:9092` does.
        server.listen({ host: spec.host === '' ? undefined : spec.host, port: spec.port }, () => resolve());
      });
      server.on('error', (err) => this.#logger.error(`Listener ${spec.name} failed: ${err.message}`));
      this.#servers.push(server);
      const address = server.address() as net.AddressInfo;
      bound.push({ name: spec.name, host: spec.host, port: address.port });
    }
    return bound;
  }

  /** Stops accepting, then closes every open connection. In-flight requests are abandoned. */
  async stop(): Promise<void> {
    const closing = this.#servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    for (const socket of this.#sockets) socket.destroy();
    await Promise.all(closing);
  }

  #accept(socket: net.Socket, listenerName: string): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    new Connection(socket, listenerName, this.#maxFrameBytes, this.#process, this.#logger);
  }
}
