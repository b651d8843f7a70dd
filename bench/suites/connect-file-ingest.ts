/**
 * `connect-file-ingest`: a file of 100-byte lines (99 random printable characters + '\n', 1 GB by default) into a
 * topic by (a) `connect-standalone` as shipped — embedded broker, FileStreamSource — with the JSON converter's
 * schemas on, off, and the String converter; (b) `kcat -P -l` into a `millrace server-start` broker, the librdkafka
 * limit; (c) rsyslog imfile → omkafka into the same broker. "All ingested" is the topic's end offset reaching the
 * line count, polled every 50 ms. Each case: one warm-up run on a tenth of the file, then the measured runs.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BrokerRunError } from '../support/broker-runner.js';
import { PeerUnavailableError } from '../support/debian-packages.js';
import { EndOffsetPoller, IngestCountError } from '../support/end-offset-poller.js';
import { writeInputFile } from '../support/input-file.js';
import { describeLimits } from '../support/machine-limits.js';
import { formatNumber } from '../support/markdown-table.js';
import { readCpuSeconds, readMemory, ProcStatsError } from '../support/proc-stats.js';
import { metric, repeatRuns } from '../support/repeated-runs.js';
import type { CaseRuns, Sample } from '../support/repeated-runs.js';
import { ServiceStartError } from '../support/service-process.js';
import { formatRatio, formatSpread } from '../support/spread-format.js';
import { ReportBuilder } from '../support/suite.js';
import type { ChartSpec, Suite } from '../support/suite.js';
import { CommandFailedError, runTimed } from '../support/timed-command.js';
import { ConnectWorker } from '../peers/connect-worker.js';
import { MillraceBroker } from '../peers/millrace-broker.js';
import { OMKAFKA_SETTINGS, Rsyslog, installRsyslog } from '../peers/rsyslog.js';
import { KCAT_PRODUCER_SETTINGS } from './broker-contenders.js';

const LINE_BYTES = 100;
const FULL_BYTES = 1e9;
const QUICK_BYTES = 50e6;
const STALL_MS = 60_000;
const STRING_CONVERTER = 'org.apache.kafka.connect.storage.StringConverter';

type CaseKind = 'connect' | 'kcat' | 'rsyslog';

interface IngestCase {
  id: string;
  label: string;
  kind: CaseKind;
  workerOverrides: Readonly<Record<string, string>>;
}

/**
 * The worker's producer given kcat's batching (`linger.ms=5`, 1 MB batches), so that both clients batch alike; the
 * shipped worker file keeps Kafka's producer defaults (16 KB batches), measured too.
 */
const KCAT_LIKE_PRODUCER = { 'producer.batch.size': '1000000', 'producer.linger.ms': '5' };

const CASES: readonly IngestCase[] = [
  { id: 'connect-json-shipped', label: 'connect-standalone as shipped (JsonConverter schemas on, 16 KB batches)', kind: 'connect',
    workerOverrides: {} },
  { id: 'connect-json-schemas', label: 'connect-standalone, JsonConverter schemas on, 1 MB batches', kind: 'connect',
    workerOverrides: { ...KCAT_LIKE_PRODUCER } },
  { id: 'connect-json-plain', label: 'connect-standalone, JsonConverter schemas off, 1 MB batches', kind: 'connect',
    workerOverrides: { ...KCAT_LIKE_PRODUCER, 'key.converter.schemas.enable': 'false', 'value.converter.schemas.enable': 'false' } },
  { id: 'connect-string', label: 'connect-standalone, StringConverter, 1 MB batches', kind: 'connect',
    workerOverrides: { ...KCAT_LIKE_PRODUCER, 'key.converter': STRING_CONVERTER, 'value.converter': STRING_CONVERTER } },
  { id: 'kcat', label: 'kcat -P -l (librdkafka limit), acks=all', kind: 'kcat', workerOverrides: {} },
  { id: 'rsyslog', label: 'rsyslog imfile → omkafka, acks=all', kind: 'rsyslog', workerOverrides: {} },
];

const recoverable = (error: unknown): boolean => error instanceof IngestCountError || error instanceof ServiceStartError ||
  error instanceof CommandFailedError || error instanceof ProcStatsError || error instanceof BrokerRunError;

interface Input {
  file: string;
  lines: number;
  bytes: number;
}

class Ingest {
  readonly #builder: ReportBuilder;
  readonly #dir: string;
  #sequence = 0;

  constructor(dir: string, builder: ReportBuilder) {
    this.#builder = builder;
    this.#dir = dir;
  }

