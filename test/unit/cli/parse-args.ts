import type { Command } from 'commander';

/**
 * Parses `args` with a tool's commander definition, as `millrace <tool> args…` would, and returns the raw option
 * values; commander's own errors throw instead of exiting.
 */
export function parseArgs<T>(define: () => Command, args: readonly string[]): T {
  const command = define()
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  command.parse([...args], { from: 'user' });
  return command.opts<T & Record<string, unknown>>();
}
