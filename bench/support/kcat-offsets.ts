/**
 * How many messages a topic holds, as the broker reports it to kcat: the sum over partitions of the log end offset
 * (ListOffsets "latest"). Nothing is deleted during a benchmark, so this equals the number of records stored.
 */
import { spawnSync } from 'node:child_process';
import { commandLine } from './timed-command.js';

const QUERY_TIMEOUT_MS = 60_000;

interface KcatMetadata {
  topics?: { topic: string; partitions?: { partition: number }[] }[];
}

function runKcat(args: readonly string[], log: (line: string) => void): string | undefined {
  log(`$ ${commandLine('kcat', args)}`);
  const result = spawnSync('kcat', args, { encoding: 'utf8', timeout: QUERY_TIMEOUT_MS });
  if (result.status !== 0) {
    log(`  failed (exit ${result.status}): ${(result.stderr ?? '').trim().slice(-500)}`);
    return undefined;
  }
  return result.stdout;
}

/** The topic's total end offset, or undefined (with the reason logged) when kcat cannot get it. */
export function topicEndOffset(bootstrap: string, topic: string, log: (line: string) => void): number | undefined {
  const metadata = runKcat(['-L', '-J', '-b', bootstrap, '-t', topic], log);
  if (metadata === undefined) return undefined;
  const partitions = (JSON.parse(metadata) as KcatMetadata).topics
    ?.find((entry) => entry.topic === topic)
    ?.partitions?.map((entry) => entry.partition);
  if (partitions === undefined || partitions.length === 0) {
    log(`  topic ${topic} has no partitions in the metadata`);
    return undefined;
  }
  const queryArgs = ['-Q', '-b', bootstrap];
  for (const partition of partitions) queryArgs.push('-t', `${topic}:${partition}:-1`);
  const answer = runKcat(queryArgs, log);
  if (answer === undefined) return undefined;
  const offsets = [...answer.matchAll(/\[(\d+)\]\s+offset\s+(-?\d+)/g)];
  if (offsets.length !== partitions.length) {
    log(`  expected ${partitions.length} offsets, got: ${answer.trim().slice(0, 500)}`);
    return undefined;
  }
  return offsets.reduce((sum, match) => sum + Number(match[2]), 0);
}
