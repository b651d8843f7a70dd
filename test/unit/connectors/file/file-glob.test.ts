import assert from 'node:assert/strict';
import { FileGlob } from '../../../../connectors/file/file-glob.js';

describe('FileGlob', () => {
  it('matches * and ? within one segment only', () => {
    const glob = new FileGlob('/var/log/app/*.log');
    assert.equal(glob.baseDir, '/var/log/app');
    assert.equal(glob.depth, 0);
    assert.equal(glob.isLiteral, false);
    assert.ok(glob.matches('/var/log/app/a.log'));
    assert.ok(glob.matches('/var/log/app/.hidden.log'));
    assert.ok(!glob.matches('/var/log/app/a.log.1'));
    assert.ok(!glob.matches('/var/log/app/sub/a.log'));
    assert.ok(new FileGlob('/x/a?.txt').matches('/x/a1.txt'));
    assert.ok(!new FileGlob('/x/a?.txt').matches('/x/a/.txt'));
  });

  it('spans any number of directories with **', () => {
    const glob = new FileGlob('/srv/**/*.log');
    assert.equal(glob.baseDir, '/srv');
    assert.equal(glob.depth, Number.POSITIVE_INFINITY);
    assert.ok(glob.matches('/srv/a.log'));
    assert.ok(glob.matches('/srv/x/y/z/a.log'));
    assert.ok(!glob.matches('/srv/x/a.txt'));
    assert.ok(new FileGlob('/srv/**').matches('/srv/a/b'));
  });

  it('handles sets, negated sets, alternatives and escapes', () => {
    assert.ok(new FileGlob('/l/app[0-9].log').matches('/l/app7.log'));
    assert.ok(!new FileGlob('/l/app[!0-9].log').matches('/l/app7.log'));
    assert.ok(new FileGlob('/l/app[^0-9].log').matches('/l/appx.log'));
    const alt = new FileGlob('/l/{access,error}.log');
    assert.ok(alt.matches('/l/access.log') && alt.matches('/l/error.log') && !alt.matches('/l/other.log'));
    assert.ok(new FileGlob('/l/{a*,b}.txt').matches('/l/abc.txt'));
    const escaped = new FileGlob('/l/\\*.log');
    assert.ok(escaped.isLiteral);
    assert.equal(escaped.literalPath(), '/l/*.log');
    assert.ok(escaped.matches('/l/*.log') && !escaped.matches('/l/a.log'));
    assert.ok(new FileGlob('/l/a+b(1).log').matches('/l/a+b(1).log'));
  });

  it('writes matches the way the pattern is written, relative or absolute', () => {
    const relative = new FileGlob('logs/*/app.log');
    assert.equal(relative.baseDir, 'logs');
    assert.equal(relative.depth, 1);
    assert.equal(relative.pathUnder('x/app.log'), 'logs/x/app.log');
    assert.ok(relative.matches('logs/x/app.log'));
    const here = new FileGlob('*.txt');
    assert.equal(here.baseDir, '.');
    assert.equal(here.pathUnder('data.txt'), 'data.txt');
    assert.ok(here.matches('data.txt'));
    assert.equal(new FileGlob('./*.txt').pathUnder('data.txt'), './data.txt');
    assert.equal(new FileGlob('/*.txt').pathUnder('a.txt'), '/a.txt');
    const literal = new FileGlob('data.txt');
    assert.ok(literal.isLiteral);
    assert.equal(literal.baseDir, '.');
  });

  it('splits a list on commas outside braces and takes a configured file name literally', () => {
    const globs = FileGlob.parseList(' /a/{x,y}.log , /b/*.txt,,/c/\\,d ');
    assert.deepEqual(globs.map((g) => g.pattern), ['/a/{x,y}.log', '/b/*.txt', '/c/\\,d']);
    assert.deepEqual(FileGlob.parseList(' , '), []);
    const literal = FileGlob.literal('/logs/[prod] *.log');
    assert.ok(literal.isLiteral);
    assert.equal(literal.literalPath(), '/logs/[prod] *.log');
    assert.ok(literal.matches('/logs/[prod] *.log'));
    assert.ok(!literal.matches('/logs/p x.log'));
  });
});
