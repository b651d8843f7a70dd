import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { cleanup, startBroker } from '../support/broker-process.js';
import type { BrokerHandle } from '../support/broker-process.js';
import { PYTHON, assertSucceeded, eventually, kcat, kcatConsume, requireTool } from '../support/tools.js';
import { ENTRY, assertOk, assertOneLineError, millrace, startMillrace } from './cli-tool.js';

describe('millrace console-producer and console-consumer', function () {
  let broker: BrokerHandle;
  const topics = (...args: string[]) => millrace(['topics', '--bootstrap-server', broker.bootstrap, ...args]);
  const produce = (topic: string, input: string | Buffer, ...args: string[]) =>
    millrace(['console-producer', '--broker-list', broker.bootstrap, '--topic', topic, ...args], input);
  const consume = (...args: string[]) => millrace(['console-consumer', '--bootstrap-server', broker.bootstrap, ...args]);
  const create = async (topic: string, partitions = 1) => assertOk(await topics('--create', '--topic', topic, '--partitions', String(partitions)), `create ${topic}`);

  before(async function () {
    requireTool('kcat', 'apt-get install kcat');
    broker = await startBroker({ props: { 'group.initial.rebalance.delay.ms': '0' } });
  });

  after(async function () {
    if (broker?.running) await broker.stop();
    await cleanup();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`--- broker output ---\n${broker?.allLogs().slice(-10_000)}`);
  });

  it('parses keys and headers on the way in and prints keys with key.separator on the way out', async function () {
    await create('keyed');
    const produced = await produce('keyed', 'k1:v1\nk2:v2:with:colons\n', '--property', 'parse.key=true', '--property', 'key.separator=:');
    assertOk(produced, 'console-producer parse.key');
    assert.equal(produced.stdout.toString(), '');
    const consumed = await consume('--topic', 'keyed', '--from-beginning', '--max-messages', '2', '--property', 'print.key=true', '--property', 'key.separator=:');
    assertOk(consumed, 'console-consumer print.key');
    assert.equal(consumed.stdout.toString(), 'k1:v1\nk2:v2:with:colons\n');
    assert.equal(consumed.stderr, 'Processed a total of 2 messages\n');
    assert.equal((await kcatConsume(broker.bootstrap, 'keyed', { format: '%k=%s\n' })).toString(), 'k1=v1\nk2=v2:with:colons\n');

    await create('headed');
    assertOk(await produce('headed', 'h1:a,h2:b\tkey\tvalue\n', '--property', 'parse.headers=true', '--property', 'parse.key=true'), 'parse.headers');
    assert.equal((await kcatConsume(broker.bootstrap, 'headed', { format: '%h|%k|%s\n' })).toString(), 'h1=a,h2=b|key|value\n');
  });

  it("prints timestamp, partition, offset and headers as Kafka 3's DefaultMessageFormatter", async function () {
    await create('columns');
    const sent = await kcat(['-P', '-b', broker.bootstrap, '-t', 'columns', '-p', '0', '-k', 'key', '-H', 'h1=v1', '-H', 'h2=v2'], { input: 'value\n' });
    assertSucceeded(sent, 'kcat -P -H');
    assertSucceeded(await kcat(['-P', '-b', broker.bootstrap, '-t', 'columns', '-p', '0'], { input: 'bare\n' }), 'kcat -P');
    const all = ['print.timestamp', 'print.partition', 'print.offset', 'print.headers', 'print.key'].flatMap((p) => ['--property', `${p}=true`]);
    const consumed = await consume('--topic', 'columns', '--from-beginning', '--max-messages', '2', ...all);
    assertOk(consumed, 'console-consumer print.*');
    const lines = consumed.stdout.toString().split('\n');
    assert.match(lines[0]!, /^CreateTime:\d{13}\tPartition:0\tOffset:0\th1:v1,h2:v2\tkey\tvalue$/);
    assert.match(lines[1]!, /^CreateTime:\d{13}\tPartition:0\tOffset:1\tNO_HEADERS\tnull\tbare$/);
    assert.equal(lines[2], '');
  });

  it('prints every byte value unchanged', async function () {
    await create('binary');
    const value = Buffer.from(Array.from({ length: 256 }, (_, i) => i).filter((b) => b !== 0x0a));
    assertSucceeded(await kcat(['-P', '-b', broker.bootstrap, '-t', 'binary', '-p', '0'], { input: Buffer.concat([value, Buffer.from('\n')]) }), 'kcat -P binary');
    const consumed = await consume('--topic', 'binary', '--from-beginning', '--max-messages', '1');
    assertOk(consumed, 'console-consumer binary');
    assert.ok(consumed.stdout.equals(Buffer.concat([value, Buffer.from('\n')])), `got ${consumed.stdout.toString('hex')}`);
  });

  it('sends with --producer-property, --request-required-acks, --sync and --compression-codec', async function () {
    await create('flags');
    assertOk(await produce('flags', 'a1\na2\n', '--producer-property', 'acks=all'), 'acks=all');
    assertOk(await produce('flags', 'b1\n', '--request-required-acks', '1', '--sync'), 'acks 1 --sync');
    assertOk(await produce('flags', 'c1\n', '--request-required-acks', '0'), 'acks 0');
    assertOk(await produce('flags', 'd1\n', '--compression-codec'), 'bare --compression-codec');
    assertOk(await produce('flags', 'e1\n', '--compression-codec', 'lz4', '--producer-property', 'linger.ms=0'), 'lz4');
    assert.equal((await kcatConsume(broker.bootstrap, 'flags')).toString(), 'a1\na2\nb1\nc1\nd1\ne1\n');

    await create('squeezed');
    const big = 'x'.repeat(200_000);
    assertOk(await produce('squeezed', `${big}\n`, '--compression-codec', 'gzip'), 'gzip');
    assert.equal((await kcatConsume(broker.bootstrap, 'squeezed')).toString(), `${big}\n`);
    // Batches are stored as sent: a gzip batch of 200 kB of one letter is a few hundred bytes on disk.
    const segment = path.join(broker.dataDir, 'squeezed-0', '00000000000000000000.log');
    assert.ok(statSync(segment).size < 5_000, `segment is ${statSync(segment).size} bytes`);

    assertOneLineError(await produce('flags', 'x\n', '--request-required-acks', '2'), '--request-required-acks expects 0, 1, -1 or all, got "2"');
    assertOneLineError(await produce('flags', 'no separator\n', '--property', 'parse.key=true'), "No key separator found on line number 1: 'no separator'");
  });

  it('commits for --group, resumes there, and reports lag through consumer-groups', async function () {
    await create('grouped');
    assertOk(await produce('grouped', 'm0\nm1\nm2\nm3\nm4\n'), 'produce');
    const first = await consume('--topic', 'grouped', '--group', 'resume', '--from-beginning', '--max-messages', '2');
    assertOk(first, 'first consumer');
    assert.equal(first.stdout.toString(), 'm0\nm1\n');
    const second = await consume('--topic', 'grouped', '--group', 'resume', '--max-messages', '2');
    assertOk(second, 'second consumer');
    assert.equal(second.stdout.toString(), 'm2\nm3\n');
    const described = await millrace(['consumer-groups', '--bootstrap-server', broker.bootstrap, '--describe', '--group', 'resume']);
    assertOk(described, 'consumer-groups --describe');
    assert.equal(described.stdout.toString().split('\n')[2], 'resume          grouped         0          4               5               1               -               -               -');
  });

  it('reads one partition from --offset, earliest or latest, stopping at --timeout-ms', async function () {
    await create('parted', 2);
    assertSucceeded(await kcat(['-P', '-b', broker.bootstrap, '-t', 'parted', '-p', '1'], { input: 'a\nb\nc\n' }), 'kcat -P -p 1');
    const fromOne = await consume('--topic', 'parted', '--partition', '1', '--offset', '1', '--max-messages', '2');
    assertOk(fromOne, '--offset 1');
    assert.equal(fromOne.stdout.toString(), 'b\nc\n');
    const earliest = await consume('--topic', 'parted', '--partition', '1', '--offset', 'earliest', '--timeout-ms', '1500');
    assertOk(earliest, '--offset earliest');
    assert.equal(earliest.stdout.toString(), 'a\nb\nc\n');
    assert.match(earliest.stderr, /Processed a total of 3 messages\n$/);
    const latest = await consume('--topic', 'parted', '--partition', '1', '--offset', 'latest', '--timeout-ms', '1500');
    assertOk(latest, '--offset latest');
    assert.equal(latest.stdout.toString(), '');
    assert.match(latest.stderr, /Processed a total of 0 messages\n$/);
    const empty = await consume('--topic', 'parted', '--partition', '0', '--from-beginning', '--timeout-ms', '1000');
    assert.equal(empty.stdout.toString(), '');
  });

  it('honours --consumer-property and --include', async function () {
    await create('inc-a');
    await create('inc-b');
    assertOk(await produce('inc-a', 'from a\n'), 'produce a');
    assertOk(await produce('inc-b', 'from b\n'), 'produce b');
    const reset = await consume('--topic', 'inc-a', '--consumer-property', 'auto.offset.reset=earliest', '--max-messages', '1');
    assertOk(reset, 'auto.offset.reset=earliest');
    assert.equal(reset.stdout.toString(), 'from a\n');
    const both = await consume('--include', 'inc-.*', '--from-beginning', '--max-messages', '2');
    assertOk(both, '--include');
    assert.deepEqual(both.stdout.toString().split('\n').filter((l) => l !== '').sort(), ['from a', 'from b']);
    assertOneLineError(
      await consume('--topic', 'inc-a', '--group', 'x', '--consumer-property', 'group.id=y'),
      "The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: 'x', 'y'",
    );
  });

  it('joins a generated console-consumer-<n> group when none is given, and stops on Ctrl+C', async function () {
    await create('watched');
    assertOk(await produce('watched', 'w1\n'), 'produce');
    const listGroups = async () => (await millrace(['consumer-groups', '--bootstrap-server', broker.bootstrap, '--list'])).stdout.toString().split('\n');
    const before = new Set(await listGroups());
    const consumer = startMillrace(['console-consumer', '--bootstrap-server', broker.bootstrap, '--topic', 'watched', '--from-beginning']);
    await consumer.waitFor((out) => out === 'w1\n');
    const groups = await listGroups();
    const generated = groups.filter((g) => !before.has(g));
    assert.equal(generated.length, 1, groups.join('\n'));
    assert.match(generated[0]!, /^console-consumer-\d{1,5}$/);
    const members = await millrace(['consumer-groups', '--bootstrap-server', broker.bootstrap, '--describe', '--group', generated[0]!]);
    assertOk(members, 'describe generated group');
    assert.match(members.stdout.toString().split('\n')[2]!, /^console-consumer-\d+ +watched +0 +- +1 +- +\S+ +\S+ +console-consumer$/);
    const stopped = await consumer.interrupt();
    assertOk(stopped, 'console-consumer after Ctrl+C');
    assert.equal(stopped.stderr, 'Processed a total of 1 messages\n');
  });

  it('commits on Ctrl+C in a group and the producer flushes on Ctrl+C', async function () {
    await create('interrupted');
    const producer = startMillrace(['console-producer', '--broker-list', broker.bootstrap, '--topic', 'interrupted']);
    producer.child.stdin.write('p1\np2\n');
    await eventually(
      () => kcatConsume(broker.bootstrap, 'interrupted').then((b) => b.toString()),
      (read) => read === 'p1\np2\n',
    );
    const produced = await producer.interrupt();
    assertOk(produced, 'console-producer after Ctrl+C');
    assert.equal(produced.stdout.toString(), '');
    const consumer = startMillrace(['console-consumer', '--bootstrap-server', broker.bootstrap, '--topic', 'interrupted', '--group', 'ctrl-c', '--from-beginning']);
    await consumer.waitFor((out) => out === 'p1\np2\n');
    assertOk(await consumer.interrupt(), 'console-consumer after Ctrl+C');
    const described = await millrace(['consumer-groups', '--bootstrap-server', broker.bootstrap, '--describe', '--group', 'ctrl-c']);
    assert.match(described.stdout.toString().split('\n')[2]!, /^ctrl-c +interrupted +0 +2 +2 +0 +- +- +-$/);
  });

  it('prompts with > only when standard input is a terminal', async function () {
    requireTool(PYTHON, 'apt-get install python3');
    await create('prompted');
    // A pseudo-terminal as stdin and stdout: type two lines, then Ctrl+D at the start of a line.
    const script = [
      'import os, pty, sys, time',
      'pid, fd = pty.fork()',
      'if pid == 0:',
      '    os.execv(sys.argv[1], sys.argv[1:])',
      'out = b""',
      'def read(until):',
      '    global out',
      '    while out.count(b">") < until:',
      '        out += os.read(fd, 4096)',
      'read(1)',
      'os.write(fd, b"typed one\\n")',
      'read(2)',
      'os.write(fd, b"typed two\\n")',
      'read(3)',
      'os.write(fd, b"\\x04")',
      'while True:',
      '    try:',
      '        chunk = os.read(fd, 4096)',
      '    except OSError:',
      '        break',
      '    if not chunk:',
      '        break',
      '    out += chunk',
      '_, status = os.waitpid(pid, 0)',
      'sys.stdout.write(repr(out))',
      'sys.exit(os.waitstatus_to_exitcode(status))',
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script, process.execPath, ENTRY, 'console-producer', '--broker-list', broker.bootstrap, '--topic', 'prompted'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.equal((run.stdout.match(/>/g) ?? []).length, 3, run.stdout);
    assert.equal((await kcatConsume(broker.bootstrap, 'prompted')).toString(), 'typed one\ntyped two\n');
  });
});