  #fresh(name: string): string {
    const dir = path.join(this.#dir, `${name}-${++this.#sequence}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Spawn of the worker → the topic's end offset equals the line count; CPU and VmHWM of the worker process. */
  async connect(ingestCase: IngestCase, input: Input): Promise<Sample> {
    const log = this.#builder.log;
    const dir = this.#fresh(ingestCase.id);
    const worker = new ConnectWorker(dir);
    const topic = `ingest-${this.#sequence}`;
    const startedAt = performance.now();
    try {
      await worker.start(ingestCase.workerOverrides, [{
        name: 'bench-file-source', 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: input.file, topic,
      }], log);
      const poller = new EndOffsetPoller(worker.bootstrap);
      try {
        const doneAt = await poller.waitFor(topic, input.lines, STALL_MS);
        const usage = worker.usage();
        return this.#sample(input, doneAt - startedAt, usage.cpuSeconds, usage.peakRssKiB);
      } finally {
        await poller.close();
      }
    } catch (error) {
      if (error instanceof IngestCountError) log(`worker log ends:\n${worker.logTail()}`);
      throw error;
    } finally {
      await worker.stop();
      await worker.dispose();
      removeRunData(dir);
    }
  }

  /** kcat spawn → exit (every message acknowledged), then the end offset checked. */
  async kcat(broker: MillraceBroker, input: Input): Promise<Sample> {
    const topic = `ingest-kcat-${++this.#sequence}`;
    const args = ['-P', '-l', '-b', broker.bootstrap, '-t', topic];
    for (const setting of KCAT_PRODUCER_SETTINGS) args.push('-X', setting);
    args.push('-X', 'acks=all', input.file);
    const brokerCpu = readCpuSeconds(broker.serverPid);
    const timed = await runTimed('kcat', args, this.#builder.log, 'discard');
    const cpu = readCpuSeconds(broker.serverPid) - brokerCpu + timed.userSeconds + timed.systemSeconds;
    const poller = new EndOffsetPoller(broker.bootstrap);
    try {
      const end = await poller.endOffset(topic);
      if (end !== input.lines) throw new IngestCountError(topic, end, `want ${input.lines}`);
      await poller.deleteTopic(topic);
    } finally {
      await poller.close();
    }
    return this.#sample(input, timed.wallMs, cpu, timed.maxRssKiB + readMemory(broker.serverPid).rssKiB);
  }

  /** rsyslogd spawn → the end offset equals the line count. */
  async rsyslog(broker: MillraceBroker, input: Input): Promise<Sample> {
    const topic = `ingest-rsyslog-${++this.#sequence}`;
    const shipper = new Rsyslog(this.#fresh('rsyslog'));
    const brokerCpu = readCpuSeconds(broker.serverPid);
    const startedAt = performance.now();
    const poller = new EndOffsetPoller(broker.bootstrap);
    try {
      await shipper.start({ file: input.file, bootstrap: broker.bootstrap, topic }, this.#builder.log);
      const doneAt = await poller.waitFor(topic, input.lines, STALL_MS);
      const usage = shipper.usage();
      const cpu = usage.cpuSeconds + readCpuSeconds(broker.serverPid) - brokerCpu;
      return this.#sample(input, doneAt - startedAt, cpu, usage.peakRssKiB + readMemory(broker.serverPid).rssKiB);
    } finally {
      await shipper.stop();
      await shipper.dispose();
      await poller.deleteTopic(topic).catch(() => undefined);
      await poller.close();
    }
  }

  #sample(input: Input, wallMs: number, cpuSeconds: number, peakRssKiB: number): Sample {
    const seconds = wallMs / 1000;
    return {
      seconds,
      linesPerSecond: input.lines / seconds,
      megabytesPerSecond: input.bytes / 1e6 / seconds,
      cpuSeconds,
      peakRssMiB: peakRssKiB / 1024,
    };
  }
}

/**
 * A run's gigabyte of segments is removed as soon as it has been measured: left in place, the kernel writes the
 * dirty pages of every earlier run back while later runs are measured, which slows those runs (the cases measured
 * last most) and makes them depend on the order of the cases.
 */
function removeRunData(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

function inputFile(dir: string, name: string, bytes: number): Input {
  const lines = Math.max(1, Math.floor(bytes / LINE_BYTES));
  const file = path.join(dir, name);
  return { file, lines, bytes: writeInputFile(file, lines, LINE_BYTES) };
}

export const connectFileIngest: Suite = {
  name: 'connect-file-ingest',
  description: 'a file of 100-byte lines into a topic: connect-standalone (3 converters) vs kcat -P -l vs rsyslog omkafka',
  async run(options) {
    const builder = new ReportBuilder('connect-file-ingest', options.log);
    const log = builder.log;
    const report = builder.report;
    const bytes = options.sizeBytes ?? (options.quick ? QUICK_BYTES : FULL_BYTES);
    const measured = inputFile(options.workDir, 'input.txt', bytes);
    const warmup = inputFile(options.workDir, 'warmup.txt', bytes / 10);
    log(`input: ${measured.file}, ${formatNumber(measured.lines)} lines of ${LINE_BYTES} B; warm-up file ${formatNumber(warmup.lines)} lines`);
    const ingest = new Ingest(options.workDir, builder);
    const broker = new MillraceBroker(path.join(options.workDir, 'broker'));
    let rsyslogReady = true;
    try {
      log(`${installRsyslog(log)} installed`);
    } catch (error) {
      if (!(error instanceof PeerUnavailableError)) throw error;
      rsyslogReady = false;
      builder.skip('rsyslog', error.message);
    }
    const results = new Map<string, CaseRuns>();
    try {
      await broker.start(log);
      for (const ingestCase of CASES) {
        if (ingestCase.kind === 'rsyslog' && !rsyslogReady) continue;
        log(`\n# ${ingestCase.label}`);
        const runs = await repeatRuns(1, options.runs, log, recoverable, (_index, warmUp) => {
          const input = warmUp ? warmup : measured;
          if (ingestCase.kind === 'connect') return ingest.connect(ingestCase, input);
          if (ingestCase.kind === 'kcat') return ingest.kcat(broker, input);
          return ingest.rsyslog(broker, input);
        });
        for (const failure of runs.failures) builder.fail(`${ingestCase.label}: ${failure}`);
        results.set(ingestCase.id, runs);
        report.runs.push({ case: ingestCase.id, samples: runs.samples, failures: runs.failures });
      }
    } finally {
      try {
        await broker.stop();
      } finally {
        await broker.dispose();
      }
    }
    const kcatRate = metric(results.get('kcat') ?? { samples: [], failures: [] }, 'linesPerSecond')?.median;
    const rows: string[][] = [];
    const chart: ChartSpec = { title: 'connect-file-ingest', unit: 'lines/s', bars: [] };
    for (const ingestCase of CASES) {
      const runs = results.get(ingestCase.id);
      if (runs === undefined) continue;
      const rate = metric(runs, 'linesPerSecond');
      rows.push([
        ingestCase.label,
        formatSpread(rate),
        formatSpread(metric(runs, 'megabytesPerSecond'), 1),
        formatRatio(rate?.median, kcatRate),
        formatSpread(metric(runs, 'seconds'), 2),
        formatNumber(metric(runs, 'cpuSeconds')?.median ?? Number.NaN, 2),
        formatNumber(metric(runs, 'peakRssMiB')?.max ?? Number.NaN),
        runs.failures.length === 0 ? `ok ×${runs.samples.length}` : `${runs.failures.length} FAILED`,
      ]);
      if (rate !== undefined) chart.bars.push({ group: `${formatNumber(measured.lines)} lines of 100 B`, label: ingestCase.label, ...rate });
    }
    report.context.push(
      `connect-file-ingest: ${formatNumber(measured.lines)} lines of ${LINE_BYTES} B (${formatNumber(measured.bytes / 1e6)} MB), ` +
        `median of ${options.runs} runs after a warm-up run on ${formatNumber(warmup.lines)} lines; ${report.generatedAt}`,
      describeLimits(options.machine),
      'time = spawn of the worker / shipper / kcat → the topic end offset equals the line count (kcat: → its exit, every ack in)',
      'connect-standalone: config/connect-standalone.properties (embedded broker) with ports and directories moved, ' +
        'FileStreamSource batch.size default (2000); its producer uses acks=all and, except in the "as shipped" row, ' +
        `kcat's batching (${Object.entries(KCAT_LIKE_PRODUCER).map(([k, v]) => `${k}=${v}`).join(' ')})`,
      `kcat: -X ${KCAT_PRODUCER_SETTINGS.join(' -X ')} -X acks=all; rsyslog omkafka confParam ${OMKAFKA_SETTINGS.join(' ')}`,
      'CPU s and peak RSS: connect = the one worker process (embedded broker included); kcat and rsyslog = shipper + ' +
        'the separate Millrace broker (shipper VmHWM + broker VmRSS at the end)',
    );
    report.tables.push({
      title: 'connect-file-ingest: lines/s',
      headers: ['case', 'lines/s median (min–max)', 'MB/s', 'vs kcat -P -l', 'seconds', 'CPU s', 'peak RSS MiB', 'runs'],
      rows,
    });
    if (chart.bars.length > 0) report.charts.push(chart);
    return report;
  },
};
