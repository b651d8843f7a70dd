import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PropertiesParseError,
  PropertiesReadError,
  parseProperties,
  propertiesToObject,
  readPropertiesFile,
} from '../../../src/common/properties.js';

type Expected = [key: string, value: string, line: number][];

/** Expected results as java.util.Properties.load(Reader) gives them (checked against OpenJDK 17), plus line numbers. */
const CASES: { name: string; text: string; expected: Expected }[] = [
  { name: 'key=value', text: 'key=value', expected: [['key', 'value', 1]] },
  { name: 'key:value', text: 'key:value', expected: [['key', 'value', 1]] },
  { name: 'key value', text: 'key value', expected: [['key', 'value', 1]] },
  { name: 'tab as separator', text: 'key\tvalue', expected: [['key', 'value', 1]] },
  { name: 'form feed as whitespace', text: '\fkey\f=\fvalue', expected: [['key', 'value', 1]] },
  { name: 'key alone', text: 'key', expected: [['key', '', 1]] },
  { name: 'key and trailing whitespace', text: 'key   ', expected: [['key', '', 1]] },
  { name: 'key= with nothing after', text: 'key=', expected: [['key', '', 1]] },
  { name: 'empty key', text: '=value', expected: [['', 'value', 1]] },
  { name: 'empty key with colon', text: ':value', expected: [['', 'value', 1]] },
  { name: 'whitespace around separator', text: '  key  =  value', expected: [['key', 'value', 1]] },
  { name: 'whitespace around colon', text: 'key  :  value', expected: [['key', 'value', 1]] },
  { name: 'trailing whitespace kept in value', text: 'key=value  \t', expected: [['key', 'value  \t', 1]] },
  { name: '= inside value', text: 'key=a=b:c', expected: [['key', 'a=b:c', 1]] },
  { name: 'second separator starts the value', text: 'key = = value', expected: [['key', '= value', 1]] },
  { name: 'whitespace then one separator absorbed', text: 'key   =value', expected: [['key', 'value', 1]] },
  { name: 'whitespace, colon, then = kept', text: 'key : =value', expected: [['key', '=value', 1]] },
  { name: 'escaped spaces in key', text: 'key\\ with\\ spaces=x', expected: [['key with spaces', 'x', 1]] },
  { name: 'escaped = in key', text: 'a\\=b=c', expected: [['a=b', 'c', 1]] },
  { name: 'escaped : in key', text: 'a\\:b:c', expected: [['a:b', 'c', 1]] },
  { name: 'escaped # starts a key', text: '\\#notcomment=1', expected: [['#notcomment', '1', 1]] },
  { name: 'escaped ! starts a key', text: '\\!bang=1', expected: [['!bang', '1', 1]] },
  { name: '# comment', text: '# a=b\na=1', expected: [['a', '1', 2]] },
  { name: '! comment', text: '! a=b\na=1', expected: [['a', '1', 2]] },
  { name: 'indented comment', text: '   \t# a=b\na=1', expected: [['a', '1', 2]] },
  { name: '# inside a value is not a comment', text: 'a=1 # two', expected: [['a', '1 # two', 1]] },
  { name: 'blank and whitespace-only lines', text: '\n\n   \n\t\na=1\n\n', expected: [['a', '1', 5]] },
  { name: 'continuation joins the key', text: 'a\\\n  b=c', expected: [['ab', 'c', 1]] },
  { name: 'continuation in a value', text: 'key=one \\\n    two', expected: [['key', 'one two', 1]] },
  { name: 'continuation across several lines', text: 'k=a\\\n b\\\n\t c\nn=1', expected: [['k', 'abc', 1], ['n', '1', 4]] },
  { name: 'separator on the continuation line', text: 'key\\\n   = value', expected: [['key', 'value', 1]] },
  { name: 'even backslashes do not continue', text: 'key=x\\\\\nnext=y', expected: [['key', 'x\\', 1], ['next', 'y', 2]] },
  { name: 'three backslashes continue', text: 'key=x\\\\\\\n  y', expected: [['key', 'x\\y', 1]] },
  { name: 'continuation line starting with #', text: 'a=1\\\n#2', expected: [['a', '1#2', 1]] },
  { name: 'continuation then empty line ends it', text: 'a=b\\\n\nc=d', expected: [['a', 'b', 1], ['c', 'd', 3]] },
  { name: 'backslash-only line then # is a comment', text: '\\\n#x=y\nz=1', expected: [['z', '1', 3]] },
  { name: 'backslash at end of file dropped', text: 'a=b\\', expected: [['a', 'b', 1]] },
  { name: 'backslash and newline at end of file', text: 'a=b\\\n', expected: [['a', 'b', 1]] },
  { name: 'lone backslash at end of file', text: 'a=1\n\\', expected: [['a', '1', 1], ['', '', 2]] },
  { name: 'continuation into whitespace at end of file', text: 'a=1\n\\\n   ', expected: [['a', '1', 1]] },
  {
    name: 'escapes \\t \\n \\r \\f \\\\ \\= \\: \\# \\! and \\ ',
    text: 'k=\\t\\n\\r\\f\\\\\\=\\:\\#\\!\\ ',
    expected: [['k', '\t\n\r\f\\=:#! ', 1]],
  },
  { name: 'escaped leading space kept', text: 'k=\\  x', expected: [['k', '  x', 1]] },
  { name: 'unknown escapes stand for the character', text: 'k=\\q\\z\\b\\U0041', expected: [['k', 'qzbU0041', 1]] },
  { name: '\\uXXXX escapes, either case', text: 'k=\\u0041\\u00e9\\u20AC', expected: [['k', 'Aé€', 1]] },
  { name: '\\uXXXX in a key', text: '\\u006bey=v', expected: [['key', 'v', 1]] },
  { name: 'surrogate pair from escapes', text: 'k=\\uD83D\\uDE00', expected: [['k', '😀', 1]] },
  { name: 'UTF-8 text kept', text: 'ключ=значение €', expected: [['ключ', 'значение €', 1]] },
  { name: 'byte order mark is part of the first key', text: '\uFEFFa=1', expected: [['\uFEFFa', '1', 1]] },
  { name: 'CRLF lines', text: 'a=1\r\nb=2\r\n\r\nc=3\r\n', expected: [['a', '1', 1], ['b', '2', 2], ['c', '3', 4]] },
  { name: 'lone CR ends a line', text: 'a=1\rb=2\r\rc=3', expected: [['a', '1', 1], ['b', '2', 2], ['c', '3', 4]] },
  { name: 'continuation over CRLF', text: 'a=1\\\r\n  2\r\nb=3', expected: [['a', '12', 1], ['b', '3', 3]] },
  { name: 'comment ended by CR', text: '#c\ra=1', expected: [['a', '1', 2]] },
  { name: 'later duplicate wins', text: 'a=1\nb=2\na=3', expected: [['a', '3', 3], ['b', '2', 2]] },
  { name: 'empty text', text: '', expected: [] },
];

