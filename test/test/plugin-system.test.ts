import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { runCli } from '@scaivault/core/testing';
import {
  EXAMPLE_PLUGIN,
  REPO,
  bundledDistribution,
  closedPortUrl,
  makeDistribution,
  npmEnv,
  startRegistry,
  tempHome,
  writePlugin,
} from './workspace.js';

function linkAll(home: string, dirs: string[]): void {
  mkdirSync(join(home, 'plugins'), { recursive: true });
  writeFileSync(join(home, 'plugins', 'links.json'), JSON.stringify(dirs));
}

describe('a third-party plugin installed from a local path', () => {
  const { home, cleanup } = tempHome();
  let env: Record<string, string> = {};
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  const distribution = bundledDistribution();
  before(async () => {
    registry = await startRegistry();
    env = npmEnv(home, registry.url);
  });
  after(async () => {
    assert.deepEqual(registry.requests, [], 'installing from a directory asks no registry anything');
    await registry.close();
    cleanup();
  });

  test('installs with its exact version recorded, then shows in --help and runs', async () => {
    const installed = await runCli(['plugins', 'install', EXAMPLE_PLUGIN, '--json'], { env, distribution });
    assert.equal(installed.exitCode, 0, installed.stderr);
    assert.deepEqual(JSON.parse(installed.stdout).commands, ['hello greet', 'hello target']);

    const help = await runCli(['--help'], { env, distribution });
    assert.equal(help.exitCode, 0);
    // The top level lists groups, one line each; the group lists its commands.
    assert.match(help.stdout, /^ {2}hello\s+greet, target$/m);
    const group = await runCli(['hello', '--help'], { env, distribution });
    assert.match(group.stdout, /hello greet\s+Greet someone/);

    const greet = await runCli(['hello', 'greet', 'Ada', '--shout', '--json'], { env, distribution });
    assert.deepEqual([greet.exitCode, JSON.parse(greet.stdout), greet.stderr], [0, { greeting: 'HELLO, ADA!' }, '']);

    const target = await runCli(['hello', 'target', '--field', 'source'], {
      env: { ...env, SCAIVAULT_URL: 'http://127.0.0.1:1' },
      distribution,
    });
    assert.deepEqual([target.exitCode, target.stdout], [0, 'env']);

    const list = await runCli(['plugins', 'list', '--check', '--json'], { env, distribution });
    const hello = JSON.parse(list.stdout).plugins.find((p: { name: string }) => p.name === 'scaivault-plugin-hello');
    assert.deepEqual([hello.source, hello.status, hello.version], ['installed', 'active', '1.0.0']);
  });

  test('bad input to a plugin command is exit 5 with one line on stderr', async () => {
    const missing = await runCli(['hello', 'greet'], { env, distribution });
    assert.equal(missing.exitCode, 5);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
    const extra = await runCli(['hello', 'greet', 'a', 'b'], { env, distribution });
    assert.equal(extra.exitCode, 5);
    const empty = await runCli(['hello', 'greet', ' '], { env, distribution });
    assert.deepEqual([empty.exitCode, empty.stderr], [5, 'error: the name must not be empty\n']);
  });

  test("update leaves a plugin installed from a directory alone (it is not npm's to update), without asking npm", async () => {
    const update = await runCli(['plugins', 'update', '--json'], {
      env: { ...env, npm_config_registry: 'http://127.0.0.1:1/' },
      distribution,
    });
    assert.equal(update.exitCode, 0, update.stderr);
    assert.deepEqual(JSON.parse(update.stdout), {
      plugins: [
        {
          name: 'scaivault-plugin-hello',
          from: '1.0.0',
          to: null,
          status: 'skipped',
          reason: 'installed from a directory: install it again from there',
        },
      ],
    });
    const unknown = await runCli(['plugins', 'update', 'pki'], { env, distribution });
    assert.deepEqual([unknown.exitCode, unknown.stdout], [4, '']);
    assert.match(unknown.stderr, /^error: @scaivault\/plugin-pki is not an installed plugin — run `scaivault plugins list`/);
  });

  test('remove takes it away again', async () => {
    const removed = await runCli(['plugins', 'remove', 'scaivault-plugin-hello'], { env, distribution });
    assert.equal(removed.exitCode, 0, removed.stderr);
    const gone = await runCli(['hello', 'greet', 'Ada'], { env, distribution });
    assert.equal(gone.exitCode, 5);
    assert.match(gone.stderr, /unknown command "hello"/);
  });

  test('a package that is not a plugin is refused and not left installed', async () => {
    const notPlugin = join(home, 'left-pad');
    mkdirSync(notPlugin, { recursive: true });
    writeFileSync(join(notPlugin, 'package.json'), JSON.stringify({ name: 'left-pad', version: '1.3.0' }));
    const result = await runCli(['plugins', 'install', notPlugin], { env, distribution });
    assert.equal(result.exitCode, 5);
    assert.match(result.stderr, /left-pad was not installed: not a plugin/);
    const list = await runCli(['plugins', 'list', '--json'], { env, distribution });
    assert.equal(
      JSON.parse(list.stdout).plugins.some((p: { name: string }) => p.name === 'left-pad'),
      false,
    );
  });
});

