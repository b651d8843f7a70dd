import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../../common/config/config-def.js';
import type { Logger } from '../../common/logger.js';
import type { Status } from './connector-status.js';
import { NotFoundError } from './standalone-herder.js';
import type { StandaloneHerder } from './standalone-herder.js';

/**
 * The Kafka Connect REST API's read side over a herder, on node:http (a handful of routes needs no framework):
 * `GET /`, `/connectors[?expand=status|info]`, `/connectors/{name}`, `…/config`, `…/status`, `…/tasks`,
 * `…/tasks/{id}/status`, `/connector-plugins[?connectorsOnly=false]`. Bodies and errors are shaped as Kafka's
 * (`{"error_code":404,"message":"…"}`), so tools written for Kafka Connect read them unchanged.
 */

export interface RestServerOptions {
  /** Kafka's `listeners` values: `http://host:port`; an empty host binds every interface, port 0 any free port. */
  readonly listeners: readonly string[];
  readonly herder: StandaloneHerder;
  readonly version: string;
  readonly clusterId: () => string | null;
  readonly allowOrigin: string;
  readonly allowMethods: string;
  readonly logger: Logger;
}

export interface RestListener {
  readonly host: string;
  readonly port: number;
}

/** A `listeners` entry that is not `http://host:port`. */
export function parseRestListener(listener: string): RestListener {
  const match = /^(https?):\/\/(\[[^\]]*\]|[^:/]*):(\d+)\/?$/i.exec(listener.trim());
  if (match === null || match[1]!.toLowerCase() !== 'http' || Number(match[3]) > 65535) {
    throw new ConfigError([{ key: 'listeners', message: `expected http://host:port (https is not supported), got ${JSON.stringify(listener)}` }]);
  }
  return { host: match[2]!.replace(/^\[|\]$/g, ''), port: Number(match[3]) };
}

export class RestServer {
  readonly #options: RestServerOptions;
  readonly #servers: Server[] = [];
  readonly #bound: RestListener[] = [];

  constructor(options: RestServerOptions) {
    this.#options = options;
    for (const listener of options.listeners) parseRestListener(listener);
  }

  /** Where the server listens, ports as bound. */
  get listeners(): readonly RestListener[] {
    return this.#bound;
  }

  async start(): Promise<void> {
    for (const listener of this.#options.listeners.map(parseRestListener)) {
      const server = createServer((req, res) => this.#handle(req, res));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(listener.port, listener.host === '' ? undefined : listener.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      this.#servers.push(server);
      const address = server.address() as AddressInfo;
      this.#bound.push({ host: listener.host, port: address.port });
      this.#options.logger.info(`REST server listening at http://${listener.host || '0.0.0.0'}:${address.port}/`);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.#servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        this.#send(res, 405, { error_code: 405, message: `HTTP ${req.method} is not supported by this standalone worker's REST API` });
        return;
      }
      this.#send(res, 200, this.#route(parts, url.searchParams));
    } catch (err) {
      if (err instanceof NotFoundError) {
        this.#send(res, 404, { error_code: 404, message: err.message });
        return;
      }
      this.#options.logger.error({ err }, `REST ${req.method} ${url.pathname} failed`);
      this.#send(res, 500, { error_code: 500, message: (err as Error).message });
    }
  }

  #route(parts: readonly string[], query: URLSearchParams): unknown {
    const herder = this.#options.herder;
    if (parts.length === 0) {
      return { version: this.#options.version, commit: 'unknown', kafka_cluster_id: this.#options.clusterId() };
    }
    if (parts[0] === 'connector-plugins' && parts.length === 1) {
      return herder.plugins(query.get('connectorsOnly') === 'false');
    }
    if (parts[0] !== 'connectors') throw new NotFoundError(`/${parts.join('/')}`);
    if (parts.length === 1) return this.#connectors(query.getAll('expand'));
    const name = parts[1]!;
    if (parts.length === 2) return this.#info(name);
    if (parts.length === 3 && parts[2] === 'config') return herder.connectorInfo(name).config;
    if (parts.length === 3 && parts[2] === 'status') return this.#status(name);
    if (parts.length === 3 && parts[2] === 'tasks') {
      return herder.taskConfigs(name).map((t) => ({ id: t.id, config: t.config }));
    }
    if (parts.length === 5 && parts[2] === 'tasks' && parts[4] === 'status') {
      const task = Number(parts[3]);
      if (!Number.isInteger(task)) throw new NotFoundError(`Task ${name}-${parts[3]}`);
      return statusBody(herder.taskStatus({ connector: name, task }), task);
    }
    throw new NotFoundError(`/${parts.join('/')}`);
  }

  #connectors(expand: readonly string[]): unknown {
    const names = this.#options.herder.connectors();
    if (expand.length === 0) return names;
    const result: Record<string, Record<string, unknown>> = {};
    for (const name of names) {
      const entry: Record<string, unknown> = {};
      if (expand.includes('status')) entry['status'] = this.#status(name);
      if (expand.includes('info')) entry['info'] = this.#info(name);
      result[name] = entry;
    }
    return result;
  }

  #info(name: string): unknown {
    const info = this.#options.herder.connectorInfo(name);
    return { name: info.name, config: info.config, tasks: info.tasks, type: info.type };
  }

  #status(name: string): unknown {
    const status = this.#options.herder.connectorStatus(name);
    return {
      name: status.name,
      connector: statusBody(status.connector),
      tasks: status.tasks.map((t) => statusBody(t, t.id)),
      type: status.type,
    };
  }

  #send(res: ServerResponse, code: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.statusCode = code;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    if (this.#options.allowOrigin !== '') res.setHeader('Access-Control-Allow-Origin', this.#options.allowOrigin);
    if (this.#options.allowMethods !== '') res.setHeader('Access-Control-Allow-Methods', this.#options.allowMethods);
    res.end(text);
  }
}

/** Kafka's status JSON: `{"state":…,"worker_id":…}`, with `id` for tasks and `trace` when FAILED. */
function statusBody(status: Status, id?: number): Record<string, unknown> {
  const body: Record<string, unknown> = id === undefined ? {} : { id };
  body['state'] = status.state;
  body['worker_id'] = status.workerId;
  if (status.trace !== undefined) body['trace'] = status.trace;
  return body;
}
