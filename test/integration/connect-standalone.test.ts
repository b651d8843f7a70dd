import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, startBroker, tmpDir } from '../support/broker-process.js';
import { eventually, kcatConsume, requireTool, startKcat } from '../support/tools.js';
import { REPO, copyShippedConnectors, freePort, readLines, startConnect, writeWorkerProperties } from './connect-harness.js';

const FOO = '{"schema":{"type":"string","optional":false},"payload":"foo"}';
const BAR = '{"schema":{"type":"string","optional":false},"payload":"bar"}';
const ANOTHER = '{"schema":{"type":"string","optional":false},"payload":"another msg"}';

describe('connect-standalone end to end (issue 4)', function () {
  this.timeout(120_000);
  before(() => requireTool('kcat', 'apt-get install kcat'));
  after(cleanup);

  it('quickstart (acceptance 1): pipes data.txt into connect-test and into test.sink.txt on the embedded broker; an appended line flows within 1 s', async () => {
    const dir = tmpDir('millrace-connect-quickstart-');
    writeFileSync(path.join(dir, 'data.txt'), 'foo\nbar\n');
    const port = await freePort();
    const bootstrap = `127.0.0.1:${port}`;
    const connect = await startConnect(dir, [writeWorkerProperties(dir, port), ...copyShippedConnectors(dir)]);
    try {
      const sinkFile = path.join(dir, 'test.sink.txt');
      await eventually(async () => readLines(sinkFile), (lines) => lines.length >= 2, 20_000, (l) => JSON.stringify(l));
      assert.deepEqual(readLines(sinkFile), ['foo', 'bar']);
      const topic = (await kcatConsume(bootstrap, 'connect-test')).toString('utf8');
      assert.equal(topic, `${FOO}\n${BAR}\n`);

      const tail = startKcat(['-C', '-b', bootstrap, '-t', 'connect-test', '-o', 'beginning', '-u', '-q'], 60_000);
      let tailed = '';
      tail.child.stdout!.on('data', (chunk: Buffer) => {
        tailed += chunk.toString('utf8');
      });
      await eventually(async () => tailed, (t) => t.split('\n').length >= 3, 10_000);
      const appendedAt = Date.now();
      appendFileSync(path.join(dir, 'data.txt'), 'another msg\n');
      let sinkAt = 0;
      let topicAt = 0;
      // Checked every 10 ms, so the measurement is not dominated by the probe's own interval.
      while ((sinkAt === 0 || topicAt === 0) && Date.now() - appendedAt < 5_000) {
        if (sinkAt === 0 && readLines(sinkFile).includes('another msg')) sinkAt = Date.now();
        if (topicAt === 0 && tailed.includes(ANOTHER)) topicAt = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.ok(sinkAt !== 0 && topicAt !== 0, `appended line not seen within 5 s (sink: ${sinkAt !== 0}, topic: ${topicAt !== 0})`);
      tail.child.kill('SIGTERM');
      const sinkMs = sinkAt - appendedAt;
      const topicMs = topicAt - appendedAt;
      console.log(`      appended line reached the topic in ${topicMs} ms, the sink file in ${sinkMs} ms`);
      assert.ok(topicMs < 1000 && sinkMs < 1000, `appended line took ${topicMs} ms to the topic, ${sinkMs} ms to the sink file`);
      assert.deepEqual(readLines(sinkFile), ['foo', 'bar', 'another msg']);
      assert.equal((await kcatConsume(bootstrap, 'connect-test')).toString('utf8'), `${FOO}\n${BAR}\n${ANOTHER}\n`);

      const connectors = await connect.rest('/connectors');
      assert.deepEqual(connectors.body, ['local-file-sink', 'local-file-source']);
      const status = (await connect.rest('/connectors/local-file-source/status')).body as { connector: { state: string }; tasks: { id: number; state: string }[]; type: string };
      assert.equal(status.connector.state, 'RUNNING');
      assert.deepEqual(status.tasks.map((t) => [t.id, t.state]), [[0, 'RUNNING']]);
      assert.equal(status.type, 'source');
      const info = (await connect.rest('/connectors/local-file-sink')).body as { config: Record<string, string>; tasks: unknown[]; type: string };
      assert.equal(info.config['topics'], 'connect-test');
      assert.deepEqual(info.tasks, [{ connector: 'local-file-sink', task: 0 }]);
      const plugins = (await connect.rest('/connector-plugins')).body as { class: string; type: string }[];
      assert.ok(plugins.some((p) => p.class === 'org.apache.kafka.connect.file.FileStreamSourceConnector' && p.type === 'source'));
      const missing = await connect.rest('/connectors/nope');
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { error_code: 404, message: 'Connector nope not found' });
    } finally {
      const exit = await connect.stop('SIGTERM');
      assert.equal(exit.code, 0, connect.output);
    }
    const offsets = JSON.parse(readFileSync(path.join(dir, 'data', 'connect.offsets'), 'utf8'));
    const entry = offsets.offsets.find((e: { connector: string }) => e.connector === 'local-file-source');
    assert.equal(entry.offset.position, Buffer.byteLength('foo\nbar\nanother msg\n'));
  });

  it('works the same against an external broker with the embedded one disabled', async () => {
    const broker = await startBroker({ props: { 'group.initial.rebalance.delay.ms': '0' } });
    const dir = tmpDir('millrace-connect-external-');
    writeFileSync(path.join(dir, 'data.txt'), 'foo\nbar\n');
    const worker = writeWorkerProperties(dir, 1, { 'embedded.broker.enable': 'false', 'bootstrap.servers': broker.bootstrap });
    const connect = await startConnect(dir, [worker, ...copyShippedConnectors(dir)]);
    try {
      assert.doesNotMatch(connect.output, /embedded-broker/);
      await eventually(async () => readLines(path.join(dir, 'test.sink.txt')), (lines) => lines.length >= 2, 20_000, (l) => JSON.stringify(l));
      assert.deepEqual(readLines(path.join(dir, 'test.sink.txt')), ['foo', 'bar']);
      assert.equal((await kcatConsume(broker.bootstrap, 'connect-test')).toString('utf8'), `${FOO}\n${BAR}\n`);
    } finally {
      assert.equal((await connect.stop('SIGTERM')).code, 0, connect.output);
      await broker.stop();
    }
  });

  it('marks a crashing task FAILED with its trace, while the worker and the other connectors keep running', async () => {
    const dir = tmpDir('millrace-connect-failed-');
    writeFileSync(path.join(dir, 'data.txt'), 'foo\nbar\n');
    const port = await freePort();
    copyShippedConnectors(dir);
    writeFileSync(
      path.join(dir, 'broken-sink.json'),
      JSON.stringify({ name: 'broken-sink', config: { 'connector.class': 'FileStreamSink', topics: 'connect-test', file: path.join(dir, 'no-such-dir', 'out.txt') } }),
    );
    const connect = await startConnect(dir, [writeWorkerProperties(dir, port), 'connect-file-source.properties', 'broken-sink.json']);
    try {
      const status = await eventually(
        async () => (await connect.rest('/connectors/broken-sink/status')).body as { tasks: { state: string; trace?: string }[] },
        (s) => s.tasks[0]?.state === 'FAILED',
        20_000,
        (s) => JSON.stringify(s),
      );
      assert.match(status.tasks[0]!.trace ?? '', /no-such-dir/);
      assert.match(connect.output, /WorkerSinkTask\{id=broken-sink-0\} Task threw an uncaught and unrecoverable exception/);
      await eventually(
        async () => (await connect.rest('/connectors/local-file-source/status')).body as { tasks: { state: string }[] },
        (s) => s.tasks[0]?.state === 'RUNNING',
        20_000,
        (s) => JSON.stringify(s),
      );
      await eventually(async () => (await kcatConsume(`127.0.0.1:${port}`, 'connect-test')).toString('utf8'), (t) => t === `${FOO}\n${BAR}\n`, 20_000);
    } finally {
      assert.equal((await connect.stop('SIGTERM')).code, 0, connect.output);
    }
  });

  it('loads the example plugin from plugin.path and runs it beside the file connectors, with a transform (acceptance 4)', async () => {
    const dir = tmpDir('millrace-connect-plugin-');
    writeFileSync(path.join(dir, 'data.txt'), 'foo\nbar\n');
    const port = await freePort();
    const worker = writeWorkerProperties(dir, port, { 'plugin.path': path.join(REPO, 'dist/examples') });
    writeFileSync(
      path.join(dir, 'counter.properties'),
      'name=counter\nconnector.class=CounterSource\ntopic=counts\ninterval.ms=5\nmax.count=5\n' +
        'transforms=route\ntransforms.route.type=RegexRouter\ntransforms.route.regex=(.*)\ntransforms.route.replacement=$1-routed\n',
    );
    writeFileSync(
      path.join(dir, 'upper.json'),
      JSON.stringify({ name: 'upper', config: { 'connector.class': 'com.example.millrace.UppercaseSinkConnector', topics: 'connect-test', file: 'upper.txt' } }),
    );
    copyShippedConnectors(dir);
    const connect = await startConnect(dir, [worker, 'connect-file-source.properties', 'counter.properties', 'upper.json']);
    try {
      await eventually(async () => readLines(path.join(dir, 'upper.txt')), (lines) => lines.length >= 2, 20_000, (l) => JSON.stringify(l));
      assert.deepEqual(readLines(path.join(dir, 'upper.txt')), ['FOO', 'BAR']);
      const counts = await eventually(
        async () => (await kcatConsume(`127.0.0.1:${port}`, 'counts-routed')).toString('utf8'),
        (text) => text.split('\n').length > 5,
        20_000,
      );
      assert.deepEqual(
        counts.trimEnd().split('\n'),
        [0, 1, 2, 3, 4].map((n) => `{"schema":{"type":"int64","optional":false},"payload":${n}}`),
      );
      const plugins = (await connect.rest('/connector-plugins')).body as { class: string; type: string; version: string }[];
      assert.ok(plugins.some((p) => p.class === 'com.example.millrace.CounterSourceConnector' && p.type === 'source' && p.version === '1.0.0'));
    } finally {
      assert.equal((await connect.stop('SIGTERM')).code, 0, connect.output);
    }
  });
});