describe('isolation: one bad plugin never takes the CLI down', () => {
  const { home, cleanup } = tempHome();
  const env = { SCAIVAULT_HOME: home };
  const distribution = bundledDistribution();
  before(() => {
    linkAll(home, [
      writePlugin(join(home, 'src', 'good'), { name: 'good-plugin', commands: [['good', 'run']] }),
      writePlugin(join(home, 'src', 'throws'), {
        name: 'throws-on-import',
        commands: [['broken', 'import']],
        entry: 'throw new Error("boom at import");\n',
      }),
      writePlugin(join(home, 'src', 'register'), {
        name: 'throws-in-register',
        commands: [['unregistered', 'run']],
        entry: `import { ScaiVaultCommand, definePlugin } from '@scaivault/core';
class C extends ScaiVaultCommand { static paths = [['unregistered', 'run']]; async execute() { return 0; } }
export default definePlugin({ name: 'throws-in-register', version: '1.0.0', apiVersion: 1, commands: [C],
  register() { throw new Error('no database'); } });
`,
      }),
      writePlugin(join(home, 'src', 'future'), { name: 'future-plugin', commands: [['future', 'run']], apiVersion: 7 }),
      writePlugin(join(home, 'src', 'old-core'), { name: 'old-core-plugin', commands: [['old', 'run']], core: '^0.0.1' }),
      writePlugin(join(home, 'src', 'squatter'), {
        name: 'squatter',
        commands: [
          ['squat', 'run'],
          ['config', 'set'],
        ],
      }),
    ]);
  });
  after(cleanup);

  test('other commands still work (exit 0), with one warning per skipped plugin', async () => {
    const result = await runCli(['config', 'path'], { env, distribution });
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout, `${join(home, 'config.json')}\n`);
    const warnings = result.stderr.trim().split('\n');
    assert.equal(warnings.length, 3, result.stderr);
    assert.match(result.stderr, /plugin future-plugin \(linked\) skipped: plugin API version 7 is not supported/);
    assert.match(result.stderr, /plugin old-core-plugin \(linked\) skipped: needs core \^0\.0\.1/);
    assert.match(result.stderr, /plugin squatter \(linked\) skipped: command "config set" is already provided by @scaivault\/core/);

    const good = await runCli(['good', 'run', '--json'], { env, distribution });
    assert.deepEqual([good.exitCode, JSON.parse(good.stdout)], [0, { ran: 'good run' }]);
  });

  test('a plugin that throws on import or in register is skipped with a warning, exit 1', async () => {
    const imported = await runCli(['broken', 'import'], { env, distribution });
    assert.equal(imported.exitCode, 1);
    assert.match(imported.stderr, /warning: plugin throws-on-import \(linked\) skipped: boom at import/);
    assert.doesNotMatch(imported.stderr, /at .*index\.js/, 'no stack trace without SCAIVAULT_DEBUG');

    const registered = await runCli(['unregistered', 'run'], { env, distribution });
    assert.equal(registered.exitCode, 1);
    assert.match(registered.stderr, /warning: plugin throws-in-register \(linked\) skipped: no database/);

    // Under --json the error itself is JSON too (the warning before it stays a warning line).
    const json = await runCli(['broken', 'import', '--json'], { env, distribution });
    assert.equal(json.exitCode, 1);
    const lines = json.stderr.trimEnd().split('\n');
    assert.equal(JSON.parse(lines[lines.length - 1]!).error.code, 'plugin_unavailable');
  });

  test('plugins list shows each plugin with source, status and reason', async () => {
    const result = await runCli(['plugins', 'list', '--check', '--json'], { env, distribution });
    // Still the whole list on stdout, but --check fails when any plugin will not run.
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /warning: \d+ plugin\(s\) will not run: .*throws-on-import \(failed\).*squatter \(conflict\)/);
    const byName = Object.fromEntries(
      JSON.parse(result.stdout)
        .plugins.filter((p: { source: string }) => p.source === 'linked')
        .map((p: { name: string; status: string; source: string }) => [p.name, `${p.source}:${p.status}`]),
    );
    assert.deepEqual(byName, {
      'good-plugin': 'linked:active',
      'throws-on-import': 'linked:failed',
      'throws-in-register': 'linked:failed',
      'future-plugin': 'linked:incompatible',
      'old-core-plugin': 'linked:incompatible',
      squatter: 'linked:conflict',
    });
  });
});

