import assert from 'node:assert/strict';
import { topicNameProblem } from '../../../src/protocol/topic-name.js';

describe('topicNameProblem', () => {
  for (const ok of ['a', 'hello-kafka', 'x.y_z-9', 'A'.repeat(249)]) {
    it(`accepts ${ok.length > 20 ? `${ok.length} characters` : ok}`, () => assert.equal(topicNameProblem(ok), null));
  }
  for (const bad of ['', '.', '..', 'bad/name', 'sp ace', 'ü', 'A'.repeat(250)]) {
    it(`refuses ${JSON.stringify(bad.length > 20 ? `${bad.length} characters` : bad)}`, () => assert.notEqual(topicNameProblem(bad), null));
  }
});
