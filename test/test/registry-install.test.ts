import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliVersion, installEnv, nativeAddons, run, startTestRegistry, type TestRegistry } from './npm-registry.js';

// Installing scaivault the way a user meets it: every package published to a real npm registry on
// loopback, then `npm install -g` on a clean prefix with an empty npm cache, offline but for that
// registry. The default distribution brings the local server; the lean one installs without any
// native build or web server.
describe('installing from a registry', { concurrency: false }, () => {
  let work: string;
  let registry: TestRegistry;
  let dev: ChildProcess | undefined;
  let devEnv: Record<string, string> = {};

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'sv-registry-'));
    registry = await startTestRegistry(join(work, 'registry'));
  });

  after(async () => {
    if (dev && dev.exitCode === null) {
      const exited = new Promise((resolve) => dev!.once('exit', resolve));
      dev.kill('SIGTERM');
      await exited;
    }
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('npm install -g scaivault: --version, scaivault dev, secrets write and read, a plugin from the registry', async (t) => {
    const base = join(work, 'default');
    const env = installEnv(base, registry.url);
    const install = await run('npm', ['install', '-g', 'scaivault'], { env });
    assert.equal(install.status, 0, install.stderr);
    const lib = join(base, 'prefix', 'lib', 'node_modules', 'scaivault');
    t.diagnostic(`default install: ${(install.ms / 1000).toFixed(1)} s, native addons: ${nativeAddons(lib).length}`);
    const bin = join(base, 'prefix', 'bin', 'scaivault');

    assert.deepEqual([(await run(bin, ['--version'], { env })).stdout], [`${cliVersion()}\n`]);
    const npx = await run('npx', ['scaivault', '--version'], { env, cwd: base });
    assert.deepEqual([npx.status, npx.stdout], [0, `${cliVersion()}\n`], npx.stderr);

    // The local server, from the installed package.
    dev = spawn(bin, ['dev', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errors = '';
    dev.stderr!.on('data', (chunk) => (errors += chunk));
    await new Promise<void>((resolve, reject) => {
      dev!.stdout!.on('data', (chunk) => {
        out += chunk;
        if (/SCAIVAULT_TOKEN=.*\n/.test(out)) resolve();
      });
      dev!.once('exit', (code) => reject(new Error(`scaivault dev exited with ${code}: ${errors}`)));
    });
    const url = /export SCAIVAULT_URL=(\S+)/.exec(out)![1]!;
    const token = /export SCAIVAULT_TOKEN=(\S+)/.exec(out)![1]!;
    devEnv = { SCAIVAULT_URL: url, SCAIVAULT_TOKEN: token };
    const withServer = { ...env, ...devEnv };

    const write = await run(bin, ['secrets', 'write', 'app/db/credentials', 'username=admin', 'password=s3cret'], { env: withServer });
    assert.equal(write.status, 0, write.stderr);
    const read = await run(bin, ['secrets', 'read', 'app/db/credentials', '--field', 'password'], { env: withServer });
    assert.deepEqual([read.status, read.stdout, read.stderr], [0, 's3cret', '']);

    // A third-party plugin from the same registry (npm's configured registry, as docs/plugins.md says).
    const plugin = await run(bin, ['plugins', 'install', 'scaivault-plugin-hello'], { env });
    assert.equal(plugin.status, 0, plugin.stderr);
    const hello = await run(bin, ['hello', 'greet', 'Ada', '--json'], { env });
    assert.deepEqual([hello.status, JSON.parse(hello.stdout)], [0, { greeting: 'Hello, Ada!' }]);
  });

  test('the lean install (@scaivault/cli-lean): no native build, no web server; dev says how to add it; secrets work', async (t) => {
    const base = join(work, 'lean');
    const env = installEnv(base, registry.url);
    const install = await run('npm', ['install', '-g', '@scaivault/cli-lean'], { env });
    assert.equal(install.status, 0, install.stderr);
    const lib = join(base, 'prefix', 'lib', 'node_modules', '@scaivault', 'cli-lean');
    t.diagnostic(`lean install: ${(install.ms / 1000).toFixed(1)} s`);
    assert.deepEqual(nativeAddons(join(base, 'prefix')), []);
    for (const absent of ['@scaivault/server', 'fastify', 'better-sqlite3', 'pkcs11js', 'pg']) {
      assert.equal(existsSync(join(lib, 'node_modules', absent)), false, `${absent} was installed`);
    }
    const bin = join(base, 'prefix', 'bin', 'scaivault');
    assert.equal((await run(bin, ['--version'], { env })).stdout, `${cliVersion()}\n`);

    const devRun = await run(bin, ['dev'], { env });
    assert.equal(devRun.status, 1);
    assert.equal(devRun.stdout, '');
    assert.match(devRun.stderr, /^error: @scaivault\/server is not installed — .*`npm install -g @scaivault\/server`.*\n$/);

    const read = await run(bin, ['secrets', 'read', 'app/db/credentials', '--field', 'username'], { env: { ...env, ...devEnv } });
    assert.deepEqual([read.status, read.stdout], [0, 'admin']);

    // The SDK from the same package, as a script would import it.
    const project = join(base, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'ci-job', version: '1.0.0', private: true, type: 'module' }));
    const local = await run('npm', ['install', '@scaivault/cli-lean'], { env: { ...env, npm_config_prefix: '' }, cwd: project });
    assert.equal(local.status, 0, local.stderr);
    writeFileSync(
      join(project, 'read.mjs'),
      "import { ScaiVaultClient } from '@scaivault/cli-lean';\n" +
        'const client = new ScaiVaultClient({ baseUrl: process.env.SCAIVAULT_URL, token: process.env.SCAIVAULT_TOKEN });\n' +
        "const secret = await client.secrets.read('app/db/credentials');\n" +
        'process.stdout.write(secret.data.username);\nawait client.close();\n',
    );
    const script = await run(process.execPath, ['read.mjs'], { env: { ...env, ...devEnv }, cwd: project });
    assert.deepEqual([script.status, script.stdout, script.stderr], [0, 'admin', '']);

    // npx, in a directory with nothing installed: fetched from the registry into npm's cache.
    const empty = join(base, 'empty');
    mkdirSync(empty);
    const npx = await run('npx', ['--yes', '--package', '@scaivault/cli-lean', 'scaivault', '--version'], { env: { ...env, npm_config_prefix: join(base, 'npx-prefix') }, cwd: empty });
    assert.deepEqual([npx.status, npx.stdout], [0, `${cliVersion()}\n`], npx.stderr);
  });
});