describe('a trimmed distribution: core and one plugin', () => {
  const { home, cleanup } = tempHome();
  const env = { SCAIVAULT_HOME: home };
  after(cleanup);
  const distribution = makeDistribution(home, { 'scaivault-plugin-hello': EXAMPLE_PLUGIN });

  test('--help lists only core and that plugin, and names what is not installed', async () => {
    const help = await runCli(['--help'], { env, distribution });
    assert.equal(help.exitCode, 0);
    assert.match(help.stdout, /^acme-scaivault|scaivault 3\.1\.0/m);
    const commands = help.stdout
      .split('\n')
      .filter((line) => /^ {2}[a-z]/.test(line))
      .map((line) => line.trim().split(/\s{2,}/)[0]);
    const groups = new Set(commands.map((c) => c!.split(' ')[0]));
    assert.deepEqual([...groups].sort(), ['auth', 'completion', 'config', 'hello', 'plugins']);
    assert.match(help.stdout, /Not installed .*pki/);
  });

  test('runs the bundled plugin', async () => {
    const result = await runCli(['hello', 'greet', 'Grace'], { env, distribution });
    assert.deepEqual([result.exitCode, result.stdout], [0, 'Hello, Grace!\n']);
  });

  test('answers a known group that is not installed with the install hint', async () => {
    const result = await runCli(['pki', 'ca', 'list'], { env, distribution });
    assert.equal(result.exitCode, 1);
    assert.equal(
      result.stderr,
      'error: `scaivault pki` is provided by @scaivault/plugin-pki, which is not installed — run `scaivault plugins install pki`\n',
    );
  });

  test('--version prints the distribution version', async () => {
    const result = await runCli(['--version'], { env, distribution });
    assert.deepEqual([result.exitCode, result.stdout], [0, '3.1.0\n']);
  });
});

/** The dependencies the plugins home's package.json lists: what npm has installed. */
function installedNames(home: string): string[] {
  return Object.keys(JSON.parse(readFileSync(join(home, 'plugins', 'package.json'), 'utf8')).dependencies ?? {}).sort();
}

