import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { filesUnchanged, PluginIndex, type IndexOptions } from '../src/loader/plugin-index.js';
import { digestPackage, integrityProblem } from '../src/loader/package-digest.js';
import { writeCacheFile } from '../src/fs/write-cache.js';
import type { PluginCandidate } from '../src/loader/types.js';
import { makePlugin } from './make-plugin.js';

const root = mkdtempSync(join(tmpdir(), 'sv-index-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const dir = () => join(root, `p${++counter}`);
const host = { apiVersions: [1], version: '1.4.0', nodeVersion: '20.20.2' };

function load(
  candidates: PluginCandidate[],
  cacheFile?: string,
  check: Pick<IndexOptions, 'checkTrees' | 'rebuild'> = {},
): Promise<PluginIndex> {
  const options: IndexOptions = { packageField: 'scaivault', host, candidates, cacheFile, writeCache: writeCacheFile, ...check };
  return PluginIndex.load(options);
}

test('finds the plugin owning the longest matching command path', async () => {
  const a = makePlugin(dir(), {
    name: 'plugin-secrets',
    commands: [
      ['secrets', 'read'],
      ['secrets', 'list'],
    ],
  });
  const b = makePlugin(dir(), {
    name: 'plugin-pki',
    commands: [
      ['pki', 'ca', 'list'],
      ['pki', 'ca', 'create'],
    ],
  });
  const index = await load([
    { source: 'bundled', dir: a },
    { source: 'installed', dir: b },
  ]);
  assert.equal(index.match(['pki', 'ca', 'list', 'extra'])?.plugin.name, 'plugin-pki');
  assert.deepEqual(index.match(['secrets', 'read', 'app/db'])?.command.path, ['secrets', 'read']);
  assert.equal(index.match(['secrets']), undefined);
  assert.equal(index.commandsUnder(['pki', 'ca']).length, 2);
});

test('a later source cannot take over a command path: it is marked conflicting with the owner named', async () => {
  const bundled = makePlugin(dir(), { name: 'plugin-secrets', commands: [['secrets', 'read']] });
  const linked = makePlugin(dir(), {
    name: 'evil-secrets',
    commands: [
      ['secrets', 'read'],
      ['secrets', 'steal'],
    ],
  });
  const index = await load([
    { source: 'bundled', dir: bundled },
    { source: 'linked', dir: linked },
  ]);
  const evil = index.plugins.find((p) => p.name === 'evil-secrets')!;
  assert.equal(evil.status, 'conflict');
  assert.match(evil.reason!, /"secrets read" is already provided by plugin-secrets \(bundled\)/);
  assert.equal(index.match(['secrets', 'steal']), undefined, "none of a conflicting plugin's commands are used");
  assert.equal(index.match(['secrets', 'read'])?.plugin.name, 'plugin-secrets');
});

test('the same package from two sources: the first one wins', async () => {
  const bundled = makePlugin(dir(), { name: 'plugin-audit', commands: [['audit', 'query']] });
  const installed = makePlugin(dir(), { name: 'plugin-audit', version: '9.0.0', commands: [['audit', 'new']] });
  const index = await load([
    { source: 'bundled', dir: bundled },
    { source: 'installed', dir: installed },
  ]);
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
  const records = (
    await load([
      { source: 'installed', dir: notPlugin },
      { source: 'installed', dir: stale },
      { source: 'installed', dir: noManifest },
      { source: 'installed', dir: join(root, 'missing') },
    ])
  ).plugins;
  assert.deepEqual(
    records.map((r) => r.status),
    ['invalid', 'invalid', 'invalid', 'invalid'],
  );
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

test('a later plugin may not extend, shorten or join a command group an earlier one owns', async () => {
  const core = makePlugin(dir(), {
    name: '@scaivault/core',
    commands: [
      ['config', 'get'],
      ['config', 'set'],
    ],
  });
  const secrets = makePlugin(dir(), {
    name: 'plugin-secrets',
    commands: [
      ['secrets', 'read'],
      ['secrets', 'list'],
    ],
  });
  const claims: Array<[string[], RegExp]> = [
    [
      ['secrets', 'read', 'app/db'],
      /^command "secrets read app\/db" would take over "secrets read", which plugin-secrets \(bundled\) provides$/,
    ],
    [['config', 'get', 'token'], /^command "config get token" would take over "config get", which @scaivault\/core \(builtin\) provides$/],
    [['secrets'], /^command "secrets" would take over "secrets read", which plugin-secrets \(bundled\) provides$/],
    [['secrets', 'steal'], /^command "secrets steal" is in the "secrets" group, which plugin-secrets \(bundled\) owns/],
    [[], /without a path/],
  ];
  for (const [path, reason] of claims) {
    const evil = makePlugin(dir(), { name: 'evil', commands: [['evil', 'run'], path] });
    const index = await load([
      { source: 'builtin', dir: core },
      { source: 'bundled', dir: secrets },
      { source: 'installed', dir: evil },
    ]);
    const record = index.plugins.find((p) => p.name === 'evil')!;
    assert.deepEqual(record.status, 'conflict', path.join(' '));
    assert.match(record.reason!, reason);
    assert.equal(index.match(['secrets', 'read', 'app/db'])?.plugin.name, 'plugin-secrets', 'the owner keeps its command');
    assert.equal(index.match(['config', 'get', 'token'])?.plugin.name, '@scaivault/core');
    assert.equal(index.match(['evil', 'run']), undefined, 'none of its commands are used');
  }
  const newGroup = makePlugin(dir(), {
    name: 'inventory',
    commands: [
      ['inventory', 'list'],
      ['inventory', 'list', 'all'],
    ],
  });
  const index = await load([
    { source: 'bundled', dir: secrets },
    { source: 'installed', dir: newGroup },
  ]);
  assert.equal(index.plugins[1]!.status, 'active', 'a plugin may nest paths in a group of its own');
});

test('an installed plugin is checked against the digest recorded at install when the index is rebuilt', async () => {
  const cacheFile = join(root, 'cache', 'digest.json');
  const plugin = makePlugin(dir(), { name: 'plugin-digest', commands: [['digest', 'run']] });
  writeFileSync(join(plugin, 'dist', 'helper.js'), 'export const x = 1;\n');
  const candidates = (digest: string | null): PluginCandidate[] => [{ source: 'installed', dir: plugin, digest }];
  const digest = digestPackage(plugin);
  assert.equal((await load(candidates(digest), cacheFile)).plugins[0]!.status, 'active');

  // Any file counts, not only the entry: the next start notices a changed helper module.
  writeFileSync(join(plugin, 'dist', 'helper.js'), 'export const x = 2;\n');
  assert.equal(integrityProblem(plugin, digest), 'its files changed after it was installed: reinstall it');
  const rebuilt = await load(candidates(digest), cacheFile);
  assert.deepEqual([rebuilt.fromCache, rebuilt.plugins[0]!.status], [false, 'tampered']);
  assert.equal(rebuilt.match(['digest', 'run']), undefined);

  assert.equal((await load(candidates(digestPackage(plugin)))).plugins[0]!.status, 'active', 'a new install record is a new verdict');
  const unrecorded = (await load(candidates(null))).plugins[0]!;
  assert.deepEqual(
    [unrecorded.status, unrecorded.reason],
    ['tampered', 'no digest of its files was recorded when it was installed: reinstall it'],
  );
  assert.equal((await load([{ source: 'linked', dir: plugin }])).plugins[0]!.status, 'active', 'linked plugins are not checked');
});

test('an edit to any file of an installed plugin is noticed at the next start, even with its times set back', async () => {
  const cacheFile = join(root, 'cache', 'tree.json');
  const plugin = makePlugin(dir(), { name: 'plugin-tree', commands: [['tree', 'run']] });
  mkdirSync(join(plugin, 'dist', 'commands'));
  const helper = join(plugin, 'dist', 'commands', 'tree-run.js');
  writeFileSync(helper, 'export const greeting = "hello";\n');
  const candidates: PluginCandidate[] = [{ source: 'installed', dir: plugin, digest: digestPackage(plugin) }];
  assert.equal((await load(candidates, cacheFile)).plugins[0]!.status, 'active');
  assert.equal((await load(candidates, cacheFile)).fromCache, true, 'an untouched plugin is a cache hit');

  // Same size, modification time restored: only the change time (and the digest) can tell.
  const before = statSync(helper);
  writeFileSync(helper, 'export const greeting = "pwned";\n');
  utimesSync(helper, before.atime, before.mtime);
  const rebuilt = await load(candidates, cacheFile);
  assert.deepEqual([rebuilt.fromCache, rebuilt.plugins[0]!.status], [false, 'tampered']);
  assert.equal(rebuilt.match(['tree', 'run']), undefined);

  // A file added next to the others counts too.
  const other = makePlugin(dir(), { name: 'plugin-added', commands: [['added', 'run']] });
  const otherCandidates: PluginCandidate[] = [{ source: 'installed', dir: other, digest: digestPackage(other) }];
  const otherCache = join(root, 'cache', 'added.json');
  assert.equal((await load(otherCandidates, otherCache)).plugins[0]!.status, 'active');
  writeFileSync(join(other, 'dist', 'extra.js'), '');
  assert.equal((await load(otherCandidates, otherCache)).plugins[0]!.status, 'tampered');
});

test('with checkTrees off a hit stats only package.json, manifest and entry; filesUnchanged checks the rest, rebuild re-checks', async () => {
  const cacheFile = join(root, 'cache', 'lazy-tree.json');
  const plugin = makePlugin(dir(), { name: 'plugin-lazy', commands: [['lazy', 'run']] });
  writeFileSync(join(plugin, 'dist', 'helper.js'), 'export const x = 1;\n');
  const candidates: PluginCandidate[] = [{ source: 'installed', dir: plugin, digest: digestPackage(plugin) }];
  const options = { checkTrees: false };
  assert.equal((await load(candidates, cacheFile, options)).plugins[0]!.status, 'active');

  writeFileSync(join(plugin, 'dist', 'helper.js'), 'export const x = 2;\n');
  const hit = await load(candidates, cacheFile, options);
  assert.equal(hit.fromCache, true, 'a helper module is not stat-ed on every start');
  assert.equal(filesUnchanged(hit.plugins[0]!), false, 'but before the plugin runs');
  const rebuilt = await load(candidates, cacheFile, { ...options, rebuild: true });
  assert.deepEqual([rebuilt.fromCache, rebuilt.plugins[0]!.status], [false, 'tampered']);
  assert.equal((await load(candidates, cacheFile, options)).plugins[0]!.status, 'tampered', 'the verdict is what the cache now holds');
});

test('the digest covers file names and contents, not nested node_modules', () => {
  const plugin = makePlugin(dir(), { name: 'plugin-files' });
  const before = digestPackage(plugin);
  mkdirSync(join(plugin, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(join(plugin, 'node_modules', 'dep', 'index.js'), '');
  assert.equal(digestPackage(plugin), before);
  renameSync(join(plugin, 'dist', 'index.js'), join(plugin, 'dist', 'main.js'));
  assert.notEqual(digestPackage(plugin), before);
});

test("with checkTrees off an installed plugin's entry alone is stat-ed: a manifest edit waits for the tree check, an entry edit rebuilds at once", async () => {
  const cacheFile = join(root, 'cache', 'entry-only.json');
  const installed = makePlugin(dir(), { name: 'plugin-quiet', commands: [['quiet', 'one']] });
  const linked = makePlugin(dir(), { name: 'plugin-dev', commands: [['dev', 'one']] });
  const candidates: PluginCandidate[] = [
    { source: 'installed', dir: installed, digest: digestPackage(installed) },
    { source: 'linked', dir: linked },
  ];
  const options = { checkTrees: false };
  await load(candidates, cacheFile, options);

  writeFileSync(
    join(installed, 'dist', 'manifest.json'),
    readFileSync(join(installed, 'dist', 'manifest.json'), 'utf8').replace('quiet', 'loud'),
  );
  const hit = await load(candidates, cacheFile, options);
  assert.equal(hit.fromCache, true, "an installed plugin's manifest is not stat-ed on every start");
  assert.equal(filesUnchanged(hit.match(['quiet', 'one'])!.plugin), false, 'the edit is seen before the plugin runs');

  writeFileSync(join(installed, 'dist', 'index.js'), 'export default {}; // edited\n');
  const rebuilt = await load(candidates, cacheFile, options);
  assert.deepEqual([rebuilt.fromCache, rebuilt.plugins[0]!.status], [false, 'tampered'], 'its entry is');

  makePlugin(linked, {
    name: 'plugin-dev',
    commands: [
      ['dev', 'one'],
      ['dev', 'two'],
    ],
  });
  utimesSync(join(linked, 'dist', 'manifest.json'), new Date(), new Date(Date.now() + 5000));
  const linkedEdit = await load(candidates, cacheFile, options);
  assert.equal(linkedEdit.fromCache, false, "a linked plugin's manifest is stat-ed on every start");
  assert.ok(linkedEdit.match(['dev', 'two']));
});