describe('parseProperties', () => {
  for (const { name, text, expected } of CASES) {
    it(name, () => {
      const parsed = parseProperties(text);
      const actual = [...parsed].map(([key, entry]) => [key, entry.value, entry.line]);
      assert.deepEqual(
        actual.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
        [...expected].sort((a, b) => a[0].localeCompare(b[0])),
      );
    });
  }

  const MALFORMED: { name: string; text: string; line: number }[] = [
    { name: 'non-hex digit', text: 'a=1\nb=\\u12g4', line: 2 },
    { name: 'too short at end', text: 'b=\\u12', line: 1 },
    { name: 'too short before more text on a later line', text: '\n\nkey\\u00=x', line: 3 },
    { name: 'in a key', text: 'k\\uXYZW=v', line: 1 },
    { name: 'on a continuation line', text: 'a=ok\\\n  \\uzzzz', line: 2 },
  ];
  for (const { name, text, line } of MALFORMED) {
    it(`rejects a malformed \\u escape: ${name}`, () => {
      assert.throws(
        () => parseProperties(text, 'config/x.properties'),
        (err: unknown) => {
          assert.ok(err instanceof PropertiesParseError);
          assert.equal(err.file, 'config/x.properties');
          assert.equal(err.line, line);
          assert.equal(err.message, `config/x.properties:${line}: malformed \\uXXXX escape`);
          return true;
        },
      );
    });
  }

  it('names <string> when no source is given', () => {
    assert.throws(() => parseProperties('a=\\u1'), { message: '<string>:1: malformed \\uXXXX escape' });
  });

  it('reports the line of the escape, twelve lines down', () => {
    const text = `${'# filler\n'.repeat(11)}bad=\\u00zz\n`;
    assert.throws(() => parseProperties(text, 'config/x.properties'), {
      message: 'config/x.properties:12: malformed \\uXXXX escape',
    });
  });
});

describe('readPropertiesFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'millrace-properties-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads UTF-8 with CRLF line ends', () => {
    const path = join(dir, 'a.properties');
    writeFileSync(path, Buffer.from('# comment\r\nname=Café ☕\r\nlog.dirs = /tmp/a, /tmp/b\r\n', 'utf8'));
    const parsed = readPropertiesFile(path);
    assert.deepEqual(parsed.get('name'), { value: 'Café ☕', line: 2 });
    assert.deepEqual(parsed.get('log.dirs'), { value: '/tmp/a, /tmp/b', line: 3 });
  });

  it('names the file in parse errors', () => {
    const path = join(dir, 'bad.properties');
    writeFileSync(path, 'ok=1\nbad=\\u12\n');
    assert.throws(() => readPropertiesFile(path), (err: unknown) => {
      assert.ok(err instanceof PropertiesParseError);
      assert.equal(err.message, `${path}:2: malformed \\uXXXX escape`);
      return true;
    });
  });

  it('names the file when it cannot be read', () => {
    const path = join(dir, 'missing.properties');
    assert.throws(() => readPropertiesFile(path), (err: unknown) => {
      assert.ok(err instanceof PropertiesReadError);
      assert.equal(err.file, path);
      assert.equal(err.code, 'ENOENT');
      assert.ok(err.message.startsWith(`${path}: `));
      return true;
    });
  });
});

describe('propertiesToObject', () => {
  it('keeps only the values', () => {
    assert.deepEqual(propertiesToObject(parseProperties('a=1\nb.c = two')), { a: '1', 'b.c': 'two' });
  });

  it('stores a __proto__ key as data, not as the prototype', () => {
    const object = propertiesToObject(parseProperties('__proto__=x\na=1'));
    assert.equal(Object.getPrototypeOf(object), Object.prototype);
    assert.deepEqual(Object.keys(object), ['__proto__', 'a']);
    assert.equal(Object.getOwnPropertyDescriptor(object, '__proto__')?.value, 'x');
  });
});
