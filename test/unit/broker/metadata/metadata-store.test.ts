import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MetadataStore, MetadataStoreError } from '../../../../src/broker/metadata/metadata-store.js';

describe('MetadataStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'millrace-meta-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the cluster id and topics across reopen', () => {
    const first = MetadataStore.open(dir);
    first.createTopic('orders', 3, 1, { 'retention.ms': '1000' });
    first.setPartitionCount('orders', 5);
    first.createTopic('gone', 1, 1, {});
    first.deleteTopic('gone');
    const again = MetadataStore.open(dir);
    assert.equal(again.clusterId, first.clusterId);
    assert.equal(again.clusterId.length, 22);
    assert.deepEqual(again.topics().map((t) => [t.name, t.partitionCount, t.configs]), [['orders', 5, { 'retention.ms': '1000' }]]);
    assert.equal(again.topic('orders')!.topicId, first.topic('orders')!.topicId);
  });

  it('never hands out a producer id twice across restarts', () => {
    const first = MetadataStore.open(dir);
    const ids = [first.allocateProducerId(), first.allocateProducerId()];
    const again = MetadataStore.open(dir);
    const next = again.allocateProducerId();
    assert.ok(next > Math.max(...ids), `${next} after ${ids}`);
  });

  it('refuses a corrupt document naming the file instead of starting empty', () => {
    MetadataStore.open(dir);
    fs.writeFileSync(path.join(dir, 'millrace-metadata.json'), '{"version":1,');
    assert.throws(() => MetadataStore.open(dir), (err: unknown) => err instanceof MetadataStoreError && err.message.includes('millrace-metadata.json'));
  });
});
