import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { runCli } from '@scaivault/core/testing';
import { EXAMPLE_PLUGIN, bundledDistribution, makeDistribution, tempHome, writePlugin } from './workspace.js';

function linkAll(home: string, dirs: string[]): void {
  mkdirSync(join(home, 'plugins'), { recursive: true });
  writeFileSync(join(home, 'plugins', 'links.json'), JSON.stringify(dirs));
}

describe('a third-party plugin installed from a local path', () => {
  const { home, cleanup } = tempHome();
  const env = { SCAIVAULT_HOME: home };
  const distribution = bundledDistribution();
  after(cleanup);

  test('installs with its exact version recorded, then shows in --help and runs', async () => {
    const installed = await runCli(['plugins', 'install', EXAMPLE_PLUGIN, '--json'], { env, distribution });
    assert.equal(installed.exitCode, 0, installed.stderr);
    assert.deepEqual(JSON.parse(installed.stdout).commands, ['hello greet', 'hello target']);

    const help = await runCli(['--help'], { env, distribution });
    assert.equal(help.exitCode, 0);
    assert.match(help.stdout, /hello greet\s+Greet someone/);

    const greet = await runCli(['hello', 'greet', 'Ada', '--shout', '--json'], { env, distribution });
    assert.deepEqual([greet.exitCode, JSON.parse(greet.stdout), greet.stderr], [0, { greeting: 'HELLO, ADA!' }, '']);

    const target = await runCli(['hello', 'target', '--field', 'source'], { env: { ...env, SCAIVAULT_URL: 'http://127.0.0.1:1' }, distribution });
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
    assert.equal(JSON.parse(list.stdout).plugins.some((p: { name: string }) => p.name === 'left-pad'), false);
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
      writePlugin(join(home, 'src', 'squatter'), { name: 'squatter', commands: [['squat', 'run'], ['config', 'set']] }),
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
  });

  test('plugins list shows each plugin with source, status and reason', async () => {
    const result = await runCli(['plugins', 'list', '--check', '--json'], { env, distribution });
    assert.equal(result.exitCode, 0);
    const byName = Object.fromEntries(
      JSON.parse(result.stdout).plugins.filter((p: { source: string }) => p.source === 'linked').map((p: { name: string; status: string; source: string }) => [p.name, `${p.source}:${p.status}`]),
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
    const commands = help.stdout.split('\n').filter((line) => /^ {2}[a-z]/.test(line)).map((line) => line.trim().split(/\s{2,}/)[0]);
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
