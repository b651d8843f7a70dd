import assert from 'node:assert/strict';
import { DataException, Schema } from '../../../../src/connect/api/index.js';
import { ByteArrayConverter } from '../../../../src/connect/converters/index.js';

describe('ByteArrayConverter', () => {
  const c = new ByteArrayConverter();
  c.configure({}, false);

  it('passes bytes through without copying', () => {
    const bytes = Buffer.from([1, 2, 3]);
    assert.equal(c.fromConnectData('t', Schema.BYTES_SCHEMA, bytes), bytes);
    const read = c.toConnectData('t', bytes);
    assert.equal(read.value, bytes);
    assert.equal(read.schema, Schema.OPTIONAL_BYTES_SCHEMA);
  });

  it('accepts a Uint8Array and a null value', () => {
    assert.deepEqual(c.fromConnectData('t', null, new Uint8Array([9])), Buffer.from([9]));
    assert.equal(c.fromConnectData('t', Schema.OPTIONAL_BYTES_SCHEMA, null), null);
  });

  it('refuses another schema type or a non-bytes value', () => {
    assert.throws(() => c.fromConnectData('t', Schema.STRING_SCHEMA, Buffer.alloc(1)), /Invalid schema type for ByteArrayConverter: STRING/);
    assert.throws(() => c.fromConnectData('t', null, 'text'), DataException);
  });
});