describe('several installed plugins: install, refuse and roll back, remove — offline', () => {
  const { home, cleanup } = tempHome();
  let env: Record<string, string> = {};
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  const distribution = bundledDistribution();
  const second = () => writePlugin(join(home, 'src', 'second'), { name: 'second-plugin', commands: [['second', 'run']] });
  before(async () => {
    // npm may ask this registry, which knows no package at all (not even @scaivault/core): it must not need to.
    registry = await startRegistry();
    env = npmEnv(home, registry.url);
  });
  after(async () => {
    await registry.close();
    cleanup();
  });

  test('two plugins install side by side', async () => {
    for (const dir of [EXAMPLE_PLUGIN, second()]) {
      const result = await runCli(['plugins', 'install', dir], { env, distribution });
      assert.equal(result.exitCode, 0, result.stderr);
    }
    assert.deepEqual(installedNames(home), ['scaivault-plugin-hello', 'second-plugin']);
    const run = await runCli(['second', 'run', '--json'], { env, distribution });
    assert.deepEqual([run.exitCode, JSON.parse(run.stdout), run.stderr], [0, { ran: 'second run' }, '']);
  });

  const takeovers: Array<[string, string[], RegExp]> = [
    [
      'bundled-extension',
      ['secrets', 'read', 'app/db'],
      /command "secrets read app\/db" would take over "secrets read", which @scaivault\/plugin-secrets \(bundled\) provides/,
    ],
    [
      'core-extension',
      ['config', 'get', 'token'],
      /command "config get token" would take over "config get", which @scaivault\/core \(builtin\) provides/,
    ],
    [
      'installed-group',
      ['hello', 'steal'],
      /command "hello steal" is in the "hello" group, which scaivault-plugin-hello \(installed\) owns/,
    ],
    [
      'group-prefix',
      ['secrets'],
      /command "secrets" would take over "secrets [a-z-]+", which @scaivault\/plugin-secrets \(bundled\) provides/,
    ],
  ];
  for (const [name, path, reason] of takeovers) {
    test(`a plugin claiming "${path.join(' ')}" is refused, naming the owner, and rolled back while others are installed`, async () => {
      // Named to sort before the installed plugins: install order, not the alphabet, decides who came first.
      const dir = writePlugin(join(home, 'src', name), { name: `acme-${name}`, commands: [['takeover', name], path] });
      const result = await runCli(['plugins', 'install', dir], { env, distribution });
      assert.equal(result.exitCode, 5, result.stderr);
      assert.match(result.stderr, new RegExp(`^installing .*\\nerror: acme-${name} was not installed: ${reason.source}`));
      assert.doesNotMatch(result.stderr, /removing it again failed/);
      assert.deepEqual(installedNames(home), ['scaivault-plugin-hello', 'second-plugin']);
      assert.equal(existsSync(join(home, 'plugins', 'node_modules', `acme-${name}`)), false, 'not left behind');
      const after = await runCli(['config', 'path'], { env, distribution });
      assert.deepEqual([after.exitCode, after.stderr], [0, ''], 'no warning about a plugin that is not installed');
    });
  }

  test('remove works with another plugin installed, and leaves nothing behind', async () => {
    const removed = await runCli(['plugins', 'remove', 'scaivault-plugin-hello'], { env, distribution });
    assert.deepEqual([removed.exitCode, removed.stderr], [0, '']);
    assert.deepEqual(installedNames(home), ['second-plugin']);
    const run = await runCli(['second', 'run'], { env, distribution });
    assert.deepEqual([run.exitCode, run.stdout], [0, 'ran second run\n']);
    assert.equal((await runCli(['plugins', 'remove', 'second-plugin'], { env, distribution })).exitCode, 0);
    assert.deepEqual(installedNames(home), []);
    assert.deepEqual(readdirSync(join(home, 'plugins', 'packs')), [], 'the packed tarballs went with their plugins');
  });

  test('npm asked the registry nothing: not even for @scaivault/core', () => {
    assert.deepEqual(registry.requests, []);
  });
});

