import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/common/config/config-def.js';
import { formatAddress, parseBootstrapServers, parseBrokerAddress } from '../../../src/client/broker-address.js';

describe('bootstrap.servers parsing', () => {
  it('reads host:port, [ipv6]:port and listener-prefixed entries', () => {
    assert.deepEqual(parseBrokerAddress('localhost:9092'), { host: 'localhost', port: 9092 });
    assert.deepEqual(parseBrokerAddress(' [::1]:19092 '), { host: '::1', port: 19092 });
    assert.deepEqual(parseBrokerAddress('PLAINTEXT://10.0.0.1:9093'), { host: '10.0.0.1', port: 9093 });
    assert.equal(formatAddress({ host: '::1', port: 1 }), '[::1]:1');
  });

  it('rejects entries without a valid port, naming bootstrap.servers', () => {
    for (const bad of ['localhost', 'h:0', 'h:70000', ':9092']) {
      assert.throws(() => parseBrokerAddress(bad), (e: unknown) => e instanceof ConfigError && e.errors[0]!.key === 'bootstrap.servers', bad);
    }
    assert.throws(() => parseBootstrapServers([' ', '']), ConfigError);
    assert.deepEqual(parseBootstrapServers(['a:1', '', 'b:2']).map(formatAddress), ['a:1', 'b:2']);
  });
});
