import assert from 'node:assert/strict';
import { splitEnvelope } from '../../../../src/connect/converters/json-envelope.js';

describe('splitEnvelope', () => {
  it('splits the canonical envelope without parsing the payload', () => {
    assert.deepEqual(splitEnvelope('{"schema":{"type":"string","optional":false},"payload":"a}b"}'), {
      schemaText: '{"type":"string","optional":false}',
      payloadText: '"a}b"',
    });
  });

  it('allows whitespace between tokens and braces inside schema strings', () => {
    assert.deepEqual(splitEnvelope(' { "schema" : {"doc":"a } \\" {"} , "payload" : [1] }\n'), {
      schemaText: '{"doc":"a } \\" {"}',
      payloadText: '[1] ',
    });
    assert.deepEqual(splitEnvelope('{"schema":null,"payload":null}'), { schemaText: 'null', payloadText: 'null' });
  });

  for (const other of ['{"payload":1,"schema":null}', '[1]', '{"schema":{"type":"string"', '{"schema":"x","payload":1}', '{"schema":null}']) {
    it(`leaves ${other} to the full parser`, () => assert.equal(splitEnvelope(other), null));
  }
});
