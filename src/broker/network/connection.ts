import type net from 'node:net';
import { FrameDecoder } from '../../protocol/frame-decoder.js';
import type { Logger } from '../../common/logger.js';
import type { ConnectionInfo } from './request-processor.js';

export type FrameProcessor = (frame: Buffer, connection: ConnectionInfo) => Promise<Buffer[] | null>;

/** Pipelined requests beyond this many pause reading from the socket until the backlog drains. */
const MAX_QUEUED_REQUESTS = 64;

/**
 * One client connection. Requests are processed strictly one after another and answered in order, as Kafka does
 * (a client matches responses by order as well as by correlation id). Any failure — a frame over the size limit,
 * an undecodable request, an exception in a handler — closes this connection only.
 */
export class Connection implements ConnectionInfo {
  readonly connectionId: string;
  readonly listenerName: string;
  readonly #socket: net.Socket;
  readonly #decoder: FrameDecoder;
  readonly #process: FrameProcessor;
  readonly #logger: Logger;
  readonly #queue: Buffer[] = [];
  #draining = false;
  #closed = false;

  constructor(socket: net.Socket, listenerName: string, maxFrameBytes: number, process: FrameProcessor, logger: Logger) {
    this.#socket = socket;
    this.listenerName = listenerName;
    this.connectionId = `${socket.localAddress}:${socket.localPort}-${socket.remoteAddress}:${socket.remotePort}`;
    this.#decoder = new FrameDecoder({ maxFrameBytes });
    this.#process = process;
    this.#logger = logger;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (err) => this.#logger.debug(`Connection ${this.connectionId} error: ${err.message}`));
    socket.on('close', () => {
      this.#closed = true;
      this.#queue.length = 0;
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  close(reason?: string): void {
    if (this.#closed) return;
    this.#closed = true;
    if (reason) this.#logger.info(`Closing connection ${this.connectionId}: ${reason}`);
    this.#queue.length = 0;
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    if (this.#closed) return;
    try {
      this.#decoder.push(chunk);
      for (let frame = this.#decoder.next(); frame !== null; frame = this.#decoder.next()) this.#queue.push(frame);
    } catch (err) {
      this.close((err as Error).message);
      return;
    }
    if (this.#queue.length > MAX_QUEUED_REQUESTS) this.#socket.pause();
    if (!this.#draining) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const frame = this.#queue.shift()!;
        let response: Buffer[] | null;
        try {
          response = await this.#process(frame, this);
        } catch (err) {
          this.close((err as Error).message);
          return;
        }
        if (response && !this.#closed && !this.#write(response)) await this.#waitForDrain();
        if (this.#socket.isPaused() && this.#queue.length <= MAX_QUEUED_REQUESTS / 2) this.#socket.resume();
      }
    } finally {
      this.#draining = false;
    }
  }

  #write(chunks: Buffer[]): boolean {
    this.#socket.cork();
    let ok = true;
    for (const chunk of chunks) ok = this.#socket.write(chunk);
    this.#socket.uncork();
    return ok;
  }

  #waitForDrain(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.#socket.off('drain', done);
        this.#socket.off('close', done);
        resolve();
      };
      this.#socket.on('drain', done);
      this.#socket.on('close', done);
    });
  }
}
