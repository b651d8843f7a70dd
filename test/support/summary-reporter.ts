/**
 * Mocha's Spec output followed by one machine-readable line, `tests: N passed, N failed`, which CI looks for.
 * Failed hooks count as failures, so a suite whose `before` throws (e.g. a missing tool) still fails the run.
 */
import Mocha from 'mocha';

const { EVENT_RUN_END } = Mocha.Runner.constants;

export default class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    // Registered after Spec's own end listener, so the line comes after its epilogue.
    runner.once(EVENT_RUN_END, () => {
      process.stdout.write(`tests: ${this.stats.passes} passed, ${this.stats.failures} failed\n`);
    });
  }
}