describe('an installed plugin whose files change after install', () => {
  const { home, cleanup } = tempHome();
  let env: Record<string, string> = {};
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  const distribution = bundledDistribution();
  const installed = join(home, 'plugins', 'node_modules', 'scaivault-plugin-hello');
  before(async () => {
    registry = await startRegistry();
    env = npmEnv(home, registry.url);
    const result = await runCli(['plugins', 'install', EXAMPLE_PLUGIN], { env, distribution });
    assert.equal(result.exitCode, 0, result.stderr);
  });
  after(async () => {
    await registry.close();
    cleanup();
  });

  const statusOf = async (...flags: string[]) => {
    const list = await runCli(['plugins', 'list', ...flags, '--json'], { env, distribution });
    return JSON.parse(list.stdout).plugins.find((p: { name: string }) => p.name === 'scaivault-plugin-hello');
  };

  test('a changed entry is noticed when the index is rebuilt: tampered, one warning, its commands gone', async () => {
    assert.equal((await statusOf()).status, 'active');
    const entry = join(installed, 'dist', 'src', 'index.js');
    writeFileSync(entry, `${readFileSync(entry, 'utf8')}\nthrow new Error('tampered code ran');\n`);

    const other = await runCli(['config', 'path'], { env, distribution });
    assert.equal(other.exitCode, 0);
    assert.equal(
      other.stderr,
      'warning: plugin scaivault-plugin-hello (installed) skipped: its files changed after it was installed: reinstall it\n',
    );
    const hello = await runCli(['hello', 'greet', 'Ada'], { env, distribution });
    assert.equal(hello.exitCode, 5);
    assert.doesNotMatch(hello.stderr, /tampered code ran/);
    assert.deepEqual(
      [(await statusOf()).status, (await statusOf()).reason],
      ['tampered', 'its files changed after it was installed: reinstall it'],
    );
  });

  test('reinstalling puts back the original files and makes it active again', async () => {
    const result = await runCli(['plugins', 'install', EXAMPLE_PLUGIN], { env, distribution });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.doesNotMatch(
      readFileSync(join(installed, 'dist', 'src', 'index.js'), 'utf8'),
      /tampered code ran/,
      'not the changed files, blessed',
    );
    assert.equal(existsSync(join(home, 'plugins', '.previous')), false, 'the set-aside copy is gone');
    assert.equal((await statusOf()).status, 'active');
    const greet = await runCli(['hello', 'greet', 'Ada'], { env, distribution });
    assert.deepEqual([greet.exitCode, greet.stdout], [0, 'Hello, Ada!\n']);

    // An upgrade npm cannot fetch leaves the installed version as it was.
    const upgrade = await runCli(['plugins', 'install', 'scaivault-plugin-hello@2.0.0'], { env, distribution });
    assert.equal(upgrade.exitCode, 4);
    assert.equal((await statusOf()).status, 'active');
    assert.equal((await runCli(['hello', 'greet', 'Ada'], { env, distribution })).stdout, 'Hello, Ada!\n');
  });

  test('a changed module other than the entry: its command is refused before any of it runs, and plugins list --check fails', async () => {
    // Before an installed plugin's command runs, every file of it is stat'ed (no reads); a change
    // rebuilds the index, which checks the files against the install digest.
    const command = join(installed, 'dist', 'src', 'commands', 'hello-greet.js');
    writeFileSync(command, `throw new Error('tampered code ran');\n${readFileSync(command, 'utf8')}`);
    const hello = await runCli(['hello', 'greet', 'Ada'], { env, distribution });
    assert.equal(hello.exitCode, 5);
    assert.doesNotMatch(hello.stderr, /tampered code ran/);
    assert.match(hello.stderr, /^warning: plugin scaivault-plugin-hello \(installed\) skipped: its files changed after it was installed/m);
    assert.equal((await statusOf()).status, 'tampered');
    const checked = await statusOf('--check');
    assert.deepEqual([checked.status, checked.reason], ['tampered', 'its files changed after it was installed: reinstall it']);
    const gate = await runCli(['plugins', 'list', '--check'], { env, distribution });
    assert.equal(gate.exitCode, 1, 'a tampered plugin fails the --check gate');
  });

  test('a package dropped into the plugins folder without an install record is refused', async () => {
    writeFileSync(join(home, 'plugins', 'installed.json'), JSON.stringify({ formatVersion: 1, plugins: [] }));
    const hello = await statusOf();
    assert.deepEqual([hello.status, hello.reason], ['tampered', 'no digest of its files was recorded when it was installed: reinstall it']);
  });
});

