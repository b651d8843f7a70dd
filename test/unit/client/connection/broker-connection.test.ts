import assert from 'node:assert/strict';
import net from 'node:net';
import { BrokerConnection } from '../../../../src/client/connection/broker-connection.js';
import { ConnectionError, UnsupportedVersionError } from '../../../../src/client/errors.js';
import { ADVERTISED_VERSIONS, ApiKey } from '../../../../src/protocol/apis.js';
import { ErrorCode, KafkaError } from '../../../../src/protocol/error-codes.js';
import type { MetadataResponse } from '../../../../src/protocol/messages/metadata.js';
import { FakeBroker, apiVersionsBody } from './fake-broker.js';

function metadataBody(clusterId: string): object {
  return { throttleTimeMs: 0, brokers: [], clusterId, controllerId: 0, topics: [] };
}

function connect(broker: FakeBroker, requestTimeoutMs = 5000): Promise<BrokerConnection> {
  return BrokerConnection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'test-client', requestTimeoutMs });
}

/** A port nothing listens on: bound, then closed. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('BrokerConnection', function () {
  let broker: FakeBroker;
  const open: BrokerConnection[] = [];

  beforeEach(async () => {
    broker = await FakeBroker.start();
  });

  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    await broker.stop();
  });

  async function connected(requestTimeoutMs?: number): Promise<BrokerConnection> {
    const c = await connect(broker, requestTimeoutMs);
    open.push(c);
    return c;
  }

  it('negotiates with ApiVersions v3 first and picks min(our max, broker max)', async () => {
    broker.handler = (req) => {
      if (req.header.apiKey !== ApiKey.ApiVersions) return false;
      req.respond(apiVersionsBody(0, { ...ADVERTISED_VERSIONS, [ApiKey.Metadata]: { min: 0, max: 4 }, [ApiKey.Fetch]: { min: 0, max: 13 } }));
      return true;
    };
    const c = await connected();
    assert.deepEqual(
      broker.requests.map((r) => [r.apiKey, r.apiVersion, r.clientId]),
      [[ApiKey.ApiVersions, 3, 'test-client']],
    );
    assert.equal(c.versionFor(ApiKey.Metadata), 4);
    assert.equal(c.versionFor(ApiKey.Fetch), ADVERTISED_VERSIONS[ApiKey.Fetch]!.max);
  });

  it('falls back when the broker answers ApiVersions v3 with error 35 in the v0 format', async () => {
    broker.handler = (req) => {
      if (req.header.apiKey !== ApiKey.ApiVersions) return false;
      const old = { ...ADVERTISED_VERSIONS, [ApiKey.ApiVersions]: { min: 0, max: 2 } };
      if (req.header.apiVersion === 3) req.respond(apiVersionsBody(ErrorCode.UNSUPPORTED_VERSION, old), 0);
      else req.respond(apiVersionsBody(0, old));
      return true;
    };
    const c = await connected();
    assert.deepEqual(broker.requests.map((r) => r.apiVersion), [3, 2]);
    assert.equal(c.versionFor(ApiKey.ApiVersions), 2);
  });

  it('also reads an error-35 answer written in the format of the version asked (librdkafka mock)', async () => {
    broker.handler = (req) => {
      if (req.header.apiKey !== ApiKey.ApiVersions) return false;
      const versions = { ...ADVERTISED_VERSIONS, [ApiKey.ApiVersions]: { min: 0, max: 2 } };
      req.respond(apiVersionsBody(req.header.apiVersion === 3 ? ErrorCode.UNSUPPORTED_VERSION : 0, versions));
      return true;
    };
    await connected();
    assert.deepEqual(broker.requests.map((r) => r.apiVersion), [3, 2]);
  });

  it('refuses an API the broker lacks with a typed UnsupportedVersionError', async () => {
    broker.handler = (req) => {
      if (req.header.apiKey !== ApiKey.ApiVersions) return false;
      const { [ApiKey.CreateTopics]: _dropped, ...rest } = ADVERTISED_VERSIONS;
      req.respond(apiVersionsBody(0, { ...rest, [ApiKey.Produce]: { min: 9, max: 11 } }));
      return true;
    };
    const c = await connected();
    assert.throws(() => c.versionFor(ApiKey.CreateTopics), UnsupportedVersionError);
    assert.throws(() => c.versionFor(ApiKey.Produce), (e: unknown) => e instanceof UnsupportedVersionError && e.code === 35);
    await assert.rejects(c.send(ApiKey.CreateTopics, {}), UnsupportedVersionError);
  });

  it('pipelines requests and matches responses by correlation id, whatever their order', async () => {
    const held: (() => void)[] = [];
    broker.handler = (req) => {
      if (req.header.apiKey !== ApiKey.Metadata) return false;
      const name = (req.body['topics'] as { name: string }[])[0]!.name;
      held.push(() => req.respond(metadataBody(name)));
      if (held.length === 3) for (const respond of held.reverse()) respond();
      return true;
    };
    const c = await connected();
    const replies = ['a', 'b', 'c'].map((name) =>
      c.send<MetadataResponse>(ApiKey.Metadata, { topics: [{ name }], allowAutoTopicCreation: false }),
    );
    assert.equal(c.inFlight, 3);
    const answers = await Promise.all(replies);
    assert.deepEqual(answers.map((a) => a.clusterId), ['a', 'b', 'c']);
    assert.equal(c.inFlight, 0);
  });

  it('fails a request with REQUEST_TIMED_OUT (7) when no response comes in time, and stays usable', async () => {
    let first = true;
    broker.handler = (req) => {
      if (req.header.apiKey !== ApiKey.Metadata) return false;
      if (!first) req.respond(metadataBody('late'));
      first = false;
      return true;
    };
    const c = await connected(150);
    await assert.rejects(
      c.send(ApiKey.Metadata, { topics: [], allowAutoTopicCreation: false }),
      (e: unknown) => e instanceof KafkaError && e.code === ErrorCode.REQUEST_TIMED_OUT && e.retriable,
    );
    const next = await c.send<MetadataResponse>(ApiKey.Metadata, { topics: [], allowAutoTopicCreation: false });
    assert.equal(next.clusterId, 'late');
  });

  it('rejects every in-flight request with a retriable ConnectionError when the broker closes', async () => {
    broker.handler = (req) => {
      if (req.header.apiKey !== ApiKey.Metadata) return false;
      if (broker.requests.filter((r) => r.apiKey === ApiKey.Metadata).length === 2) req.socket.destroy();
      return true;
    };
    const c = await connected();
    const a = c.send(ApiKey.Metadata, { topics: [], allowAutoTopicCreation: false });
    const b = c.send(ApiKey.Metadata, { topics: [], allowAutoTopicCreation: false });
    for (const pending of [a, b]) {
      await assert.rejects(pending, (e: unknown) => e instanceof ConnectionError && e.retriable && e.code === 13);
    }
    assert.ok((await c.closed) instanceof ConnectionError);
    assert.equal(c.isClosed, true);
    await assert.rejects(c.send(ApiKey.Metadata, { topics: [], allowAutoTopicCreation: false }), ConnectionError);
  });

  it('writes acks=0 style requests without waiting for a response', async () => {
    const seen: number[] = [];
    broker.handler = (req) => {
      if (req.header.apiKey !== ApiKey.Produce) return false;
      seen.push(req.body['acks'] as number);
      return true;
    };
    const c = await connected();
    await c.sendNoResponse(ApiKey.Produce, { transactionalId: null, acks: 0, timeoutMs: 1000, topicData: [] });
    assert.equal(c.inFlight, 0);
    const deadline = Date.now() + 2000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(seen, [0]);
  });

  it('names host:port and the socket error when the broker is unreachable', async () => {
    const port = await freePort();
    await assert.rejects(
      BrokerConnection.connect({ host: '127.0.0.1', port, clientId: null, requestTimeoutMs: 1000 }),
      (e: unknown) =>
        e instanceof ConnectionError &&
        e.message === `broker unreachable at 127.0.0.1:${port} (ECONNREFUSED)` &&
        e.socketCode === 'ECONNREFUSED' &&
        e.retriable,
    );
  });
});
