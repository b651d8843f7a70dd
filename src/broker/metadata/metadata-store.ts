import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The cluster's metadata as one broker knows it: cluster id, topics with their ids, partition counts and config
 * overrides, and the producer-id allocation high-water mark. It is the single place a controller will own once
 * several brokers replicate; today one broker reads and writes it. State is persisted as one JSON document written
 * atomically (temp file + fsync + rename), so a crash leaves either the old or the new document.
 */
export interface TopicMetadata {
  readonly name: string;
  readonly topicId: string;
  readonly partitionCount: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

interface PersistedState {
  version: 1;
  clusterId: string;
  nextProducerIdBlock: number;
  topics: TopicMetadata[];
}

const STATE_FILE = 'millrace-metadata.json';
const PRODUCER_ID_BLOCK = 1000;

export class MetadataStoreError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'MetadataStoreError';
  }
}

/** Kafka's topic ids and cluster ids are 16 random bytes printed as base64url without padding. */
export function randomKafkaUuid(): string {
  return randomBytes(16).toString('base64url');
}

export class MetadataStore {
  readonly #file: string;
  #state: PersistedState;
  #nextProducerId: number;

  private constructor(file: string, state: PersistedState) {
    this.#file = file;
    this.#state = state;
    this.#nextProducerId = state.nextProducerIdBlock;
  }

  /** Loads the store from `dir`, creating a fresh cluster identity there on first start. */
  static open(dir: string): MetadataStore {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, STATE_FILE);
    let state: PersistedState;
    if (fs.existsSync(file)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (err) {
        throw new MetadataStoreError(file, `cannot be read as JSON (${(err as Error).message}); restore it from a backup or remove the log directory to start empty`);
      }
      state = validateState(file, parsed);
    } else {
      state = { version: 1, clusterId: randomKafkaUuid(), nextProducerIdBlock: 0, topics: [] };
    }
    const store = new MetadataStore(file, state);
    store.#persist();
    return store;
  }

  get clusterId(): string {
    return this.#state.clusterId;
  }

  topics(): readonly TopicMetadata[] {
    return this.#state.topics;
  }

  topic(name: string): TopicMetadata | undefined {
    return this.#state.topics.find((t) => t.name === name);
  }

  createTopic(name: string, partitionCount: number, replicationFactor: number, configs: Record<string, string>): TopicMetadata {
    const topic: TopicMetadata = { name, topicId: randomKafkaUuid(), partitionCount, replicationFactor, configs: { ...configs } };
    this.#state.topics = [...this.#state.topics, topic];
    this.#persist();
    return topic;
  }

  setPartitionCount(name: string, partitionCount: number): void {
    this.#state.topics = this.#state.topics.map((t) => (t.name === name ? { ...t, partitionCount } : t));
    this.#persist();
  }

  deleteTopic(name: string): void {
    this.#state.topics = this.#state.topics.filter((t) => t.name !== name);
    this.#persist();
  }

  /**
   * Producer ids must never repeat across restarts, or a new idempotent producer would inherit an old one's
   * sequence state. Ids are handed out from blocks whose end is persisted before the first id of a block is used.
   */
  allocateProducerId(): number {
    if (this.#nextProducerId >= this.#state.nextProducerIdBlock) {
      this.#state.nextProducerIdBlock = this.#nextProducerId + PRODUCER_ID_BLOCK;
      this.#persist();
    }
    return this.#nextProducerId++;
  }

  #persist(): void {
    const tmp = `${this.#file}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, JSON.stringify(this.#state, null, 2));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.#file);
  }
}

function validateState(file: string, value: unknown): PersistedState {
  const v = value as Partial<PersistedState> | null;
  if (!v || v.version !== 1 || typeof v.clusterId !== 'string' || !Array.isArray(v.topics) || typeof v.nextProducerIdBlock !== 'number') {
    throw new MetadataStoreError(file, 'is not a Millrace metadata document of version 1');
  }
  for (const t of v.topics) {
    if (typeof t?.name !== 'string' || typeof t.topicId !== 'string' || !Number.isInteger(t.partitionCount) || t.partitionCount < 1) {
      throw new MetadataStoreError(file, `has an invalid topic entry ${JSON.stringify(t)}`);
    }
  }
  return v as PersistedState;
}
