import { readFileSync } from 'node:fs';
import { readPropertiesEntries } from './config-entries.js';
import type { ConfigEntries } from './config-entries.js';

/**
 * Connector files as `connect-standalone` takes them: Java `.properties` (`name=…`, `connector.class=…`), or JSON
 * shaped like the body of `POST /connectors` — `{"name": "…", "config": {…}}` — as Kafka accepts since 3.x.
 * JSON is recognised by its first non-blank character being `{`, whatever the file is called.
 */

/** A JSON connector file that is not valid JSON or not shaped like `{name, config}`. */
export class ConnectorFileError extends Error {
  readonly file: string;
  readonly line: number | undefined;

  constructor(file: string, line: number | undefined, detail: string, options?: ErrorOptions) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${detail}`, options);
    this.name = new.target.name;
    this.file = file;
    this.line = line;
  }
}

/**
 * Reads one connector file into located entries (the JSON form's top-level `name` becomes the `name` entry).
 * @throws PropertiesReadError, PropertiesParseError, ConnectorFileError
 */
export function readConnectorFile(path: string): ConfigEntries {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return readPropertiesEntries(path);
  }
  return text.trimStart().startsWith('{') ? parseJsonConnector(path, text) : readPropertiesEntries(path);
}

function parseJsonConnector(path: string, text: string): ConfigEntries {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ConnectorFileError(path, undefined, `not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ConnectorFileError(path, 1, 'expected a JSON object {"name": …, "config": {…}}');
  }
  const body = doc as Record<string, unknown>;
  const config = body['config'];
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConnectorFileError(path, lineOfKey(text, 'config', 0), 'expected "config" to be an object of string values');
  }
  const configStart = Math.max(0, text.indexOf('"config"'));
  const entries: ConfigEntries = new Map();
  const name = body['name'];
  if (name !== undefined) {
    if (typeof name !== 'string') throw new ConnectorFileError(path, lineOfKey(text, 'name', 0), 'expected "name" to be a string');
    entries.set('name', { value: name, line: lineOfKey(text, 'name', 0), source: path });
  }
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    const line = lineOfKey(text, key, configStart);
    // Kafka's REST API takes only strings; numbers and booleans are accepted as their JSON text, a common slip.
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new ConnectorFileError(path, line, `config "${key}" must be a string, got ${JSON.stringify(value)}`);
    }
    if (key === 'name' && entries.has('name') && entries.get('name')!.value !== String(value)) {
      throw new ConnectorFileError(path, line, `config "name" (${JSON.stringify(value)}) differs from the top-level "name"`);
    }
    entries.set(key, { value: String(value), line, source: path });
  }
  return entries;
}

/** The 1-based line of the first `"key":` at or after `from`, for error messages; undefined when not found. */
function lineOfKey(text: string, key: string, from: number): number | undefined {
  const pattern = new RegExp(`${escapeRegExp(JSON.stringify(key))}\\s*:`, 'g');
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  if (match === null) return undefined;
  let line = 1;
  for (let i = 0; i < match.index; i++) if (text.charCodeAt(i) === 0x0a) line++;
  return line;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
