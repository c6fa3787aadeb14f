// The root help is printed from <home>/cache/main-help.json without loading core, while nothing it
// was made from has changed. A plugin installed, linked, removed, edited or found tampered must show
// in the very next `--help`; a damaged or forged cache file must never be worse than none.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { BIN, REPO, tempHome } from './workspace.js';

const { digestPackage } = (await import(pathToFileURL(join(REPO, 'core', 'dist', 'src', 'loader', 'package-digest.js')).href)) as {
  digestPackage: (dir: string) => string;
};

const homes: Array<() => void> = [];
after(() => homes.forEach((cleanup) => cleanup()));

function freshHome(): string {
  const { home, cleanup } = tempHome('sv-main-help-');
  homes.push(cleanup);
  return home;
}

interface Help {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Whether core was loaded (its startup loader reports the code cache under SCAIVAULT_DEBUG=1). */
  coreLoaded: boolean;
}

function cli(home: string, argv: string[] = ['--help'], env: Record<string, string> = {}): Help {
  const result = spawnSync(process.execPath, [BIN, ...argv], {
    env: { ...process.env, SCAIVAULT_HOME: home, SCAIVAULT_DEBUG: '1', ...env },
    encoding: 'utf8',
  });
  const debug = result.stderr.split('\n').filter((line) => line.startsWith('debug: '));
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('debug: '))
      .map((line) => `${line}\n`)
      .join(''),
    coreLoaded: debug.some((line) => line.startsWith('debug: code cache: ')),
  };
}

/** The help as rendered with every cache off: what a cached one must equal. */
const rendered = (home: string) => cli(home, ['--help'], { SCAIVAULT_NO_CACHE: '1' });

/** Lays a plugin out in the plugins home as `plugins install` does, with its install record. */
function install(home: string, name: string, group: string, description = `things of ${group}`): string {
  const dir = join(home, 'plugins', 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name,
      version: '1.0.0',
      type: 'module',
      scaivault: { apiVersion: 1, core: '*', entry: './index.js', manifest: './manifest.json' },
    }),
  );
  const commands = [{ path: [group, 'list'], usage: `scaivault ${group} list`, description: `list ${description}`, options: [] }];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifestVersion: 1, name, version: '1.0.0', commands }));
  writeFileSync(join(dir, 'index.js'), 'export default {};\n');
  writeFileSync(join(dir, 'helper.js'), 'export const x = 1;\n');
  const records = readJson(join(home, 'plugins', 'installed.json'), { formatVersion: 1, plugins: [] as unknown[] });
  const deps = readJson(join(home, 'plugins', 'package.json'), {
    name: 'scaivault-plugins',
    private: true,
    dependencies: {} as Record<string, string>,
  });
  records.plugins.push({ name, version: '1.0.0', digest: digestPackage(dir) });
  deps.dependencies[name] = '1.0.0';
  writeFileSync(join(home, 'plugins', 'installed.json'), JSON.stringify(records));
  writeFileSync(join(home, 'plugins', 'package.json'), JSON.stringify(deps));
  return dir;
}

function readJson<T>(path: string, fallback: T): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

/** Asserts the next --help is printed from the cache and equals the freshly rendered one. */
function assertCachedHelpIsCurrent(home: string): Help {
  const first = cli(home);
  const second = cli(home);
  assert.equal(second.coreLoaded, false, 'the second --help came from the help cache');
  const reference = rendered(home);
  for (const run of [first, second]) {
    assert.equal(run.status, 0);
    assert.equal(run.stdout, reference.stdout);
    assert.equal(run.stderr, reference.stderr);
  }
  return second;
}

test('the second --help comes from the cache, and is what rendering it prints; so do -h, help and no arguments', () => {
  const home = freshHome();
  const first = cli(home);
  assert.equal(first.coreLoaded, true, 'the first one renders it');
  const reference = rendered(home);
  for (const argv of [['--help'], ['-h'], ['help'], []]) {
    const run = cli(home, argv);
    assert.deepEqual([run.status, run.coreLoaded, run.stdout, run.stderr], [0, false, reference.stdout, reference.stderr], argv.join(' '));
  }
  // Anything else on the line is not the root help: rendered by core as ever.
  assert.equal(cli(home, ['secrets', '--help']).coreLoaded, true);
});

