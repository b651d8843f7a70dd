import { UsageError } from './usage-error.js';

/**
 * Kafka's `Whitelist` topic filter, which `--topic` of `topics`, and `--whitelist`/`--include` of
 * `console-consumer`, take: a regular expression matched against the whole topic name, where commas separate
 * alternatives and spaces and surrounding quotes are dropped. A plain name matches itself (and, as in Kafka, a `.`
 * in it matches any character).
 */
export class TopicFilter {
  readonly source: string;
  readonly #pattern: RegExp;

  constructor(raw: string) {
    this.source = raw
      .trim()
      .replaceAll(',', '|')
      .replaceAll(' ', '')
      .replace(/^["']+/, '')
      .replace(/["']+$/, '');
    try {
      this.#pattern = new RegExp(`^(?:${this.source})$`);
    } catch {
      throw new UsageError(`${this.source} is an invalid regex.`);
    }
  }

  /** The whole-name pattern, for a consumer's pattern subscription. */
  get regex(): RegExp {
    return this.#pattern;
  }

  /** Whether `topic` is selected; internal topics (`__consumer_offsets`) only when `includeInternal`. */
  matches(topic: string, isInternal = false, includeInternal = true): boolean {
    return (includeInternal || !isInternal) && this.#pattern.test(topic);
  }
}
