/** Kafka's topic name rule (`org.apache.kafka.common.internals.Topic.validate`), shared by broker and client. */
export const MAX_TOPIC_NAME_LENGTH = 249;

const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Returns why `name` is not a legal topic name, or null when it is. */
export function topicNameProblem(name: string | null | undefined): string | null {
  if (name === null || name === undefined || name.length === 0) return 'topic name is empty';
  if (name === '.' || name === '..') return `topic name cannot be "${name}"`;
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return `topic name is ${name.length} characters long, more than the ${MAX_TOPIC_NAME_LENGTH} allowed`;
  }
  if (!LEGAL.test(name)) return `topic name "${name}" contains characters other than ASCII alphanumerics, '.', '_' and '-'`;
  return null;
}
