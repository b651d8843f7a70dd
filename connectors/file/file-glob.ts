import path from 'node:path';

/**
 * One pattern of the source's `files` setting, compiled once. Shell-style syntax, matched against whole paths:
 *
 * - `*` any run of characters within one path segment, `?` one character (neither matches `/`);
 * - `**` as a whole segment: any number of segments, including none (`/var/log/**\/*.log`);
 * - `[abc]`, `[a-z]`, `[!abc]` or `[^abc]` one character of (or not of) a set;
 * - `{a,b,c}` one of the alternatives, which may hold wildcards themselves (no nesting);
 * - `\` makes the next character literal.
 *
 * Unlike a shell, `*` also matches names starting with a dot. A pattern without wildcards names a single file.
 * Matching is on the path as written in the pattern: a relative pattern matches paths relative to the working
 * directory, as the file source then reports them in its source partitions.
 */
export class FileGlob {
  readonly pattern: string;
  /** The longest leading directory holding no wildcard: where files matching the pattern can appear. */
  readonly baseDir: string;
  /** How many directory levels below `baseDir` matches can lie (0: directly in it); Infinity with `**`. */
  readonly depth: number;
  /** Whether the pattern holds any wildcard; otherwise it is one literal path. */
  readonly isLiteral: boolean;
  readonly #regex: RegExp;

  constructor(pattern: string) {
    this.pattern = pattern;
    const wildcardAt = firstWildcard(pattern);
    this.isLiteral = wildcardAt === -1;
    const literalEnd = this.isLiteral ? pattern.length : wildcardAt;
    const lastSlashBeforeWildcard = pattern.lastIndexOf('/', literalEnd - 1);
    this.baseDir = this.isLiteral
      ? path.dirname(pattern)
      : lastSlashBeforeWildcard === -1
        ? '.'
        : lastSlashBeforeWildcard === 0
          ? '/'
          : pattern.slice(0, lastSlashBeforeWildcard);
    const below = this.isLiteral ? '' : pattern.slice(lastSlashBeforeWildcard + 1);
    this.depth = below.includes('**') ? Number.POSITIVE_INFINITY : below.split('/').length - 1;
    this.#regex = new RegExp(`^${translate(pattern)}$`, 'u');
  }

  /** A glob naming exactly `filePath`, wildcard characters in it taken literally. */
  static literal(filePath: string): FileGlob {
    return new FileGlob(filePath.replace(/[\\*?[{]/gu, '\\$&'));
  }

  /**
   * Splits a comma-separated list of patterns; a comma inside `{…}` or after `\` belongs to its pattern.
   * Whitespace around each pattern is dropped, empty entries skipped.
   */
  static parseList(text: string): FileGlob[] {
    const patterns: string[] = [];
    let current = '';
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (c === '\\' && i + 1 < text.length) {
        current += c + (text[i + 1] as string);
        i++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}' && depth > 0) depth--;
      if (c === ',' && depth === 0) {
        patterns.push(current);
        current = '';
      } else {
        current += c;
      }
    }
    patterns.push(current);
    return patterns.map((p) => p.trim()).filter((p) => p !== '').map((p) => new FileGlob(p));
  }

  /** Whether `candidate` (written the way the pattern is: relative or absolute, `/`-separated) matches. */
  matches(candidate: string): boolean {
    return this.#regex.test(candidate);
  }

  /** A path below `baseDir`, given relative to it, written the way the pattern is written. */
  pathUnder(relative: string): string {
    const rel = relative.split(path.sep).join('/');
    if (this.baseDir === '.' && !this.pattern.startsWith('./')) return rel;
    return this.baseDir.endsWith('/') ? `${this.baseDir}${rel}` : `${this.baseDir}/${rel}`;
  }

  /** The path the pattern itself names when it is literal, with escapes removed. */
  literalPath(): string {
    return this.pattern.replace(/\\(.)/gu, '$1');
  }
}

const WILDCARDS = new Set(['*', '?', '[', '{']);

function firstWildcard(pattern: string): number {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      i++;
      continue;
    }
    if (WILDCARDS.has(c)) return i;
  }
  return -1;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/u.test(c) ? `\\${c}` : c;
}

/** The regular expression source for a glob (or one `{…}` alternative: `inBraces` stops at `,` and `}`). */
function translate(pattern: string): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      out += escapeRegex(pattern[i + 1] as string);
      i += 2;
    } else if (c === '*') {
      const segmentStart = i === 0 || pattern[i - 1] === '/';
      if (pattern[i + 1] === '*' && segmentStart && (i + 2 === pattern.length || pattern[i + 2] === '/')) {
        // `**/` spans zero or more whole segments; a trailing `**` anything below.
        out += i + 2 === pattern.length ? '.*' : '(?:[^/]*/)*';
        i += i + 2 === pattern.length ? 2 : 3;
      } else {
        out += '[^/]*';
        i += pattern[i + 1] === '*' ? 2 : 1;
      }
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        i++;
        continue;
      }
      let set = pattern.slice(i + 1, close);
      const negated = set.startsWith('!') || set.startsWith('^');
      if (negated) set = set.slice(1);
      out += `[${negated ? '^/' : ''}${set.replace(/[\\\]^]/gu, '\\$&')}]`;
      i = close + 1;
    } else if (c === '{') {
      const close = pattern.indexOf('}', i);
      if (close === -1) {
        out += '\\{';
        i++;
        continue;
      }
      const alternatives = pattern.slice(i + 1, close).split(',');
      out += `(?:${alternatives.map(translate).join('|')})`;
      i = close + 1;
    } else {
      out += escapeRegex(c);
      i++;
    }
  }
  return out;
}
