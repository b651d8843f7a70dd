import { inspect } from 'node:util';
import AjvModule from 'ajv';
import type { ErrorObject } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';

/**
 * Kafka's `ConfigDef`, declared as data: each key's name, type, default, validator and documentation, compiled once
 * into an ajv validator over the raw string map. Values are parsed the way Kafka parses them (`ConfigDef.parseType`):
 * strings are trimmed, ints go through `Integer.parseInt` rules (so "1.5" and "10k" fail), booleans are
 * `true`/`false` in any case, lists split on commas with surrounding whitespace dropped.
 *
 * A key without `default` is required. `default: null` makes the key optional with a null value, which is how
 * Kafka expresses "falls back to another key" (`log.roll.ms` → `log.roll.hours`).
 *
 * Longs are JavaScript numbers: values beyond ±2^53 are clamped to `Number.MAX_SAFE_INTEGER`, which stands for
 * Java's `Long.MAX_VALUE` wherever Kafka uses that as "never".
 */

export type ConfigType = 'string' | 'int' | 'long' | 'double' | 'boolean' | 'list' | 'password' | 'class';
export type ConfigImportance = 'high' | 'medium' | 'low';

export interface ConfigValidatorSpec {
  /** Inclusive bounds for int, long and double. */
  range?: { min?: number; max?: number };
  /** Allowed values of a string, or of every element of a list; case-sensitive like Kafka's `ValidString`. */
  oneOf?: readonly string[];
  /** A regular expression the whole (trimmed) string, or every list element, must match. */
  pattern?: string;
}

export type ConfigDefault = string | number | boolean | readonly string[] | null;

export interface ConfigKeySpec {
  name: string;
  type: ConfigType;
  /** Absent: the key is required. `null`: optional, and the parsed value is null when unset. */
  default?: ConfigDefault;
  importance: ConfigImportance;
  documentation: string;
  validator?: ConfigValidatorSpec;
  group?: string;
  /** Other names accepted for this key; the canonical name wins when both are set. */
  aliases?: readonly string[];
}

/** A compiled key: the spec with its default parsed to the typed value. */
export interface ConfigKey extends Readonly<Omit<ConfigKeySpec, 'default'>> {
  readonly required: boolean;
  readonly defaultValue: ConfigValue | null;
}

/** Kafka's `Password`: printing, logging and JSON show `[hidden]`; only `value()` reveals it. */
export class Password {
  static readonly HIDDEN = '[hidden]';
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  value(): string {
    return this.#value;
  }

  toString(): string {
    return Password.HIDDEN;
  }

  toJSON(): string {
    return Password.HIDDEN;
  }

  [inspect.custom](): string {
    return Password.HIDDEN;
  }
}

export type ConfigValue = string | number | boolean | string[] | Password;

type TypedValue<E extends ConfigKeySpec> = E['type'] extends 'int' | 'long' | 'double'
  ? number
  : E['type'] extends 'boolean'
    ? boolean
    : E['type'] extends 'list'
      ? string[]
      : E['type'] extends 'password'
        ? Password
        : E extends { validator: { oneOf: readonly (infer S extends string)[] } }
          ? S
          : string;

/** The parsed values' type, inferred from a literal spec list (`defineConfig` takes it as a const parameter). */
export type ConfigValues<K extends readonly ConfigKeySpec[]> = {
  -readonly [E in K[number] as E['name']]: E extends { default: null } ? TypedValue<E> | null : TypedValue<E>;
};

/** One raw setting: its text and, when it came from a file, where. */
export interface ConfigInputEntry {
  value: string;
  line?: number;
  /** Overrides `ParseOptions.source` for this entry (e.g. `--override` among file entries). */
  source?: string;
}

export type ConfigInput = ReadonlyMap<string, ConfigInputEntry> | Readonly<Record<string, string>>;

export interface ParseOptions {
  /** Where the entries came from (a file path), used in error messages. */
  source?: string;
}

/** Where a known key's raw value came from; keyed by canonical name, `key` being the name actually written. */
export interface ConfigOrigin {
  key: string;
  value: string;
  source?: string;
  line?: number;
}

