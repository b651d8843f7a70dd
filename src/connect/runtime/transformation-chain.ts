import type { ConfigErrorEntry, ConfigInputEntry } from '../../common/config/config-def.js';
import type { ConfigDefinition } from '../api/config-definition.js';
import type { ConnectRecord } from '../api/connect-record.js';
import type { Predicate } from '../api/predicate.js';
import type { Transformation } from '../api/transformation.js';
import { valuesWithPrefix } from './config-entries.js';
import { PluginKind, UnknownPluginError } from './plugins.js';
import type { Plugins } from './plugins.js';

/**
 * A connector's `transforms`, applied in order to every record (Kafka's `TransformationChain`). Each alias `a`
 * takes its class from `transforms.a.type` and its settings from the other `transforms.a.*` keys; an optional
 * `transforms.a.predicate` (an alias under `predicates`, typed by `predicates.p.type`) limits it to the records
 * the predicate matches, or does not match with `transforms.a.negate=true`.
 */

interface Stage<R extends ConnectRecord<R>> {
  readonly transformation: Transformation<R>;
  readonly predicate: Predicate<R> | null;
  readonly negate: boolean;
}

export class TransformationChain<R extends ConnectRecord<R>> {
  readonly #stages: readonly Stage<R>[];

  private constructor(stages: readonly Stage<R>[]) {
    this.#stages = stages;
  }

  get isEmpty(): boolean {
    return this.#stages.length === 0;
  }

  /**
   * Makes and configures the chain a connector's entries describe.
   * @throws the configuration error of a transformation or predicate (its `configure` is the connector's code)
   */
  static build<R extends ConnectRecord<R>>(entries: ReadonlyMap<string, ConfigInputEntry>, plugins: Plugins): TransformationChain<R> {
    const predicates = new Map<string, Predicate<R>>();
    for (const alias of listValue(entries, 'predicates')) {
      const predicate = plugins.newPredicate<Predicate<R>>(entries.get(`predicates.${alias}.type`)!.value.trim());
      predicate.configure(withoutType(valuesWithPrefix(entries, `predicates.${alias}.`)));
      predicates.set(alias, predicate);
    }
    const stages: Stage<R>[] = [];
    for (const alias of listValue(entries, 'transforms')) {
      const transformation = plugins.newTransformation<Transformation<R>>(entries.get(`transforms.${alias}.type`)!.value.trim());
      const settings = valuesWithPrefix(entries, `transforms.${alias}.`);
      const predicateAlias = settings['predicate']?.trim();
      const negate = settings['negate']?.trim().toLowerCase() === 'true';
      delete settings['predicate'];
      delete settings['negate'];
      transformation.configure(withoutType(settings));
      stages.push({ transformation, predicate: predicateAlias === undefined ? null : predicates.get(predicateAlias)!, negate });
    }
    return new TransformationChain(stages);
  }

  /** The record after every transformation, or null when one dropped it. */
  apply(record: R): R | null {
    let current: R | null = record;
    for (const stage of this.#stages) {
      if (stage.predicate !== null && stage.predicate.test(current) === stage.negate) continue;
      current = stage.transformation.apply(current);
      if (current === null) return null;
    }
    return current;
  }

  /** The class of each transformation, for error contexts. */
  describe(): string {
    return this.#stages.map((s) => s.transformation.constructor.name).join(' → ');
  }

  close(): void {
    for (const stage of this.#stages) {
      stage.transformation.close();
      stage.predicate?.close();
    }
  }
}

/**
 * The problems of a connector's `transforms`/`predicates` keys without building anything: missing or unknown
 * types, predicates that are not declared. Empty when the chain can be built.
 */
export function checkTransformations(entries: ReadonlyMap<string, ConfigInputEntry>, plugins: Plugins): ConfigErrorEntry[] {
  const errors: ConfigErrorEntry[] = [];
  const declared = new Set(listValue(entries, 'predicates'));
  /** The class named by `<prefix>type` exists, and accepts the other `<prefix>*` settings. */
  const check = (prefix: string, kind: PluginKind, near: ConfigInputEntry | undefined, ignored: readonly string[]) => {
    const key = `${prefix}type`;
    const entry = entries.get(key);
    if (entry === undefined) {
      errors.push(located(key, 'missing required configuration, expected a class name', near));
      return;
    }
    let plugin: { config(): ConfigDefinition };
    try {
      plugin = kind === PluginKind.PREDICATE ? plugins.newPredicate(entry.value.trim()) : plugins.newTransformation(entry.value.trim());
    } catch (err) {
      if (!(err instanceof UnknownPluginError)) throw err;
      errors.push(located(key, err.message, entry));
      return;
    }
    const settings = withoutType(valuesWithPrefix(entries, prefix));
    for (const name of ignored) delete settings[name];
    for (const result of plugin.config().validate(settings).configs) {
      for (const message of result.errors) errors.push(located(`${prefix}${result.name}`, message, entries.get(`${prefix}${result.name}`) ?? entry));
    }
  };
  for (const alias of declared) check(`predicates.${alias}.`, PluginKind.PREDICATE, entries.get('predicates'), []);
  for (const alias of listValue(entries, 'transforms')) {
    check(`transforms.${alias}.`, PluginKind.TRANSFORMATION, entries.get('transforms'), ['predicate', 'negate']);
    const predicate = entries.get(`transforms.${alias}.predicate`);
    if (predicate !== undefined && !declared.has(predicate.value.trim())) {
      errors.push(located(`transforms.${alias}.predicate`, `'${predicate.value.trim()}' is not one of predicates`, predicate));
    }
  }
  return errors;
}

function listValue(entries: ReadonlyMap<string, ConfigInputEntry>, key: string): string[] {
  const raw = entries.get(key)?.value.trim() ?? '';
  return raw === '' ? [] : raw.split(/\s*,\s*/).filter((a) => a !== '');
}

function withoutType(settings: Record<string, string>): Record<string, string> {
  delete settings['type'];
  return settings;
}

function located(key: string, message: string, entry: ConfigInputEntry | undefined): ConfigErrorEntry {
  const result: ConfigErrorEntry = { key, message };
  if (entry?.source !== undefined) result.source = entry.source;
  if (entry?.line !== undefined) result.line = entry.line;
  return result;
}
