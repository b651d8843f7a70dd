import assert from 'node:assert/strict';
import { ConfigException, Schema } from '../../../../src/connect/api/index.js';
import { StringConverter } from '../../../../src/connect/converters/index.js';

describe('StringConverter', () => {
  it('writes values as UTF-8 text by default and reads optional strings', () => {
    const c = new StringConverter();
    c.configure({}, false);
    assert.deepEqual(c.fromConnectData('t', Schema.STRING_SCHEMA, 'héllo'), Buffer.from('héllo', 'utf8'));
    assert.equal(c.fromConnectData('t', null, 42)?.toString(), '42');
    const read = c.toConnectData('t', Buffer.from('héllo'));
    assert.equal(read.schema, Schema.OPTIONAL_STRING_SCHEMA);
    assert.equal(read.value, 'héllo');
  });

  it('keeps null as null', () => {
    const c = new StringConverter();
    c.configure({}, true);
    assert.equal(c.fromConnectData('t', null, null), null);
    assert.equal(c.toConnectData('t', null).value, null);
  });

  it('honours converter.encoding', () => {
    const c = new StringConverter();
    c.configure({ 'converter.encoding': 'ISO-8859-1' }, false);
    assert.deepEqual(c.fromConnectData('t', null, 'é'), Buffer.from([0xe9]));
    assert.equal(c.toConnectData('t', Buffer.from([0xe9])).value, 'é');
    const ascii = new StringConverter();
    ascii.configure({ 'converter.encoding': 'US-ASCII' }, false);
    assert.deepEqual(ascii.fromConnectData('t', null, 'aé'), Buffer.from('a?'));
  });

  it('gives UTF-8 output as text for the producer to write in place, other encodings as bytes', () => {
    const c = new StringConverter();
    c.configure({}, false);
    assert.equal(c.fromConnectDataText('t', Schema.STRING_SCHEMA, 'héllo'), 'héllo');
    assert.equal(c.fromConnectDataText('t', null, 42), '42');
    assert.equal(c.fromConnectDataText('t', null, null), null);
    const latin = new StringConverter();
    latin.configure({ 'converter.encoding': 'ISO-8859-1' }, false);
    assert.deepEqual(latin.fromConnectDataText('t', null, 'é'), Buffer.from([0xe9]));
  });

  it('refuses an unknown encoding naming the key', () => {
    assert.throws(
      () => new StringConverter().configure({ 'converter.encoding': 'EBCDIC' }, false),
      (err: unknown) => err instanceof ConfigException && err.key === 'converter.encoding',
    );
  });
});