export interface UnknownConfig {
  key: string;
  suggestion?: string;
  source?: string;
  line?: number;
}

export interface ParseResult<V> {
  values: V;
  unknown: UnknownConfig[];
  /** The keys that were set explicitly (Kafka's `originals()`), with their raw text and location. */
  originals: ReadonlyMap<string, ConfigOrigin>;
}

export interface ConfigErrorEntry {
  key: string;
  message: string;
  source?: string;
  line?: number;
}

/** Every invalid or missing key of one parse, each with what was expected and where it was set. */
export class ConfigError extends Error {
  readonly errors: readonly ConfigErrorEntry[];

  constructor(errors: readonly ConfigErrorEntry[]) {
    super(errors.map(formatConfigErrorEntry).join('\n'));
    this.name = new.target.name;
    this.errors = errors;
  }
}

/** `config/server.properties:7: log.segment.bytes: expected an integer >= 14, got "abc"` */
export function formatConfigErrorEntry(entry: ConfigErrorEntry): string {
  return `${location(entry.source, entry.line)}${entry.key}: ${entry.message}`;
}

/** `config/server.properties:9: unknown configuration 'log.segmant.bytes' (did you mean 'log.segment.bytes'?)` */
export function formatUnknownConfig(unknown: UnknownConfig): string {
  const hint = unknown.suggestion === undefined ? '' : ` (did you mean '${unknown.suggestion}'?)`;
  return `${location(unknown.source, unknown.line)}unknown configuration '${unknown.key}'${hint}`;
}

/** An error entry for `key`, located where its value was set when it was. */
export function configErrorAt(key: string, message: string, origin?: ConfigOrigin): ConfigErrorEntry {
  const entry: ConfigErrorEntry = { key: origin?.key ?? key, message };
  if (origin?.source !== undefined) entry.source = origin.source;
  if (origin?.line !== undefined) entry.line = origin.line;
  return entry;
}

function location(source: string | undefined, line: number | undefined): string {
  if (source === undefined) return '';
  return line === undefined ? `${source}: ` : `${source}:${line}: `;
}

const Ajv = AjvModule.default;
const VALUE_KEYWORD = 'x-millrace-config';

/** One ajv instance for every definition: the value keyword is registered once and schemas are compiled per definition. */
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addKeyword({
  keyword: VALUE_KEYWORD,
  schemaType: 'object',
  errors: false,
  validate: (key: ConfigKey, data: unknown) => typeof data === 'string' && parseValue(key, data).ok,
});

type ParsedOk = { ok: true; value: ConfigValue };
type Parsed = ParsedOk | { ok: false };
const INVALID: Parsed = { ok: false };

/**
 * Compiles a definition. Throws `ConfigError` when a default does not satisfy its own key's type or validator,
 * as Kafka's `ConfigDef.define` does, and on duplicate names.
 */
export function defineConfig<const K extends readonly ConfigKeySpec[]>(specs: K): ConfigDefinition<ConfigValues<K>> {
  return new ConfigDefinition<ConfigValues<K>>(specs);
}

export class ConfigDefinition<V> {
  readonly keys: readonly ConfigKey[];
  readonly #byName = new Map<string, ConfigKey>();
  /** Every accepted name (canonical and alias) → its key. */
  readonly #byAnyName = new Map<string, ConfigKey>();
  readonly #schema: object;
  /** Compiled at the first `parse`: a process parses few of the definitions it imports, and compiling costs. */
  #validate: ReturnType<typeof ajv.compile> | null = null;

  constructor(specs: readonly ConfigKeySpec[]) {
    const errors: ConfigErrorEntry[] = [];
    const keys: ConfigKey[] = [];
    for (const spec of specs) {
      const key = compileKey(spec, errors);
      for (const name of [key.name, ...(key.aliases ?? [])]) {
        if (this.#byAnyName.has(name)) errors.push({ key: name, message: 'defined more than once' });
        this.#byAnyName.set(name, key);
      }
      this.#byName.set(key.name, key);
      keys.push(key);
    }
    if (errors.length > 0) throw new ConfigError(errors);
    this.keys = keys;
    const properties: Record<string, object> = {};
    for (const key of keys) properties[key.name] = { type: 'string', [VALUE_KEYWORD]: key };
    this.#schema = {
      type: 'object',
      required: keys.filter((k) => k.required).map((k) => k.name),
      properties,
    };
  }

