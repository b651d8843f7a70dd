import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../../../src/common/logger.js';
import { plugin as fileConnectors } from '../../../../connectors/file/index.js';
import { JsonConverter, StringConverter } from '../../../../src/connect/converters/index.js';
import { SIMPLE_HEADER_CONVERTER, builtinConverters } from '../../../../src/connect/runtime/builtin-converters.js';
import { PluginKind, PluginLoadError, Plugins, UnknownPluginError } from '../../../../src/connect/runtime/plugins.js';

const BUILT_INS = [{ location: 'built-in', manifest: fileConnectors }, builtinConverters()];
/** The compiled examples (this file runs from dist/test/unit/connect/runtime). */
const EXAMPLES = fileURLToPath(new URL('../../../../examples', import.meta.url));

function collectingLogger(lines: string[]): Logger {
  const log = (fieldsOrMsg: object | string, msg?: string) => lines.push(typeof fieldsOrMsg === 'string' ? fieldsOrMsg : (msg ?? ''));
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

describe('Plugins', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'millrace-plugins-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves the file connectors by Kafka class name, simple name and alias', () => {
    const plugins = Plugins.fromManifests(BUILT_INS);
    for (const name of ['FileStreamSource', 'FileStreamSourceConnector', 'org.apache.kafka.connect.file.FileStreamSourceConnector']) {
      const desc = plugins.find(PluginKind.CONNECTOR, name);
      assert.equal(desc.className, 'org.apache.kafka.connect.file.FileStreamSourceConnector');
      assert.equal(plugins.newConnector(name).connectorType, 'source');
    }
    assert.equal(plugins.newConnector('FileStreamSink').connectorType, 'sink');
  });

  it('resolves the bundled converters by Kafka class name and short names, configured', () => {
    const plugins = Plugins.fromManifests(BUILT_INS);
    assert.ok(plugins.newConverter('org.apache.kafka.connect.json.JsonConverter', { 'schemas.enable': 'false' }, false) instanceof JsonConverter);
    assert.ok(plugins.newConverter('JsonConverter', {}, true) instanceof JsonConverter);
    assert.ok(plugins.newConverter('Json', {}, true) instanceof JsonConverter, 'the name without "Converter", as Kafka aliases');
    assert.ok(plugins.newConverter('org.apache.kafka.connect.storage.StringConverter', {}, false) instanceof StringConverter);
    assert.ok(plugins.newHeaderConverter(SIMPLE_HEADER_CONVERTER, {}) !== null);
  });

  it('names every available plugin of the kind when a name is unknown', () => {
    const plugins = Plugins.fromManifests(BUILT_INS);
    assert.throws(
      () => plugins.find(PluginKind.CONNECTOR, 'FileStreamSorce'),
      (err: unknown) =>
        err instanceof UnknownPluginError &&
        err.kind === 'connector' &&
        err.available.includes('org.apache.kafka.connect.file.FileStreamSourceConnector') &&
        err.available.includes('FileStreamSink') &&
        !err.available.includes('JsonConverter'),
    );
  });

  it('loads plugins under plugin.path: package.json declarations, index.js and @scope directories', async () => {
    const declared = path.join(dir, 'acme-connectors');
    mkdirSync(path.join(declared, 'lib'), { recursive: true });
    writeFileSync(path.join(declared, 'package.json'), JSON.stringify({ name: 'acme-connectors', type: 'module', millrace: { plugin: './lib/main.js' } }));
    writeFileSync(path.join(declared, 'lib', 'main.js'), "export class AcmeSourceConnector { connectorType = 'source'; }\nexport const plugin = { connectors: [AcmeSourceConnector] };\n");
    const scoped = path.join(dir, '@beta', 'sinks');
    mkdirSync(scoped, { recursive: true });
    writeFileSync(path.join(scoped, 'index.js'), "class BetaSinkConnector { connectorType = 'sink'; }\nexport default { connectors: [{ class: BetaSinkConnector, name: 'io.beta.BetaSinkConnector', aliases: ['Beta'] }] };\n");
    mkdirSync(path.join(dir, 'not-a-plugin'));
    const plugins = await Plugins.load(BUILT_INS, [dir]);
    assert.equal(plugins.newConnector('AcmeSource').connectorType, 'source');
    assert.equal(plugins.find(PluginKind.CONNECTOR, 'AcmeSourceConnector').location, declared);
    assert.equal(plugins.newConnector('Beta').connectorType, 'sink');
    assert.equal(plugins.newConnector('BetaSink').connectorType, 'sink');
    assert.equal(plugins.find(PluginKind.CONNECTOR, 'io.beta.BetaSinkConnector').className, 'io.beta.BetaSinkConnector');
  });

  it('takes a plugin.path entry that is itself a plugin directory', async () => {
    writeFileSync(path.join(dir, 'index.js'), "export class SoloConnector { connectorType = 'source'; }\nexport const plugin = { connectors: [SoloConnector] };\n");
    const plugins = await Plugins.load([], [dir]);
    assert.deepEqual(plugins.list().map((d) => d.className), ['SoloConnector']);
  });

  it('loads the example plugin, which imports only millrace/connect', async () => {
    const plugins = await Plugins.load(BUILT_INS, [EXAMPLES]);
    assert.equal(plugins.newConnector('CounterSource').connectorType, 'source');
    assert.equal(plugins.newConnector('com.example.millrace.UppercaseSinkConnector').connectorType, 'sink');
  });

  it('keeps the first plugin to claim a name and warns about the clash', async () => {
    writeFileSync(path.join(dir, 'index.js'), "export class FileStreamSourceConnector { connectorType = 'sink'; }\nexport const plugin = { connectors: [FileStreamSourceConnector] };\n");
    const lines: string[] = [];
    const plugins = await Plugins.load(BUILT_INS, [dir], collectingLogger(lines));
    assert.equal(plugins.newConnector('FileStreamSourceConnector').connectorType, 'source');
    assert.ok(lines.some((l) => l.includes("name 'FileStreamSourceConnector'") && l.includes('already taken by built-in')), lines.join('\n'));
  });

  it('refuses a plugin.path entry that is missing, a module that is absent, and a module without a manifest', async () => {
    await assert.rejects(Plugins.load([], [path.join(dir, 'missing')]), (err: unknown) => err instanceof PluginLoadError && /not a directory/.test(err.message));
    const absent = path.join(dir, 'absent');
    mkdirSync(absent);
    writeFileSync(path.join(absent, 'package.json'), JSON.stringify({ millrace: { plugin: './dist/index.js' } }));
    await assert.rejects(Plugins.load([], [dir]), (err: unknown) => err instanceof PluginLoadError && err.location === absent && /is the plugin built\?/.test(err.message));
    rmSync(absent, { recursive: true });
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    writeFileSync(path.join(empty, 'index.js'), 'export const nothing = 1;\n');
    await assert.rejects(Plugins.load([], [dir]), (err: unknown) => err instanceof PluginLoadError && /exports no plugin manifest/.test(err.message));
  });
});
