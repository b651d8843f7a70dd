import type { Writable } from 'node:stream';
import { Admin } from '../client/admin/admin.js';
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import { admin, UnknownTopicError } from './cli-errors.js';
import { adminOptions } from './client-options.js';
import { formatTopicDescription } from './topic-description.js';
import type { TopicDescription } from './topic-description.js';
import { TopicFilter } from './topic-filter.js';
import type { TopicsOptions } from './topics-options.js';
import { UsageError } from './usage-error.js';
import { write } from './write.js';

const COLLISION_WARNING =
  "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. " +
  'To avoid issues it is best to use either, but not both.';

/**
 * `millrace topics`: Kafka 2.3's `kafka-topics.sh --bootstrap-server` (`TopicCommand.AdminClientTopicService`)
 * over Millrace's admin client — same actions, same output, same checks.
 */
export async function runTopics(options: TopicsOptions, out: Writable = process.stdout): Promise<void> {
  const client = new Admin(adminOptions(options.bootstrapServers, options.clientProperties, 'millrace-topics'));
  try {
    await client.connect();
    switch (options.action) {
      case 'list':
        await write(out, (await selectTopics(client, options)).map((t) => `${t}\n`).join(''));
        break;
      case 'describe':
        await describe(client, options, out);
        break;
      case 'create':
        await create(client, options, out);
        break;
      case 'alter':
        await alter(client, options);
        break;
      case 'delete':
        await remove(client, options);
        break;
    }
  } finally {
    await client.close();
  }
}

/** Kafka's `getTopics`: every topic (internal ones unless excluded) matching `--topic`, sorted. */
async function selectTopics(client: Admin, options: TopicsOptions): Promise<string[]> {
  const all = await admin(client.listTopics({ includeInternal: !options.excludeInternal }));
  if (options.topic === undefined) return all;
  const filter = new TopicFilter(options.topic);
  return all.filter((t) => filter.matches(t));
}

/** Kafka's `ensureTopicExists`: a named topic that matched nothing is an error unless `--if-exists`. */
function ensureTopicExists(topics: readonly string[], options: TopicsOptions): void {
  if (options.topic !== undefined && !options.ifExists && topics.length === 0) throw new UnknownTopicError(options.topic);
}

async function describe(client: Admin, options: TopicsOptions, out: Writable): Promise<void> {
  const topics = await selectTopics(client, options);
  ensureTopicExists(topics, options);
  if (topics.length === 0) return;
  const descriptions = await admin(client.describeTopics(topics));
  for (const topic of descriptions) {
    const configs = await admin(client.describeConfigs({ type: 'topic', name: topic.name }));
    const description: TopicDescription = {
      name: topic.name,
      partitions: topic.partitions,
      // Kafka's ConfigEntry.isDefault: the value comes from Kafka's built-in default rather than a setting.
      configs: configs.filter((c) => !c.isDefault),
    };
    await write(out, formatTopicDescription(description, options.describeFilter));
  }
}

async function create(client: Admin, options: TopicsOptions, out: Writable): Promise<void> {
  const topic = options.topic!;
  if (topic.includes('.') || topic.includes('_')) await write(out, `${COLLISION_WARNING}\n`);
  if (options.ifNotExists && (await admin(client.listTopics({ includeInternal: true }))).includes(topic)) return;
  try {
    await admin(
      client.createTopics([
        {
          topic,
          ...(options.partitions === undefined ? {} : { numPartitions: options.partitions }),
          ...(options.replicationFactor === undefined ? {} : { replicationFactor: options.replicationFactor }),
          configs: Object.fromEntries(options.configs),
        },
      ]),
    );
  } catch (error) {
    // Created meanwhile by someone else: what --if-not-exists asks to tolerate.
    if (options.ifNotExists && error instanceof KafkaError && error.code === ErrorCode.TOPIC_ALREADY_EXISTS) return;
    throw error;
  }
  await write(out, `Created topic ${topic}.\n`);
}

async function alter(client: Admin, options: TopicsOptions): Promise<void> {
  const topics = await selectTopics(client, options);
  ensureTopicExists(topics, options);
  if (topics.length === 0) return;
  await admin(client.createPartitions(topics.map((topic) => ({ topic, count: options.partitions! }))));
}

async function remove(client: Admin, options: TopicsOptions): Promise<void> {
  const topics = await selectTopics(client, options);
  ensureTopicExists(topics, options);
  if (topics.length === 0) return;
  const internal = (await admin(client.describeTopics(topics))).find((t) => t.isInternal);
  if (internal !== undefined) {
    throw new UsageError(`Topic ${internal.name} is a kafka internal topic and is not allowed to be marked for deletion.`);
  }
  await admin(client.deleteTopics(topics));
}