  key(name: string): ConfigKey | undefined {
    return this.#byAnyName.get(name);
  }

  /**
   * Parses raw settings. Unknown keys are not errors: they come back with the closest known name when one is near.
   * @throws ConfigError listing every invalid or missing key
   */
  parse(input: ConfigInput, options: ParseOptions = {}): ParseResult<V> {
    const entries = toEntries(input, options.source);
    const originals = new Map<string, ConfigOrigin>();
    const unknown: UnknownConfig[] = [];
    for (const [name, entry] of entries) {
      const key = this.#byAnyName.get(name);
      if (key === undefined) {
        unknown.push(this.#unknown(name, entry));
        continue;
      }
      const previous = originals.get(key.name);
      // The canonical name wins over an alias whatever the order they were written in.
      if (previous !== undefined && (previous.key === key.name || name !== key.name)) continue;
      const origin: ConfigOrigin = { key: name, value: entry.value };
      if (entry.source !== undefined) origin.source = entry.source;
      if (entry.line !== undefined) origin.line = entry.line;
      originals.set(key.name, origin);
    }

    const data: Record<string, string> = {};
    for (const [name, origin] of originals) data[name] = origin.value;
    const validate = (this.#validate ??= ajv.compile(this.#schema));
    if (!validate(data)) {
      throw new ConfigError(this.#errors(validate.errors ?? [], originals, options.source));
    }

    const values: Record<string, ConfigValue | null> = {};
    for (const key of this.keys) {
      const origin = originals.get(key.name);
      if (origin === undefined) {
        values[key.name] = cloneDefault(key.defaultValue);
        continue;
      }
      // Ajv accepted the map, and its keyword is this very parse, so it succeeds.
      values[key.name] = (parseValue(key, origin.value) as ParsedOk).value;
    }
    return { values: values as V, unknown, originals };
  }

  /**
   * One raw value as Kafka would print it after parsing (trimmed, list spacing dropped, passwords hidden).
   * @throws ConfigError when `name` is unknown or `raw` is invalid for it
   */
  normalize(name: string, raw: string): string | null {
    const key = this.#byAnyName.get(name);
    if (key === undefined) throw new ConfigError([{ key: name, message: 'unknown configuration' }]);
    const parsed = parseValue(key, raw);
    if (!parsed.ok) throw new ConfigError([{ key: name, message: `expected ${expectation(key)}, got ${JSON.stringify(raw)}` }]);
    return this.format(parsed.value);
  }

  /** The key's built-in default as Kafka prints it; null for a null default or an unknown key. */
  formatDefault(name: string): string | null {
    return this.format(this.#byAnyName.get(name)?.defaultValue ?? null);
  }

  /** Kafka's `ConfigDef.convertToString`: lists joined by commas, passwords hidden, null stays null. */
  format(value: ConfigValue | null): string | null {
    if (value === null) return null;
    if (Array.isArray(value)) return value.join(',');
    if (typeof value === 'number' && value >= Number.MAX_SAFE_INTEGER) return JAVA_LONG_MAX;
    return String(value);
  }

  /** The known name closest to `name`, when within max(2, length / 3) edits of it. */
  suggest(name: string): string | undefined {
    if (this.#byName.size === 0) return undefined;
    const best = closest(name, [...this.#byName.keys()]);
    return distance(name, best) <= Math.max(2, name.length / 3) ? best : undefined;
  }

  #unknown(name: string, entry: ConfigInputEntry): UnknownConfig {
    const result: UnknownConfig = { key: name };
    const suggestion = this.suggest(name);
    if (suggestion !== undefined) result.suggestion = suggestion;
    if (entry.source !== undefined) result.source = entry.source;
    if (entry.line !== undefined) result.line = entry.line;
    return result;
  }

  #errors(
    ajvErrors: readonly ErrorObject[],
    originals: ReadonlyMap<string, ConfigOrigin>,
    source: string | undefined,
  ): ConfigErrorEntry[] {
    const seen = new Set<string>();
    const result: ConfigErrorEntry[] = [];
    for (const error of ajvErrors) {
      const missing = error.keyword === 'required';
      const name = missing ? String(error.params['missingProperty']) : decodePointer(error.instancePath);
      if (seen.has(name)) continue;
      seen.add(name);
      const key = this.#byName.get(name);
      const expected = key === undefined ? 'a value' : expectation(key);
      const origin = originals.get(name);
      if (missing || origin === undefined) {
        const entry: ConfigErrorEntry = { key: name, message: `missing required configuration, expected ${expected}` };
        if (source !== undefined) entry.source = source;
        result.push(entry);
        continue;
      }
      const shown = key?.type === 'password' ? Password.HIDDEN : origin.value;
      result.push(configErrorAt(name, `expected ${expected}, got ${JSON.stringify(shown)}`, origin));
    }
    // File order reads best; entries without a line (missing keys, overrides) come last.
    return result.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  }
}

/** What Kafka prints for `Long.MAX_VALUE`, which MAX_SAFE_INTEGER stands for here. */
const JAVA_LONG_MAX = '9223372036854775807';
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const DECIMAL_INTEGER = /^[+-]?[0-9]+$/;
/** `Double.parseDouble`'s decimal forms (hex floats left out). */
const JAVA_DOUBLE = /^[+-]?(?:NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?)$/;
/** Kafka's `COMMA_WITH_WHITESPACE` (`\s*,\s*`, Java's `\s` being ASCII whitespace). */
const COMMA_WITH_WHITESPACE = /[ \t\n\v\f\r]*,[ \t\n\v\f\r]*/;

function compileKey(spec: ConfigKeySpec, errors: ConfigErrorEntry[]): ConfigKey {
  const { default: defaultSpec, ...rest } = spec;
  const required = defaultSpec === undefined;
  if (spec.validator?.pattern !== undefined) {
    try {
      patternRegExp(spec.validator.pattern);
    } catch {
      errors.push({ key: spec.name, message: `invalid pattern /${spec.validator.pattern}/` });
      return { ...rest, required, defaultValue: null };
    }
  }
  let defaultValue: ConfigValue | null = null;
  if (defaultSpec !== undefined && defaultSpec !== null) {
    const raw = typeof defaultSpec === 'string' ? defaultSpec : defaultToString(defaultSpec);
    const parsed = parseValue({ ...rest, required, defaultValue: null }, raw);
    if (parsed.ok) defaultValue = parsed.value;
    else errors.push({ key: spec.name, message: `invalid default ${JSON.stringify(raw)}, expected ${expectation(spec)}` });
  }
  const key: ConfigKey = { ...rest, required, defaultValue };
  return key;
}

function defaultToString(value: number | boolean | readonly string[]): string {
  if (typeof value === 'number' && value >= Number.MAX_SAFE_INTEGER) return JAVA_LONG_MAX;
  return Array.isArray(value) ? value.join(',') : String(value);
}

function cloneDefault(value: ConfigValue | null): ConfigValue | null {
  return Array.isArray(value) ? [...value] : value;
}

/** Java's `String.trim`: drops every char <= U+0020 at both ends. */
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Kafka's `parseType` followed by the key's validator. */
function parseValue(key: Omit<ConfigKey, 'name' | 'importance' | 'documentation'>, raw: string): Parsed {
  const trimmed = javaTrim(raw);
  const { range, oneOf, pattern } = key.validator ?? {};
  switch (key.type) {
    case 'int':
    case 'long': {
      if (!DECIMAL_INTEGER.test(trimmed)) return INVALID;
      const big = BigInt(trimmed);
      if (key.type === 'int' ? big < INT_MIN || big > INT_MAX : big < LONG_MIN || big > LONG_MAX) return INVALID;
      const n = Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, Number(big)));
      return inRange(n, range) ? { ok: true, value: n } : INVALID;
    }
    case 'double': {
      if (!JAVA_DOUBLE.test(trimmed)) return INVALID;
      const n = Number(trimmed.replace(/[fFdD]$/, ''));
      return inRange(n, range) ? { ok: true, value: n } : INVALID;
    }
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (lower === 'true') return { ok: true, value: true };
      if (lower === 'false') return { ok: true, value: false };
      return INVALID;
    }
    case 'list': {
      const items = trimmed.length === 0 ? [] : trimmed.split(COMMA_WITH_WHITESPACE);
      return items.every((item) => allowed(item, oneOf, pattern)) ? { ok: true, value: items } : INVALID;
    }
    case 'password':
      return allowed(trimmed, oneOf, pattern) ? { ok: true, value: new Password(trimmed) } : INVALID;
    case 'string':
    case 'class':
      return allowed(trimmed, oneOf, pattern) ? { ok: true, value: trimmed } : INVALID;
  }
}

function inRange(n: number, range: ConfigValidatorSpec['range']): boolean {
  if (Number.isNaN(n)) return range === undefined;
  return (range?.min === undefined || n >= range.min) && (range?.max === undefined || n <= range.max);
}

function allowed(value: string, oneOf: readonly string[] | undefined, pattern: string | undefined): boolean {
  if (oneOf !== undefined && !oneOf.includes(value)) return false;
  return pattern === undefined || patternRegExp(pattern).test(value);
}

const patterns = new Map<string, RegExp>();

/** Validator patterns anchored to the whole value, compiled once per distinct pattern. */
function patternRegExp(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (re === undefined) {
    re = new RegExp(`^(?:${pattern})$`, 'u');
    patterns.set(pattern, re);
  }
  return re;
}

/** What a key accepts, in words: `an integer >= 14`, `one of [delete, compact]`. */
function expectation(key: Pick<ConfigKeySpec, 'type' | 'validator'>): string {
  const { range, oneOf, pattern } = key.validator ?? {};
  const bounds =
    range === undefined
      ? ''
      : range.min !== undefined && range.max !== undefined
        ? ` in [${range.min}, ${range.max}]`
        : range.min !== undefined
          ? ` >= ${range.min}`
          : range.max !== undefined
            ? ` <= ${range.max}`
            : '';
  const choices = oneOf === undefined ? '' : `one of [${oneOf.join(', ')}]`;
  const matching = pattern === undefined ? '' : `matching /${pattern}/`;
  const constraint = [choices, matching].filter((s) => s !== '').join(' ');
  switch (key.type) {
    case 'int':
      return `an integer${bounds}`;
    case 'long':
      return `a long integer${bounds}`;
    case 'double':
      return `a number${bounds}`;
    case 'boolean':
      return 'true or false';
    case 'list':
      return constraint === '' ? 'a comma-separated list' : `a comma-separated list of values ${constraint}`;
    case 'class':
      return constraint === '' ? 'a class name' : `a class name ${constraint}`;
    case 'string':
    case 'password':
      return constraint === '' ? 'a string' : constraint.startsWith('one of') ? constraint : `a string ${constraint}`;
  }
}

function toEntries(input: ConfigInput, source: string | undefined): Map<string, ConfigInputEntry> {
  const entries = new Map<string, ConfigInputEntry>();
  if (input instanceof Map) {
    for (const [name, entry] of input as ReadonlyMap<string, ConfigInputEntry>) {
      const copy: ConfigInputEntry = { value: entry.value };
      if (entry.line !== undefined) copy.line = entry.line;
      const entrySource = entry.source ?? source;
      if (entrySource !== undefined) copy.source = entrySource;
      entries.set(name, copy);
    }
    return entries;
  }
  for (const [name, value] of Object.entries(input as Readonly<Record<string, string>>)) {
    entries.set(name, source === undefined ? { value } : { value, source });
  }
  return entries;
}

/** Ajv's instance paths are JSON pointers: `/log.segment.bytes`, with `~1` for `/` and `~0` for `~`. */
function decodePointer(pointer: string): string {
  return pointer.slice(1).replaceAll('~1', '/').replaceAll('~0', '~');
}
