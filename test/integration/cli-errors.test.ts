import { cleanup } from '../support/broker-process.js';
import { assertOneLineError, millrace } from './cli-tool.js';

/** Port 1 on loopback: nothing listens there, so every connection is refused at once. */
const NOWHERE = '127.0.0.1:1';
const UNREACHABLE = 'broker unreachable at 127.0.0.1:1 (ECONNREFUSED)';

describe('CLI errors without a broker', function () {
  after(async function () {
    await cleanup();
  });

  it('names the unreachable broker in one line and exits 1, for every tool', async function () {
    assertOneLineError(await millrace(['topics', '--list', '--bootstrap-server', NOWHERE]), UNREACHABLE);
    assertOneLineError(await millrace(['topics', '--describe', '--bootstrap-server', NOWHERE, '--topic', 't']), UNREACHABLE);
    assertOneLineError(await millrace(['console-producer', '--broker-list', NOWHERE, '--topic', 't'], 'a line\n'), UNREACHABLE);
    assertOneLineError(await millrace(['console-consumer', '--bootstrap-server', NOWHERE, '--topic', 't']), UNREACHABLE);
    assertOneLineError(await millrace(['consumer-groups', '--bootstrap-server', NOWHERE, '--list']), UNREACHABLE);
  });

  it('refuses a malformed server address', async function () {
    assertOneLineError(await millrace(['topics', '--list', '--bootstrap-server', 'localhost']), /^millrace: bootstrap\.servers: expected host:port/);
  });

  it("refuses missing and conflicting flags in Kafka's words", async function () {
    assertOneLineError(await millrace(['console-producer', '--broker-list', NOWHERE]), 'Missing required argument "[topic]"');
    assertOneLineError(await millrace(['console-producer', '--topic', 't']), 'Missing required argument "[bootstrap-server]"');
    assertOneLineError(await millrace(['console-consumer', '--bootstrap-server', NOWHERE]), 'Exactly one of --include/--topic is required.');
    assertOneLineError(
      await millrace(['console-consumer', '--bootstrap-server', NOWHERE, '--topic', 't', '--partition', '0', '--offset', 'soon']),
      "The provided offset value 'soon' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.",
    );
    assertOneLineError(await millrace(['console-consumer', '--bootstrap-server', NOWHERE, '--topic', 't', '--offset', '3']), 'The partition is required when offset is specified.');
    assertOneLineError(await millrace(['consumer-groups', '--bootstrap-server', NOWHERE]), 'Command must include exactly one action: --list, --describe, --reset-offsets');
    assertOneLineError(await millrace(['console-consumer', '--bootstrap-server', NOWHERE, '--topic', 't', '--nonsense']), "unknown option '--nonsense'");
  });
});
