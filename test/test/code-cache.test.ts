// The CLI compiles core from a V8 code cache under <home>/cache/code. A cache that is damaged, made
// for something else, or refused by V8 must never make a run worse than having no cache: same output,
// same exit code, and the cache is made again. (How fast each is, `npm run bench` measures.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { BIN, REPO, tempHome } from './workspace.js';

// The cache writer itself, to write caches that are well-formed but made for something else.
const { writeCodeCache } = (await import(pathToFileURL(join(REPO, 'core', 'dist', 'src', 'startup', 'code-cache-file.js')).href)) as {
  writeCodeCache: (file: string, key: string, modules: Iterable<string>, data: Buffer) => boolean;
};

const homes: Array<() => void> = [];
after(() => homes.forEach((cleanup) => cleanup()));

function freshHome(): string {
  const { home, cleanup } = tempHome('sv-code-cache-');
  homes.push(cleanup);
  return home;
}

interface Run {
  status: number | null;
  stdout: string;
  /** What the startup loader said about the cache (SCAIVAULT_DEBUG=1). */
  cache: string[];
}

function cli(home: string, argv: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...argv], {
    env: { ...process.env, SCAIVAULT_HOME: home, SCAIVAULT_DEBUG: '1', ...env },
    encoding: 'utf8',
  });
  const cache = result.stderr
    .split('\n')
    .filter((line) => line.startsWith('debug: code cache: '))
    .map((line) => line.slice('debug: code cache: '.length).replace(/ \/.*$/, ''));
  return { status: result.status, stdout: result.stdout, cache };
}

const cacheDir = (home: string) => join(home, 'cache', 'code');
const cacheFile = (home: string) => {
  const files = readdirSync(cacheDir(home)).filter((name) => name.endsWith('.bin'));
  assert.equal(files.length, 1, `one cache file in ${cacheDir(home)}: ${files.join(', ')}`);
  return join(cacheDir(home), files[0]!);
};

/** What the commands print without any cache: the reference every cached run must match. */
const ARGV = ['config', 'path'];
function reference(home: string): Run {
  const run = cli(home, ARGV, { SCAIVAULT_NO_CACHE: '1' });
  assert.equal(run.status, 0);
  return run;
}

/** The file's header and key, to write a cache made for the same key but holding other bytes. */
function keyOf(file: string): string {
  const bytes = readFileSync(file);
  return bytes.toString('utf8', 24, 24 + bytes.readUInt32BE(8));
}

test('the first run writes the cache, the next one uses it, with the same output as no cache', () => {
  const home = freshHome();
  const expected = reference(home);
  const first = cli(home, ARGV);
  assert.deepEqual(first.cache, ['missing', 'written']);
  const second = cli(home, ARGV);
  assert.deepEqual(second.cache, ['used']);
  for (const run of [first, second]) {
    assert.equal(run.status, expected.status);
    assert.equal(run.stdout, expected.stdout);
  }
});

test('a run that needs modules the cache does not cover yet rewrites it; then it is used as is', () => {
  const home = freshHome();
  // A command's help runs the runtime and the help renderer only (the root help is printed from its own cache).
  const help = ['config', 'path', '--help'];
  assert.deepEqual(cli(home, help).cache, ['missing', 'written']);
  assert.deepEqual(cli(home, help).cache, ['used']);
  assert.deepEqual(cli(home, ARGV).cache, ['used', 'written']);
  assert.deepEqual(cli(home, ARGV).cache, ['used']);
  assert.deepEqual(cli(home, help).cache, ['used']);
});

test('SCAIVAULT_NO_CACHE=1 neither reads nor writes a cache', () => {
  const home = freshHome();
  const run = cli(home, ARGV, { SCAIVAULT_NO_CACHE: '1' });
  assert.deepEqual(run.cache, ['off (SCAIVAULT_NO_CACHE=1)']);
  assert.throws(() => readdirSync(cacheDir(home)), /ENOENT/);
});

test('a damaged cache (a flipped bit, a truncated file) is never handed to V8: the run is as without one, and the cache is made again', () => {
  for (const damage of [
    (bytes: Buffer) => ((bytes[bytes.length - 100]! ^= 0x10), bytes),
    (bytes: Buffer) => bytes.subarray(0, bytes.length - 1000),
    (bytes: Buffer) => (bytes.write('XXXX', 0), bytes),
  ]) {
    const home = freshHome();
    const expected = reference(home);
    cli(home, ARGV);
    const file = cacheFile(home);
    writeFileSync(file, damage(readFileSync(file)));
    const run = cli(home, ARGV);
    assert.equal(run.status, expected.status);
    assert.equal(run.stdout, expected.stdout);
    assert.deepEqual(run.cache, ['damaged', 'written']);
    assert.deepEqual(cli(home, ARGV).cache, ['used']);
  }
});

test('a stale cache — made for another bundle, Node or flags — is not used, and is made again', () => {
  const home = freshHome();
  const expected = reference(home);
  cli(home, ARGV);
  const file = cacheFile(home);
  // The same file, valid in every way, but made for a key that differs (another core build).
  const key = keyOf(file);
  assert.ok(writeCodeCache(file, key.replace(/^scaivault-core\n[0-9a-f]+/, 'scaivault-core\n0'), [], Buffer.from('old')));
  const run = cli(home, ARGV);
  assert.equal(run.status, expected.status);
  assert.equal(run.stdout, expected.stdout);
  assert.deepEqual(run.cache, ['stale', 'written']);
  assert.deepEqual(cli(home, ARGV).cache, ['used']);
});

