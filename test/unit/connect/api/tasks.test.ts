import assert from 'node:assert/strict';
import {
  ConnectException,
  ConnectorType,
  defineConfig,
  SinkConnector,
  SinkTask,
  SourceConnector,
  SourceTask,
  TopicPartitionOffsets,
} from '../../../../src/connect/api/index.js';
import type { ConfigDefinition, SinkRecord, SourceRecord, TaskConstructor } from '../../../../src/connect/api/index.js';

const CONFIG = defineConfig([{ name: 'topic', type: 'string', importance: 'high', documentation: 'The topic.' }]);

class RecordingSinkTask extends SinkTask {
  readonly calls: string[] = [];
  version(): string {
    return '1';
  }
  start(): void {}
  put(records: SinkRecord[]): Promise<void> {
    this.calls.push(`put ${records.length}`);
    return Promise.resolve();
  }
  override flush(offsets: TopicPartitionOffsets): Promise<void> {
    this.calls.push(`flush ${offsets.size}`);
    return Promise.resolve();
  }
  stop(): void {}
}

class NoopSourceTask extends SourceTask {
  version(): string {
    return '1';
  }
  start(): void {}
  poll(): Promise<SourceRecord[] | null> {
    return Promise.resolve(null);
  }
  stop(): void {}
}

class ExampleSource extends SourceConnector {
  version(): string {
    return '1';
  }
  start(): void {}
  taskClass(): TaskConstructor<SourceTask> {
    return NoopSourceTask;
  }
  taskConfigs(): Record<string, string>[] {
    return [{}];
  }
  stop(): void {}
  config(): ConfigDefinition {
    return CONFIG;
  }
}

class ExampleSink extends SinkConnector {
  version(): string {
    return '1';
  }
  start(): void {}
  taskClass(): TaskConstructor<SinkTask> {
    return RecordingSinkTask;
  }
  taskConfigs(): Record<string, string>[] {
    return [{}];
  }
  stop(): void {}
  config(): ConfigDefinition {
    return CONFIG;
  }
}

describe('connector and task base classes', () => {
  it("SinkTask.preCommit flushes and returns the offsets it was given", async () => {
    const task = new RecordingSinkTask();
    const offsets = new TopicPartitionOffsets([[{ topic: 't', partition: 0 }, 3]]);
    assert.equal(await task.preCommit(offsets), offsets);
    assert.deepEqual(task.calls, ['flush 1']);
  });

  it('tells sources from sinks without instanceof', () => {
    assert.equal(new ExampleSource().connectorType, ConnectorType.SOURCE);
    assert.equal(new ExampleSink().connectorType, ConnectorType.SINK);
    assert.equal(new NoopSourceTask().taskType, 'source');
    assert.equal(new RecordingSinkTask().taskType, 'sink');
  });

  it('validates a connector configuration against its definition by default', () => {
    const result = new ExampleSource().validate({});
    assert.equal(result.errorCount, 1);
    assert.equal(result.configs[0]?.name, 'topic');
  });

  it('refuses reading a context before initialize', () => {
    assert.throws(() => new ExampleSource().context, ConnectException);
    assert.throws(() => new NoopSourceTask().context, ConnectException);
    const task = new RecordingSinkTask();
    assert.throws(() => task.context, ConnectException);
    const context = {
      configs: () => ({}),
      offset: () => undefined,
      offsets: () => undefined,
      timeout: () => undefined,
      assignment: () => [],
      pause: () => undefined,
      resume: () => undefined,
      requestCommit: () => undefined,
      errantRecordReporter: () => null,
    };
    task.initialize(context);
    assert.equal(task.context, context);
  });

  it('exposes Kafka\'s topics keys', () => {
    assert.equal(SinkTask.TOPICS_CONFIG, 'topics');
    assert.equal(SinkTask.TOPICS_REGEX_CONFIG, 'topics.regex');
    assert.equal(SinkConnector.TOPICS_CONFIG, 'topics');
  });
});
