import assert from 'node:assert/strict';
import { adminOptions, configInput } from '../../../src/cli/client-options.js';
import { ConfigError } from '../../../src/common/config/config-def.js';

describe('client options from tool properties', () => {
  it('maps Kafka admin keys and falls back to the tool client id', () => {
    assert.deepEqual(adminOptions(['h:1'], new Map([['request.timeout.ms', '900'], ['default.api.timeout.ms', ' 5000 '], ['ssl.truststore.location', 'x']]), 'tool'), {
      bootstrapServers: ['h:1'],
      clientId: 'tool',
      requestTimeoutMs: 900,
      defaultApiTimeoutMs: 5000,
    });
    assert.equal(adminOptions(['h:1'], new Map([['client.id', 'mine']]), 'tool').clientId, 'mine');
  });

  it('names a bad numeric key', () => {
    assert.throws(
      () => adminOptions(['h:1'], new Map([['retry.backoff.ms', 'soon']]), 'tool'),
      (err: unknown) => err instanceof ConfigError && err.errors[0]?.key === 'retry.backoff.ms',
    );
  });

  it('turns a map into config input entries', () => {
    assert.deepEqual([...configInput(new Map([['acks', 'all']]))], [['acks', { value: 'all' }]]);
  });
});
