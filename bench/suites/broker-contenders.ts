/**
 * Who the broker suites measure, and how each one is driven: Millrace fed and read by kcat (acks=1 and acks=all),
 * RabbitMQ by amqplib, ActiveMQ by stompit (STOMP), Redis streams by redis-benchmark and ioredis. Each contender names the commands of one produce and one consume
 * run, how to check that run, and how to drop its data afterwards so that runs do not pile up in memory.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Admin } from '../../src/client/admin/admin.js';
import { topicEndOffset } from '../support/kcat-offsets.js';
import { optionalModuleAvailable } from '../support/optional-module.js';
import { DEFAULT_RUNNER_TIMEOUT_MS, RunnerOperation, runnerArgv } from '../support/runner-protocol.js';
import type { RunnerOperationName } from '../support/runner-protocol.js';
import { commandLine } from '../support/timed-command.js';
import { MillraceBroker } from '../peers/millrace-broker.js';
import { ActiveMq } from '../peers/activemq.js';
import type { BrokerPeer } from '../peers/peer.js';
import { RabbitMq } from '../peers/rabbitmq.js';
import { Redis } from '../peers/redis.js';

const AMQP_RUNNER = fileURLToPath(new URL('../support/amqp-runner.js', import.meta.url));
const STOMP_RUNNER = fileURLToPath(new URL('../support/stomp-runner.js', import.meta.url));
const REDIS_RUNNER = fileURLToPath(new URL('../support/redis-runner.js', import.meta.url));
const REDIS_PIPELINE = 1000;

function firstLine(file: string, size: number): string {
  const buffer = Buffer.alloc(size);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, size, 0);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('latin1');
}

/**
 * librdkafka 2.0.2 producer settings, as in `broker-kcat.ts`: batches bounded by batch.size (1 MB) rather than the
 * 10,000-message default, and a local queue large enough that kcat's reader does not stall while a request is out.
 */
export const KCAT_PRODUCER_SETTINGS = [
  'linger.ms=5',
  'batch.size=1000000',
  'batch.num.messages=1000000',
  'queue.buffering.max.messages=1000000',
  'queue.buffering.max.kbytes=1048576',
] as const;

/** One run's destination: a fresh topic, queue or stream, and the input file holding at least `messages` lines. */
export interface RunTarget {
  name: string;
  messages: number;
  size: number;
  input: string;
  resultFile: string;
}

export interface Command {
  command: string;
  args: string[];
  /** A Node runner writes a result file (`runner-protocol.ts`); kcat's figures come from its exit and the broker. */
  nodeRunner: boolean;
}

export interface Contender {
  id: string;
  label: string;
  peer: BrokerPeer;
  /** Why it cannot run here (a missing npm client), or undefined. */
  unavailable(): string | undefined;
  /** Messages per run at this value size: slower peers get fewer so that `all` stays within its time budget. */
  messages(size: number): number;
  command(operation: RunnerOperationName, target: RunTarget): Command;
  /** Messages the broker holds after a produce run, when it can tell; undefined: trust the client's count. */
  stored(target: RunTarget, log: (line: string) => void): Promise<number | undefined>;
  /** Drops the run's data. */
  drop(target: RunTarget, log: (line: string) => void): Promise<void>;
}

function nodeRunner(runner: string, operation: RunnerOperationName, bootstrap: string, target: RunTarget): Command {
  const args = runnerArgv({
    operation,
    bootstrap,
    topic: target.name,
    messages: target.messages,
    size: target.size,
    input: operation === RunnerOperation.PRODUCE ? target.input : undefined,
    group: undefined,
    resultFile: target.resultFile,
    timeoutMs: DEFAULT_RUNNER_TIMEOUT_MS,
  });
  return { command: process.execPath, args: [path.relative(process.cwd(), runner), ...args], nodeRunner: true };
}

