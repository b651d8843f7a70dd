/**
 * The machine's own limits, printed beside every suite so that figures read as a fraction of them: sequential write
 * with fdatasync (GNU dd, as a durable log would write) and loopback TCP throughput (Node to Node over 127.0.0.1,
 * sender in a worker thread, the same runtime Millrace runs on).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { commandLine } from './timed-command.js';

export interface MachineLimits {
  /** dd bs=1M conv=fdatasync: MB/s (10^6 bytes) including the final fdatasync; NaN when dd failed. */
  diskWriteMBps: number;
  diskWriteBytes: number;
  /** Node → Node over 127.0.0.1 in 1 MiB writes: MB/s. */
  loopbackMBps: number;
  loopbackBytes: number;
  commandLines: string[];
}

const SENDER = `
const { connect } = require('node:net');
const { workerData } = require('node:worker_threads');
const chunk = Buffer.alloc(1 << 20, 120);
const socket = connect(workerData.port, '127.0.0.1', () => {
  let left = workerData.chunks;
  const pump = () => {
    while (left > 0) { left--; if (!socket.write(chunk)) { socket.once('drain', pump); return; } }
    socket.end();
  };
  pump();
});`;

function diskWrite(dir: string, megabytes: number, log: (line: string) => void): { mbps: number; line: string } {
  const file = path.join(dir, 'dd-fdatasync.bin');
  const args = ['if=/dev/zero', `of=${file}`, 'bs=1M', `count=${megabytes}`, 'conv=fdatasync'];
  const line = commandLine('dd', args);
  log(`$ ${line}`);
  const startedAt = performance.now();
  const result = spawnSync('dd', args, { encoding: 'utf8' });
  const seconds = (performance.now() - startedAt) / 1000;
  rmSync(file, { force: true });
  if (result.status !== 0) {
    log(`  dd failed: ${(result.stderr ?? '').trim()}`);
    return { mbps: Number.NaN, line };
  }
  return { mbps: (megabytes * 2 ** 20) / 1e6 / seconds, line };
}

async function loopback(megabytes: number): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const received = new Promise<number>((resolve) => {
    server.once('connection', (socket) => {
      const startedAt = performance.now();
      let bytes = 0;
      socket.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      socket.once('end', () => resolve(bytes / 1e6 / ((performance.now() - startedAt) / 1000)));
    });
  });
  const worker = new Worker(SENDER, { eval: true, workerData: { port, chunks: megabytes } });
  const mbps = await received;
  await worker.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return mbps;
}

export async function measureMachineLimits(dir: string, quick: boolean, log: (line: string) => void): Promise<MachineLimits> {
  const diskMiB = quick ? 256 : 1024;
  const loopMiB = quick ? 512 : 4096;
  const disk = diskWrite(dir, diskMiB, log);
  log(`(loopback: Node → Node over 127.0.0.1, ${loopMiB} × 1 MiB writes, sender in a worker thread)`);
  const loopbackMBps = await loopback(loopMiB);
  log(`machine limits: sequential write with fdatasync ${disk.mbps.toFixed(0)} MB/s, loopback TCP ${loopbackMBps.toFixed(0)} MB/s`);
  return {
    diskWriteMBps: disk.mbps,
    diskWriteBytes: diskMiB * 2 ** 20,
    loopbackMBps,
    loopbackBytes: loopMiB * 2 ** 20,
    commandLines: [disk.line],
  };
}

export function describeLimits(limits: MachineLimits): string {
  return `machine limits: dd bs=1M conv=fdatasync ${limits.diskWriteMBps.toFixed(0)} MB/s ` +
    `(${(limits.diskWriteBytes / 2 ** 20).toFixed(0)} MiB); loopback TCP Node→Node ${limits.loopbackMBps.toFixed(0)} MB/s`;
}
