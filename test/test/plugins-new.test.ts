// `scaivault plugins new` makes a plugin that builds, passes its own test, links and runs: the path
// docs/plugins.md describes, walked with the built binary.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '@scaivault/server';
import { BIN, REPO, tempHome } from './workspace.js';

/** The built binary as a child process; asynchronous, since the test's own server must keep answering. */
function cli(argv: string[], env: Record<string, string>, cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Whether `version` is in a caret range `^X.Y.Z`, the only kind the scaffold writes. */
function inCaretRange(version: string, range: string): boolean {
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
  const [baseMajor, baseMinor, basePatch] = range.replace(/^\^/, '').split('.').map(Number) as [number, number, number];
  return range.startsWith('^') && major === baseMajor && (minor > baseMinor || (minor === baseMinor && patch >= basePatch));
}

describe('plugins new', () => {
  const { home: work, cleanup } = tempHome('sv-plugins-new-');
  const home = join(work, 'home');
  const pluginDir = join(work, 'scaivault-plugin-acme-tools');
  let server: RunningServer;
  before(async () => {
    server = await startServer({ port: 0, logger: () => {} });
  });
  after(async () => {
    await server.close();
    cleanup();
  });

  test('scaffolds a plugin that builds, passes its own test, links and runs through the CLI', async () => {
    const made = await cli(['plugins', 'new', 'acme-tools', '--json'], { SCAIVAULT_HOME: home }, work);
    assert.equal(made.status, 0, made.stderr);
    const result = JSON.parse(made.stdout);
    assert.deepEqual([result.name, result.package, result.dir], ['acme-tools', 'scaivault-plugin-acme-tools', pluginDir]);
    for (const file of [
      'package.json',
      'tsconfig.json',
      'README.md',
      'src/index.ts',
      'src/commands/acme-tools-whoami.ts',
      'test/acme-tools.test.ts',
      'test/fixtures/whoami-json.json',
    ])
      assert.ok(existsSync(join(pluginDir, file)), `${file} is written`);

    // `npm install`, without a registry: the workspace's own packages stand in, at versions the scaffold accepts.
    const pkg = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8'));
    for (const [name, range] of Object.entries(pkg.devDependencies as Record<string, string>)) {
      const installed = JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')).version;
      assert.ok(inCaretRange(installed, range), `${name}@${installed} satisfies the scaffold's ${range}`);
    }
    symlinkSync(join(REPO, 'node_modules'), join(pluginDir, 'node_modules'), 'dir');

    const npmEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: work,
      npm_config_cache: join(work, 'npm-cache'),
      npm_config_update_notifier: 'false',
    };
    const tested = spawnSync('npm', ['test'], { cwd: pluginDir, env: npmEnv, encoding: 'utf8' });
    assert.equal(tested.status, 0, tested.stdout + tested.stderr);
    assert.match(tested.stdout, /^# pass 4$/m);
    assert.match(tested.stdout, /^# fail 0$/m);
    const manifest = JSON.parse(readFileSync(join(pluginDir, 'dist', 'manifest.json'), 'utf8'));
    assert.deepEqual(
      manifest.commands.map((command: { path: string[]; effect: string }) => [command.path.join(' '), command.effect]),
      [['acme-tools whoami', 'read']],
    );

    const linked = await cli(['plugins', 'link', pluginDir], { SCAIVAULT_HOME: home }, work);
    assert.equal(linked.status, 0, linked.stderr);
    const env = { SCAIVAULT_HOME: home, SCAIVAULT_URL: server.url, SCAIVAULT_TOKEN: server.rootToken };
    const ran = await cli(['acme-tools', 'whoami', '--json'], env, work);
    assert.deepEqual([ran.status, JSON.parse(ran.stdout), ran.stderr], [0, { identity_id: 'user:root', identity_type: 'user' }, '']);
    const help = await cli(['acme-tools', 'whoami', '--help'], env, work);
    assert.match(help.stdout, /Show the identity the CLI acts as/);
    // Its command is a tool of `scaivault mcp`, with no code for it there.
    assert.match((await cli(['mcp', '--list-tools'], env, work)).stdout, /^acme-tools_whoami +read +scaivault acme-tools whoami$/m);
  });

  test('refuses a bad name, a group another plugin has, and a directory in use (exit 5, one line)', async () => {
    mkdirSync(join(work, 'taken'), { recursive: true });
    writeFileSync(join(work, 'taken', 'file.txt'), 'x');
    for (const [argv, says] of [
      [['plugins', 'new', 'Acme Tools'], /^error: invalid plugin name "Acme Tools": a command group is lower-case letters/],
      [['plugins', 'new', 'secrets'], /^error: the "secrets" command group belongs to @scaivault\/plugin-secrets/],
      [['plugins', 'new', 'federation'], /^error: the "federation" command group belongs to @scaivault\/plugin-federation/],
      [['plugins', 'new', 'ok', '--package', 'Not A Name'], /^error: invalid --package "Not A Name"/],
      [['plugins', 'new', 'ok', '--dir', join(work, 'taken')], /already exists and is not empty/],
    ] as const) {
      const result = await cli([...argv], { SCAIVAULT_HOME: home }, work);
      assert.equal(result.status, 5, `${argv.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, says);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.equal(result.stdout, '');
    }
    assert.ok(!existsSync(join(work, 'scaivault-plugin-ok')), 'nothing was written');
  });
});