describe('npm: its environment and its failures', () => {
  const { home, cleanup } = tempHome();
  const distribution = bundledDistribution();
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  before(async () => {
    registry = await startRegistry({ 'known-plugin': ['1.0.0', '1.1.0'] });
  });
  after(async () => {
    await registry.close();
    cleanup();
  });

  test('npm runs without SCAIVAULT_TOKEN or any other SCAIVAULT_* variable', async () => {
    // An npm that writes down its environment and fails like npm does.
    const bin = join(home, 'fake-bin');
    mkdirSync(bin, { recursive: true });
    const dump = join(home, 'npm-env.txt');
    writeFileSync(
      join(bin, 'npm'),
      `#!/bin/sh\nenv > ${JSON.stringify(dump)}\necho 'npm error code E404' >&2\necho 'npm error 404 Not Found - GET http://127.0.0.1:1/nope - Not found' >&2\nexit 1\n`,
      { mode: 0o755 },
    );
    const env = {
      ...npmEnv(home, registry.url),
      PATH: `${bin}:${process.env.PATH}`,
      SCAIVAULT_TOKEN: 'sv-secret-token-value',
      SCAIVAULT_URL: 'http://127.0.0.1:1',
      scaivault_profile: 'prod',
    };
    const result = await runCli(['plugins', 'install', 'nope'], { env, distribution });
    assert.equal(result.exitCode, 4, result.stderr);
    const seen = readFileSync(dump, 'utf8');
    assert.doesNotMatch(seen, /^SCAIVAULT_/im);
    assert.doesNotMatch(seen, /sv-secret-token-value/);
    assert.match(seen, /^npm_config_registry=/m, "the user's npm settings still apply");
    assert.doesNotMatch(result.stderr, /sv-secret-token-value/);
  });

  const env = () => npmEnv(home, registry.url);
  test('an unknown package is one sentence naming the registry, exit 4', async () => {
    const result = await runCli(['plugins', 'install', 'scaivault-plugin-nope'], { env: env(), distribution });
    assert.equal(result.exitCode, 4);
    assert.match(
      result.stderr,
      new RegExp(`\\nerror: no package named scaivault-plugin-nope in the registry \\(${registry.url}\\) — check the name`),
    );
    assert.doesNotMatch(result.stderr, /E404|code /);
    const scoped = await runCli(['plugins', 'install', '@acme/inventory'], { env: env(), distribution });
    assert.match(scoped.stderr, /error: no package named @acme\/inventory in the registry/);
  });

  test('an unknown version is one sentence, exit 4', async () => {
    const result = await runCli(['plugins', 'install', 'known-plugin@9.9.9'], { env: env(), distribution });
    assert.equal(result.exitCode, 4);
    assert.match(
      result.stderr,
      /\nerror: no version 9\.9\.9 of known-plugin in the registry — `npm view known-plugin versions` lists the published ones\n$/,
    );
  });

  test('an unreachable registry is one sentence naming it, exit 1', async () => {
    const unreachable = await closedPortUrl();
    const result = await runCli(['plugins', 'install', 'scaivault-plugin-nope'], { env: npmEnv(home, unreachable), distribution });
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, new RegExp(`\\nerror: cannot reach the registry \\(${unreachable}\\): connection refused — `));
    assert.deepEqual(installedNames(home), [], 'a failed install leaves nothing behind');
  });
});

