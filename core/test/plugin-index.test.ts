import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PluginIndex, type IndexOptions } from '../src/loader/plugin-index.js';
import { writeCacheFile } from '../src/fs/write-cache.js';
import type { PluginCandidate } from '../src/loader/types.js';
import { makePlugin } from './make-plugin.js';

const root = mkdtempSync(join(tmpdir(), 'sv-index-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const dir = () => join(root, `p${++counter}`);
const host = { apiVersions: [1], version: '1.4.0', nodeVersion: '20.20.2' };

function load(candidates: PluginCandidate[], cacheFile?: string): Promise<PluginIndex> {
  const options: IndexOptions = { packageField: 'scaivault', host, candidates, cacheFile, writeCache: writeCacheFile };
  return PluginIndex.load(options);
}

test('finds the plugin owning the longest matching command path', async () => {
  const a = makePlugin(dir(), { name: 'plugin-secrets', commands: [['secrets', 'read'], ['secrets', 'list']] });
  const b = makePlugin(dir(), { name: 'plugin-pki', commands: [['pki', 'ca', 'list'], ['pki', 'ca', 'create']] });
  const index = await load([{ source: 'bundled', dir: a }, { source: 'installed', dir: b }]);
  assert.equal(index.match(['pki', 'ca', 'list', 'extra'])?.plugin.name, 'plugin-pki');
  assert.deepEqual(index.match(['secrets', 'read', 'app/db'])?.command.path, ['secrets', 'read']);
  assert.equal(index.match(['secrets']), undefined);
  assert.equal(index.commandsUnder(['pki', 'ca']).length, 2);
});

test('a later source cannot take over a command path: it is marked conflicting with the owner named', async () => {
  const bundled = makePlugin(dir(), { name: 'plugin-secrets', commands: [['secrets', 'read']] });
  const linked = makePlugin(dir(), { name: 'evil-secrets', commands: [['secrets', 'read'], ['secrets', 'steal']] });
  const index = await load([{ source: 'bundled', dir: bundled }, { source: 'linked', dir: linked }]);
  const evil = index.plugins.find((p) => p.name === 'evil-secrets')!;
  assert.equal(evil.status, 'conflict');
  assert.match(evil.reason!, /"secrets read" is already provided by plugin-secrets \(bundled\)/);
  assert.equal(index.match(['secrets', 'steal']), undefined, 'none of a conflicting plugin\'s commands are used');
  assert.equal(index.match(['secrets', 'read'])?.plugin.name, 'plugin-secrets');
});

test('the same package from two sources: the first one wins', async () => {
  const bundled = makePlugin(dir(), { name: 'plugin-audit', commands: [['audit', 'query']] });
  const installed = makePlugin(dir(), { name: 'plugin-audit', version: '9.0.0', commands: [['audit', 'new']] });
  const index = await load([{ source: 'bundled', dir: bundled }, { source: 'installed', dir: installed }]);
  assert.equal(index.plugins[1]!.status, 'conflict');
  assert.equal(index.match(['audit', 'new']), undefined);
});

test('incompatible plugins are skipped with the reason, before any of their code is read', async () => {
  const entryThatWouldThrow = 'throw new Error("must not be imported");';
  const cases = [
    [{ apiVersion: 2 }, /plugin API version 2 is not supported/],
    [{ core: '^2.0.0' }, /needs core \^2\.0\.0, this is 1\.4\.0/],
    [{ node: '>=22' }, /needs Node\.js >=22, this is 20\.20\.2/],
    [{ core: 'not a range!' }, /invalid core range/],
  ] as const;
  for (const [fields, reason] of cases) {
    const plugin = makePlugin(dir(), { name: 'old-plugin', entry: entryThatWouldThrow, ...fields });
    const [record] = (await load([{ source: 'installed', dir: plugin }])).plugins;
    assert.equal(record!.status, 'incompatible');
    assert.match(record!.reason!, reason);
  }
});

test('invalid packages: not a plugin, missing manifest, stale manifest', async () => {
  const notPlugin = dir();
  makePlugin(notPlugin, { name: 'x' });
  writeFileSync(join(notPlugin, 'package.json'), JSON.stringify({ name: 'left-pad', version: '1.0.0' }));
  const stale = makePlugin(dir(), { name: 'plugin-x', version: '2.0.0', manifestFor: { name: 'plugin-x', version: '1.0.0' } });
  const noManifest = makePlugin(dir(), { name: 'plugin-y' });
  rmSync(join(noManifest, 'dist', 'manifest.json'));
  const records = (await load([
    { source: 'installed', dir: notPlugin },
    { source: 'installed', dir: stale },
    { source: 'installed', dir: noManifest },
    { source: 'installed', dir: join(root, 'missing') },
  ])).plugins;
  assert.deepEqual(records.map((r) => r.status), ['invalid', 'invalid', 'invalid', 'invalid']);
  assert.match(records[0]!.reason!, /not a plugin/);
  assert.match(records[1]!.reason!, /stale manifest/);
  assert.match(records[2]!.reason!, /cannot read manifest/);
  assert.match(records[3]!.reason!, /cannot read package.json/);
});

test('the index is cached and rebuilt when a package.json, manifest or entry changes, or plugins change', async () => {
  const cacheFile = join(root, 'cache', 'index.json');
  const plugin = makePlugin(dir(), { name: 'plugin-cache', commands: [['cache', 'one']] });
  const candidates: PluginCandidate[] = [{ source: 'installed', dir: plugin }];
  assert.equal((await load(candidates, cacheFile)).fromCache, false);
  assert.equal(existsSync(cacheFile), true);
  assert.equal((await load(candidates, cacheFile)).fromCache, true);

  // A new manifest (same size, new mtime) must be noticed.
  makePlugin(plugin, { name: 'plugin-cache', commands: [['cache', 'two']] });
  utimesSync(join(plugin, 'dist', 'manifest.json'), new Date(), new Date(Date.now() + 5000));
  const rebuilt = await load(candidates, cacheFile);
  assert.equal(rebuilt.fromCache, false);
  assert.ok(rebuilt.match(['cache', 'two']));

  utimesSync(join(plugin, 'package.json'), new Date(), new Date(Date.now() + 9000));
  assert.equal((await load(candidates, cacheFile)).fromCache, false);

  const other = makePlugin(dir(), { name: 'plugin-other' });
  assert.equal((await load([...candidates, { source: 'linked', dir: other }], cacheFile)).fromCache, false);
});

test('a corrupt cache file is ignored and replaced', async () => {
  const cacheFile = join(root, 'cache', 'corrupt.json');
  const plugin = makePlugin(dir(), { name: 'plugin-c' });
  await load([{ source: 'installed', dir: plugin }], cacheFile);
  writeFileSync(cacheFile, '{"formatVersion":1, broken');
  const index = await load([{ source: 'installed', dir: plugin }], cacheFile);
  assert.equal(index.fromCache, false);
  assert.equal(index.plugins[0]!.status, 'active');
  assert.equal((await load([{ source: 'installed', dir: plugin }], cacheFile)).fromCache, true);
});
