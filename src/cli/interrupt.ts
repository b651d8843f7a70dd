/** Exit code of a tool stopped by a second Ctrl+C before it finished cleanly: 128 + SIGINT, as a shell reports. */
const FORCED_EXIT_CODE = 130;

/**
 * Ctrl+C (SIGINT) and SIGTERM for the long-running console tools: the first signal asks the tool to finish
 * cleanly (Kafka's shutdown hook: stop reading, flush or commit, print the summary); a second one exits at once,
 * for when finishing cleanly hangs on an unreachable broker. The returned function removes the handlers.
 */
export function onInterrupt(stop: (signal: NodeJS.Signals) => void): () => void {
  let signalled = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (signalled) process.exit(FORCED_EXIT_CODE);
    signalled = true;
    stop(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
