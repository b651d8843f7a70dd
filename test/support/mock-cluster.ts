/**
 * librdkafka's in-memory mock cluster (test/support/mock-cluster.py): a Kafka-protocol broker Millrace did not
 * write, for checking that Millrace's client and tools work against more than Millrace's own broker. It
 * auto-creates topics (4 partitions) on produce and has no CreateTopics.
 */
import { StringDecoder } from 'node:string_decoder';
import { requirePythonKafka, startPython } from './tools.js';
import type { RunningTool } from './tools.js';

const STARTUP_TIMEOUT_MS = 30_000;

export interface MockCluster {
  readonly tool: RunningTool;
  readonly bootstrap: string;
}

/** Starts a mock cluster of `brokers` brokers, alive for up to `lifetimeMs`; resolves with its bootstrap list. */
export async function startMockCluster(brokers: number, lifetimeMs: number): Promise<MockCluster> {
  requirePythonKafka();
  const tool = startPython('mock-cluster.py', [String(brokers)], lifetimeMs);
  const decoder = new StringDecoder('utf8');
  let stdout = '';
  const bootstrap = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock cluster printed no bootstrap within ${STARTUP_TIMEOUT_MS} ms: ${stdout}`)), STARTUP_TIMEOUT_MS);
    tool.child.stdout?.on('data', (chunk: Buffer) => {
      stdout += decoder.write(chunk);
      const match = /^bootstrap=(\S+)$/m.exec(stdout);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    tool.result.then((r) => reject(new Error(`mock cluster exited (code ${r.code}): ${r.stderr.slice(-2000)}`)), reject);
  });
  return { tool, bootstrap };
}

/** Ends the mock cluster script (it exits when its stdin closes). */
export function stopMockCluster(mock: MockCluster | undefined): void {
  mock?.tool.stdin.end();
}
