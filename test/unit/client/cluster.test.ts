import assert from 'node:assert/strict';
import net from 'node:net';
import { Cluster, ClusterUnreachableError } from '../../../src/client/cluster.js';
import { ClientClosedError } from '../../../src/client/errors.js';
import { ApiKey } from '../../../src/protocol/apis.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { FakeBroker } from './connection/fake-broker.js';
import type { FakeRequest } from './connection/fake-broker.js';

async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Answers Metadata as a one-broker cluster (node 1 = this fake) with `topics` of `partitions` partitions each. */
function metadataHandler(broker: () => FakeBroker, partitions: Record<string, number>, log: string[][]) {
  return (req: FakeRequest): boolean => {
    if (req.header.apiKey !== ApiKey.Metadata) return false;
    const asked = req.body['topics'] as { name: string }[] | null;
    log.push(asked === null ? ['*'] : asked.map((t) => t.name));
    const names = asked === null ? Object.keys(partitions) : asked.map((t) => t.name);
    req.respond({
      throttleTimeMs: 0,
      brokers: [{ nodeId: 1, host: '127.0.0.1', port: broker().port, rack: null }],
      clusterId: 'fake',
      controllerId: 1,
      topics: names.map((name) => ({
        errorCode: name in partitions ? 0 : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        name,
        isInternal: false,
        partitions: Array.from({ length: partitions[name] ?? 0 }, (_, i) => ({
          errorCode: 0,
          partitionIndex: i,
          leaderId: 1,
          replicaNodes: [1],
          isrNodes: [1],
          offlineReplicas: [],
        })),
      })),
    });
    return true;
  };
}

describe('Cluster', () => {
  let broker: FakeBroker;
  let cluster: Cluster | undefined;
  const asked: string[][] = [];

  beforeEach(async () => {
    asked.length = 0;
    broker = await FakeBroker.start();
    broker.handler = metadataHandler(() => broker, { orders: 3, users: 1 }, asked);
  });

  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
    await broker.stop();
  });

  function make(servers: string[], metadataMaxAgeMs = 60_000): Cluster {
    cluster = new Cluster({ bootstrapServers: servers, clientId: 'c', requestTimeoutMs: 2000, metadataMaxAgeMs, retryBackoffMs: 10 });
    return cluster;
  }

  it('tries bootstrap servers in turn and loads the broker list', async () => {
    const dead = await deadPort();
    const c = make([`127.0.0.1:${dead}`, `127.0.0.1:${broker.port}`]);
    await c.connect();
    assert.equal(c.cachedMetadata.clusterId, 'fake');
    assert.deepEqual([...c.cachedMetadata.brokers.keys()], [1]);
    assert.deepEqual(asked, [[]], 'connect asks for brokers only');
  });

  it('names every unreachable bootstrap address in one line', async () => {
    const [a, b] = [await deadPort(), await deadPort()];
    const c = make([`127.0.0.1:${a}`, `localhost:${b}`]);
    await assert.rejects(c.connect(), (e: unknown) => {
      assert.ok(e instanceof ClusterUnreachableError);
      assert.equal(
        e.message,
        `broker unreachable at 127.0.0.1:${a} (ECONNREFUSED); broker unreachable at localhost:${b} (ECONNREFUSED)`,
      );
      assert.equal(e.failures.length, 2);
      return true;
    });
  });

  it('serves topic metadata from its cache until metadata.max.age.ms, and refreshes on demand', async () => {
    const c = make([`127.0.0.1:${broker.port}`]);
    await c.connect();
    const first = await c.metadata(['orders']);
    assert.deepEqual(first.topics.get('orders')!.partitions.map((p) => p.partition), [0, 1, 2]);
    await c.metadata(['orders']);
    assert.equal(asked.length, 2, 'second call served from the cache');
    await c.refreshMetadata(['orders']);
    assert.equal(asked.length, 3);
    const missing = await c.metadata(['nope']);
    assert.equal(missing.topics.get('nope')!.errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    assert.ok(missing.topics.has('orders'), 'earlier topics stay cached');
    const all = await c.metadata(null);
    assert.deepEqual([...all.topics.keys()].sort(), ['orders', 'users']);
  });

  it('refreshes cached metadata once it is older than metadata.max.age.ms', async () => {
    const c = make([`127.0.0.1:${broker.port}`], 30);
    await c.connect();
    await c.metadata(['orders']);
    await new Promise((r) => setTimeout(r, 50));
    await c.metadata(['orders']);
    assert.equal(asked.length, 3);
  });

  it('shares one in-flight refresh between concurrent callers', async () => {
    const c = make([`127.0.0.1:${broker.port}`]);
    await c.connect();
    await Promise.all([c.refreshMetadata(['users']), c.refreshMetadata(['users']), c.refreshMetadata(['users'])]);
    assert.equal(asked.length, 2);
  });

  it('pools connections per broker and reconnects after one fails', async () => {
    const c = make([`127.0.0.1:${broker.port}`]);
    await c.connect();
    const a = await c.leaderConnection('orders', 2);
    assert.equal(await c.connectionTo(1), a);
    for (const socket of broker.sockets) socket.destroy();
    await a.closed;
    const b = await c.connectionTo(1);
    assert.notEqual(b, a);
    assert.equal(b.isClosed, false);
    assert.notEqual(await c.connectionTo(1, 'fetch'), b, 'a separate lane gets its own socket');
  });

  it('finds and caches the group coordinator, and looks it up again once invalidated', async () => {
    let lookups = 0;
    const metadata = broker.handler;
    broker.handler = (req) => {
      if (req.header.apiKey !== ApiKey.FindCoordinator) return metadata(req);
      lookups++;
      if (lookups === 1) {
        req.respond({ throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, errorMessage: null, nodeId: -1, host: '', port: -1 });
      } else {
        req.respond({ throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 1, host: '127.0.0.1', port: broker.port });
      }
      return true;
    };
    const c = make([`127.0.0.1:${broker.port}`]);
    await c.connect();
    const coordinator = await c.coordinatorFor('g');
    assert.deepEqual(coordinator, { nodeId: 1, host: '127.0.0.1', port: broker.port });
    assert.equal(lookups, 2, 'COORDINATOR_NOT_AVAILABLE was retried');
    await c.coordinatorConnection('g');
    assert.equal(lookups, 2);
    c.invalidateCoordinator('g');
    await c.coordinatorFor('g');
    assert.equal(lookups, 3);
  });

  it('refuses use after close', async () => {
    const c = make([`127.0.0.1:${broker.port}`]);
    await c.connect();
    await c.close();
    await assert.rejects(c.metadata(['orders']), ClientClosedError);
  });
});