describe('one copy of the shared packages, for bundled plugins too', () => {
  const { home, cleanup } = tempHome();
  after(cleanup);
  const manifestTool = join(REPO, 'core', 'bin', 'scaivault-manifest.js');

  test('scaivault-manifest refuses plugin code that imports a shared package by its own name, naming the subpath', () => {
    const dir = writePlugin(join(home, 'bare'), {
      name: 'bare-imports',
      commands: [['bare', 'run']],
      entry: `import { ScaiVaultCommand, definePlugin } from '@scaivault/core';\nexport default definePlugin({ name: 'bare-imports', version: '1.0.0', apiVersion: 1, commands: [] });\nexport const later = () => import('./lazy.js');\n`,
    });
    writeFileSync(join(dir, 'lazy.js'), `import { Option } from 'clipanion';\nexport const load = () => import("@scaivault/sdk");\n`);
    const result = spawnSync(process.execPath, [manifestTool, dir], { encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.equal(
      result.stderr,
      'scaivault-manifest: lazy.js imports "@scaivault/sdk": import "@scaivault/core/sdk" instead, so that every plugin shares core\'s copy\n' +
        'scaivault-manifest: lazy.js imports "clipanion": import "@scaivault/core/clipanion" instead, so that every plugin shares core\'s copy\n',
    );
  });

  test('scaivault-manifest says in one line why a plugin cannot be imported, without a stack trace', () => {
    const dir = writePlugin(join(home, 'broken'), { name: 'broken', commands: [['broken', 'run']] });
    // A computed import the static check cannot see, of a package the plugin does not have.
    writeFileSync(join(dir, 'index.js'), `const name = 'clip' + 'anion';\nawait import(name);\nexport default {};\n`);
    const result = spawnSync(process.execPath, [manifestTool, dir], { encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /^scaivault-manifest: importing \.\/index\.js failed: Cannot find package 'clipanion' imported from .*index\.js\n$/,
    );

    const missing = spawnSync(process.execPath, [manifestTool, join(home, 'no-such-plugin')], { encoding: 'utf8' });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^scaivault-manifest: cannot read .*no-such-plugin\/package\.json: ENOENT[^\n]*\n$/);
  });

  test('scaivault-manifest refuses a plugin whose declared version is not the one in its package.json', () => {
    const dir = writePlugin(join(home, 'versioned'), { name: 'versioned', commands: [['versioned', 'run']] });
    // No import of core needed: the tool only reads the exported object's name, version and commands.
    writeFileSync(join(dir, 'index.js'), `export default { name: 'versioned', version: '1.0.1', apiVersion: 1, commands: [class {}] };\n`);
    const result = spawnSync(process.execPath, [manifestTool, dir], { encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.equal(
      result.stderr,
      'scaivault-manifest: ./index.js declares versioned@1.0.1 but package.json is versioned@1.0.0: make them the same\n',
    );
  });

  test('no plugin in the workspace imports a shared package by its own name', async () => {
    const { bareSharedImports } = await import('@scaivault/core/loader');
    // Core's list of shared packages, from its compiled sources (it is no public export).
    const { SHARED_ALIASES } = await import(pathToFileURL(join(REPO, 'core', 'dist', 'src', 'runtime', 'shared-packages.js')).href);
    const dirs = [EXAMPLE_PLUGIN, ...readdirSync(join(REPO, 'plugins')).map((name) => join(REPO, 'plugins', name))];
    for (const dir of dirs) {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      assert.deepEqual(bareSharedImports(join(dir, pkg.scaivault.entry), SHARED_ALIASES), [], dir);
    }
  });
});