test('a cache V8 refuses (well-formed, right key, code of another script) costs a compile, and is made again', () => {
  const home = freshHome();
  const expected = reference(home);
  cli(home, ARGV);
  const file = cacheFile(home);
  const otherScript = new Script('(function () { return 42; })').createCachedData();
  assert.ok(writeCodeCache(file, keyOf(file), [], otherScript));
  const run = cli(home, ARGV);
  assert.equal(run.status, expected.status);
  assert.equal(run.stdout, expected.stdout);
  assert.deepEqual(run.cache, ['rejected by V8', 'written']);
  assert.deepEqual(cli(home, ARGV).cache, ['used']);
});

test('an unwritable cache directory only costs the cache', () => {
  const home = freshHome();
  writeFileSync(join(home, 'cache'), 'not a directory');
  const expected = reference(home);
  const run = cli(home, ARGV);
  assert.equal(run.status, expected.status);
  assert.equal(run.stdout, expected.stdout);
  assert.deepEqual(run.cache, ['missing', 'could not write']);
});

test('a new cache file removes the files of builds not run for a week, and leaves recent ones', () => {
  const home = freshHome();
  mkdirSync(cacheDir(home), { recursive: true });
  const old = join(cacheDir(home), 'core-0badc0de.bin');
  const recent = join(cacheDir(home), 'core-0000beef.bin');
  writeFileSync(old, 'a cache of a build long gone');
  writeFileSync(recent, 'a cache of another Node still in use');
  const eightDaysAgo = (Date.now() - 8 * 24 * 3600_000) / 1000;
  utimesSync(old, eightDaysAgo, eightDaysAgo);
  assert.deepEqual(cli(home, ARGV).cache, ['missing', 'written']);
  assert.ok(!existsSync(old), 'the old cache was removed');
  assert.ok(existsSync(recent), 'the recent cache was kept');
});

test("a bundled plugin's file has a code cache of its own, and a damaged, stale or refused one is never worse than none", () => {
  const home = freshHome();
  // A command of a bundled plugin that fails the same way every time, after its code has loaded.
  const argv = ['pki', 'inspect', join(home, 'missing.pem')];
  const plain = spawnSync(process.execPath, [BIN, ...argv], {
    env: { ...process.env, SCAIVAULT_HOME: home, SCAIVAULT_NO_CACHE: '1' },
    encoding: 'utf8',
  });
  const pluginCache = (): string[] => {
    const result = spawnSync(process.execPath, [BIN, ...argv], {
      env: { ...process.env, SCAIVAULT_HOME: home, SCAIVAULT_DEBUG: '1' },
      encoding: 'utf8',
    });
    assert.equal(result.status, plain.status);
    assert.equal(result.stdout, plain.stdout);
    assert.match(result.stderr, /^error: cannot read .*missing\.pem/m);
    return result.stderr
      .split('\n')
      .filter((line) => /^debug: code cache \(.*\/pki\/dist\/scaivault-bundle\.cjs\): /.test(line))
      .map((line) => line.replace(/^debug: code cache \([^)]*\): /, '').replace(/ \/.*$/, ''));
  };
  assert.deepEqual(pluginCache(), ['missing', 'written']);
  assert.deepEqual(pluginCache(), ['used']);
  const file = join(
    cacheDir(home),
    readdirSync(cacheDir(home)).find((name) => name.startsWith('plugin-'))!,
  );
  const good = readFileSync(file);

  writeFileSync(file, Buffer.from(good).fill(0x55, good.length - 200, good.length - 100));
  assert.deepEqual(pluginCache(), ['damaged', 'written']);
  assert.ok(writeCodeCache(file, keyOf(file).replace(/^scaivault-core\n[0-9a-f]+/, 'scaivault-core\n0'), [], Buffer.from('old')));
  assert.deepEqual(pluginCache(), ['stale', 'written']);
  assert.ok(writeCodeCache(file, keyOf(file), [], new Script('(function () { return 42; })').createCachedData()));
  assert.deepEqual(pluginCache(), ['rejected by V8', 'written']);
  assert.deepEqual(pluginCache(), ['used']);
});

test("the build's bundles are ASCII, which the loader decodes as Latin-1; a bundle that is not is read as UTF-8", async () => {
  const { isAscii } = await import('node:buffer');
  const bundles = [join(REPO, 'core', 'dist', 'bundle', 'core.cjs')];
  for (const plugin of readdirSync(join(REPO, 'plugins'))) {
    const file = join(REPO, 'plugins', plugin, 'dist', 'scaivault-bundle.cjs');
    if (existsSync(file)) bundles.push(file);
  }
  assert.ok(bundles.length > 10, 'the plugin bundles were found');
  for (const file of bundles) assert.ok(isAscii(readFileSync(file)), `${file} is ASCII`);

  const { loadCore } = (await import(pathToFileURL(join(REPO, 'core', 'dist', 'src', 'startup', 'load-core.js')).href)) as {
    loadCore: (options: {
      env: Record<string, string>;
      importModule: () => Promise<unknown>;
      bundleFile: string;
    }) => Record<string, unknown>;
  };
  const home = freshHome();
  for (const [name, text] of [
    ['ascii.cjs', 'plain text'],
    ['utf8.cjs', 'caf\u00e9 \u2192 \ud83d\udd11'],
  ] as const) {
    const bundleFile = join(home, name);
    writeFileSync(bundleFile, `// ${text}\nmodule.exports = { text: ${JSON.stringify(text)}, runtime: {} };\n`);
    const loaded = loadCore({ env: { SCAIVAULT_HOME: home }, importModule: async () => undefined, bundleFile });
    assert.equal(loaded.text, text);
  }
});