test('installing, editing and removing a plugin shows in the very next --help', () => {
  const home = freshHome();
  assertCachedHelpIsCurrent(home);

  const dir = install(home, 'scaivault-plugin-inventory', 'inventory');
  const afterInstall = cli(home);
  assert.equal(afterInstall.coreLoaded, true, 'a new plugin makes the cached help stale');
  assert.match(afterInstall.stdout, /^ {2}inventory\b/m);
  assertCachedHelpIsCurrent(home);

  // Its manifest edited in place (a reinstall of another version would do this too).
  const manifest = join(dir, 'manifest.json');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('things of inventory', 'stock of inventory'));
  const edited = cli(home);
  assert.equal(edited.coreLoaded, true);
  assert.equal(edited.stdout, rendered(home).stdout);

  // Removed: its record, its dependency and its files gone.
  writeFileSync(join(home, 'plugins', 'installed.json'), JSON.stringify({ formatVersion: 1, plugins: [] }));
  writeFileSync(join(home, 'plugins', 'package.json'), JSON.stringify({ name: 'scaivault-plugins', private: true, dependencies: {} }));
  rmSync(dir, { recursive: true });
  const removed = cli(home);
  assert.equal(removed.coreLoaded, true);
  assert.doesNotMatch(removed.stdout, /^ {2}inventory\b/m);
  assertCachedHelpIsCurrent(home);
});

test('a linked plugin shows in the next --help, and goes when unlinked', () => {
  const home = freshHome();
  const { home: other, cleanup } = tempHome('sv-main-help-linked-');
  homes.push(cleanup);
  const dir = install(other, 'scaivault-plugin-linked', 'linkedthings');
  assertCachedHelpIsCurrent(home);
  mkdirSync(join(home, 'plugins'), { recursive: true });
  writeFileSync(join(home, 'plugins', 'links.json'), JSON.stringify([dir]));
  assert.match(cli(home).stdout, /^ {2}linkedthings\b/m);
  assertCachedHelpIsCurrent(home);
  writeFileSync(join(home, 'plugins', 'links.json'), JSON.stringify([]));
  assert.doesNotMatch(cli(home).stdout, /^ {2}linkedthings\b/m);
});

test('a plugin found tampered (its helper module changed) is gone from the next --help, with its warning', () => {
  const home = freshHome();
  const dir = install(home, 'scaivault-plugin-audited', 'audited');
  assertCachedHelpIsCurrent(home);
  writeFileSync(join(dir, 'helper.js'), 'export const x = 2;\n');
  // Running its command checks its files first: refused, and the index is rebuilt with the verdict.
  const refused = cli(home, ['audited', 'list']);
  assert.equal(refused.status, 5);
  assert.match(refused.stderr, /warning: plugin scaivault-plugin-audited \(installed\) skipped: its files changed after it was installed/);
  const help = cli(home);
  assert.equal(help.coreLoaded, true, 'the rebuilt index makes the cached help stale');
  assert.doesNotMatch(help.stdout, /^ {2}audited\b/m);
  assert.match(help.stderr, /skipped: its files changed after it was installed/);
  assertCachedHelpIsCurrent(home);
});

test('a damaged help cache is never worse than none; SCAIVAULT_NO_CACHE=1 does not read it', () => {
  const home = freshHome();
  const reference = assertCachedHelpIsCurrent(home);
  const file = join(home, 'cache', 'main-help.json');
  const good = readFileSync(file, 'utf8');

  for (const damaged of [good.slice(0, good.length / 2), '', 'null', '{"format":1}', good.replace('"inputs":[', '"inputs":[7,')]) {
    writeFileSync(file, damaged);
    const run = cli(home);
    assert.deepEqual([run.status, run.stdout, run.stderr], [0, reference.stdout, reference.stderr]);
    assert.equal(run.coreLoaded, true);
  }

  // A cache whose text is not what core would print proves which one a run used.
  assertCachedHelpIsCurrent(home);
  const forged = JSON.parse(readFileSync(file, 'utf8')) as { stdout: string };
  forged.stdout = 'from the cache\n';
  writeFileSync(file, JSON.stringify(forged));
  assert.equal(cli(home).stdout, 'from the cache\n');
  assert.equal(cli(home, ['--help'], { SCAIVAULT_NO_CACHE: '1' }).stdout, reference.stdout);
});