function millraceContender(broker: MillraceBroker, acks: '1' | 'all', counts: (size: number) => number): Contender {
  return {
    id: `millrace-acks-${acks}`,
    label: `Millrace acks=${acks} (kcat)`,
    peer: broker,
    unavailable: () => undefined,
    messages: counts,
    command(operation, target) {
      if (operation === RunnerOperation.PRODUCE) {
        const args = ['-P', '-l', '-b', broker.bootstrap, '-t', target.name];
        for (const setting of KCAT_PRODUCER_SETTINGS) args.push('-X', setting);
        args.push('-X', `acks=${acks}`, target.input);
        return { command: 'kcat', args, nodeRunner: false };
      }
      // -c N stops at the N-th message without waiting out fetch.wait.max.ms at the end; -e is the safety net.
      const args = ['-C', '-b', broker.bootstrap, '-t', target.name, '-o', 'beginning', '-e', '-c', String(target.messages), '-q'];
      return { command: 'kcat', args, nodeRunner: false };
    },
    stored: async (target, log) => topicEndOffset(broker.bootstrap, target.name, log),
    async drop(target, log) {
      log(`(Admin.deleteTopics: ${target.name})`);
      const admin = new Admin({ bootstrapServers: broker.bootstrap, clientId: 'millrace-bench-admin' });
      try {
        await admin.connect();
        await admin.deleteTopics([target.name]);
      } finally {
        await admin.close();
      }
    },
  };
}

function rabbitContender(rabbit: RabbitMq, counts: (size: number) => number): Contender {
  return {
    id: 'rabbitmq',
    label: 'RabbitMQ (amqplib)',
    peer: rabbit,
    unavailable: () => (optionalModuleAvailable('amqplib') ? undefined : 'npm package amqplib is not installed (npm install --no-save amqplib)'),
    messages: counts,
    command: (operation, target) => nodeRunner(AMQP_RUNNER, operation, rabbit.url, target),
    stored: async () => undefined,
    // The consume run acknowledged every message, so the queue is empty; an empty durable queue costs nothing.
    drop: async () => undefined,
  };
}

function activeMqContender(activemq: ActiveMq, counts: (size: number) => number): Contender {
  return {
    id: 'activemq',
    label: 'ActiveMQ (stompit)',
    peer: activemq,
    unavailable: () => (optionalModuleAvailable('stompit') ? undefined : 'npm package stompit is not installed (npm install --no-save stompit)'),
    messages: counts,
    command: (operation, target) => nodeRunner(STOMP_RUNNER, operation, activemq.address, target),
    stored: async () => undefined,
    // As with RabbitMQ: the consume run acknowledged every message, and an empty queue costs nothing.
    drop: async () => undefined,
  };
}

function redisContender(redis: Redis, counts: (size: number) => number): Contender {
  return {
    id: 'redis',
    label: 'Redis streams (redis-benchmark, ioredis)',
    peer: redis,
    unavailable: () => (optionalModuleAvailable('ioredis') ? undefined : 'npm package ioredis is not installed (npm install --no-save ioredis)'),
    messages: counts,
    command(operation, target) {
      if (operation === RunnerOperation.CONSUME) return nodeRunner(REDIS_RUNNER, operation, `127.0.0.1:${redis.port}`, target);
      // redis-benchmark (C, pipelined) adds 4× faster than ioredis here; it repeats one value, the input's first line.
      const args = ['-h', '127.0.0.1', '-p', String(redis.port), '-c', '1', '-P', String(REDIS_PIPELINE),
        '-n', String(target.messages), '-q', 'XADD', target.name, '*', 'v', firstLine(target.input, target.size)];
      return { command: 'redis-benchmark', args, nodeRunner: false };
    },
    async stored(target, log) {
      const args = ['-p', String(redis.port), 'XLEN', target.name];
      log(`$ ${commandLine('redis-cli', args)}`);
      const result = spawnSync('redis-cli', args, { encoding: 'utf8' });
      const length = Number(result.stdout.trim());
      return result.status === 0 && Number.isSafeInteger(length) ? length : undefined;
    },
    async drop(target, log) {
      const args = ['-p', String(redis.port), 'DEL', target.name];
      log(`$ ${commandLine('redis-cli', args)}`);
      spawnSync('redis-cli', args, { encoding: 'utf8' });
    },
  };
}

/** Messages per run: the full count for Millrace and Redis, fewer for RabbitMQ and ActiveMQ, whose persistent paths are ~50–100× slower. */
export interface MessageCounts {
  fast: number;
  slow: number;
}

export function brokerContenders(dir: string, counts: MessageCounts): Contender[] {
  const millrace = new MillraceBroker(path.join(dir, 'millrace'));
  const fast = (): number => counts.fast;
  const slow = (): number => counts.slow;
  return [
    millraceContender(millrace, '1', fast),
    millraceContender(millrace, 'all', fast),
    rabbitContender(new RabbitMq(path.join(dir, 'rabbitmq')), slow),
    activeMqContender(new ActiveMq(path.join(dir, 'activemq')), slow),
    redisContender(new Redis(path.join(dir, 'redis')), fast),
  ];
}
