import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EXAMPLE_PLUGIN, REPO } from './workspace.js';
import { cliVersion, installEnv, nativeAddons, run, startPrebuildHost, startTestRegistry, type TestRegistry } from './npm-registry.js';

// Installing scaivault the way a user meets it: every package published to a real npm registry on
// loopback, then `npm install -g` on a clean prefix with an empty npm cache, offline but for that
// registry. The default distribution brings the local server; the lean one installs without any
// native build or web server.
describe('installing from a registry', { concurrency: false }, () => {
  let work: string;
  let registry: TestRegistry;
  let dev: ChildProcess | undefined;
  let devEnv: Record<string, string> = {};
  let defaultEnv: Record<string, string> = {};
  let defaultBin = '';
  let prebuilds: Awaited<ReturnType<typeof startPrebuildHost>>;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'sv-registry-'));
    registry = await startTestRegistry(join(work, 'registry'));
    prebuilds = await startPrebuildHost();
  });

  after(async () => {
    if (dev && dev.exitCode === null) {
      const exited = new Promise((resolve) => dev!.once('exit', resolve));
      dev.kill('SIGTERM');
      await exited;
    }
    await registry?.stop();
    await prebuilds?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('npm install -g scaivault: --version, scaivault dev, secrets write and read, a plugin from the registry', async (t) => {
    const base = join(work, 'default');
    // better-sqlite3's prebuilt binary as a user online downloads it (pkcs11js has none: it compiles).
    const env = { ...installEnv(base, registry.url), ...prebuilds?.env };
    const install = await run('npm', ['install', '-g', 'scaivault'], { env });
    assert.equal(install.status, 0, install.stderr);
    const lib = join(base, 'prefix', 'lib', 'node_modules', 'scaivault');
    t.diagnostic(`default install: ${(install.ms / 1000).toFixed(1)} s, native addons: ${nativeAddons(lib).length}`);
    const bin = join(base, 'prefix', 'bin', 'scaivault');
    [defaultEnv, defaultBin] = [env, bin];

    assert.deepEqual([(await run(bin, ['--version'], { env })).stdout], [`${cliVersion()}\n`]);
    // npx where nothing is installed (another prefix, an empty directory): fetched from the registry.
    const empty = join(base, 'empty');
    mkdirSync(empty);
    const npx = await run('npx', ['--yes', 'scaivault', '--version'], {
      env: { ...env, npm_config_prefix: join(base, 'npx-prefix') },
      cwd: empty,
    });
    assert.deepEqual([npx.status, npx.stdout], [0, `${cliVersion()}\n`], npx.stderr);
    assert.ok(existsSync(join(env.npm_config_cache!, '_npx')), 'npx ran without fetching scaivault');

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

    const tpm = await run(bin, ['tpm', 'status', '--data-dir', join(base, 'vault-data')], { env });
    assert.deepEqual([tpm.status, tpm.stdout], [1, '']);
    assert.match(tpm.stderr, /^error: @scaivault\/server is not installed — the tpm commands need the local server.*\n$/);

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
    const npx = await run('npx', ['--yes', '--package', '@scaivault/cli-lean', 'scaivault', '--version'], {
      env: { ...env, npm_config_prefix: join(base, 'npx-prefix') },
      cwd: empty,
    });
    assert.deepEqual([npx.status, npx.stdout], [0, `${cliVersion()}\n`], npx.stderr);
  });

  test('plugins update: the newest version this CLI can run, pinned with its digest; plugins search: the scaivault-plugin keyword', async () => {
    const env = defaultEnv;
    // Two newer versions of the example plugin: 1.1.0 for this core, then 2.0.0 (the `latest` tag) for a core
    // that does not exist yet.
    await registry.publish([helloVersion('1.1.0', '^0.1.0')]);
    await registry.publish([helloVersion('2.0.0', '^9.0.0')]);

    const update = await run(defaultBin, ['plugins', 'update', '--json'], { env });
    assert.equal(update.status, 0, update.stderr);
    assert.deepEqual(JSON.parse(update.stdout), {
      plugins: [{ name: 'scaivault-plugin-hello', from: '1.0.0', to: '1.1.0', status: 'updated', reason: null }],
    });
    const records = JSON.parse(readFileSync(join(env.SCAIVAULT_HOME!, 'plugins', 'installed.json'), 'utf8')) as {
      plugins: { name: string; version: string; digest: string }[];
    };
    assert.deepEqual(
      records.plugins.map(({ name, version }) => ({ name, version })),
      [{ name: 'scaivault-plugin-hello', version: '1.1.0' }],
    );
    assert.match(records.plugins[0]!.digest, /^sha256-/);
    const pinned = JSON.parse(readFileSync(join(env.SCAIVAULT_HOME!, 'plugins', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    assert.equal(pinned.dependencies['scaivault-plugin-hello'], '1.1.0');
    const hello = await run(defaultBin, ['hello', 'greet', 'Ada'], { env });
    assert.equal(hello.status, 0, hello.stderr);

    const again = await run(defaultBin, ['plugins', 'update', 'scaivault-plugin-hello', '--json'], { env });
    assert.deepEqual(JSON.parse(again.stdout).plugins[0], {
      name: 'scaivault-plugin-hello',
      from: '1.1.0',
      to: null,
      status: 'up to date',
      reason: null,
    });
    const unknown = await run(defaultBin, ['plugins', 'update', 'scaivault-plugin-absent'], { env });
    assert.deepEqual([unknown.status, unknown.stdout], [4, '']);
    assert.match(unknown.stderr, /^error: scaivault-plugin-absent is not an installed plugin/);

    const search = await run(defaultBin, ['plugins', 'search', '--json'], { env });
    assert.equal(search.status, 0, search.stderr);
    const names = (JSON.parse(search.stdout) as { plugins: { name: string }[] }).plugins.map((p) => p.name);
    assert.ok(names.includes('scaivault-plugin-hello') && names.includes('@scaivault/plugin-pki'), names.join(' '));
    assert.ok(!names.includes('@scaivault/core') && !names.includes('scaivault') && !names.includes('fastify'), names.join(' '));
    const hellos = await run(defaultBin, ['plugins', 'search', 'hello', '--json'], { env });
    assert.deepEqual(
      (JSON.parse(hellos.stdout) as { plugins: { name: string }[] }).plugins.map((p) => p.name),
      ['scaivault-plugin-hello'],
    );
  });

  test("an enterprise's trimmed distribution (core + secrets) from its registry: pki says how to add it, plugins install pki adds it from there", async () => {
    // The distribution package docs/distributions.md describes: scaivault's bin, a package.json listing the plugins.
    const source = join(work, 'acme-scaivault');
    mkdirSync(join(source, 'bin'), { recursive: true });
    cpSync(join(REPO, 'cli', 'bin', 'scaivault.js'), join(source, 'bin', 'scaivault.js'));
    const versions = (dir: string) => (JSON.parse(readFileSync(join(REPO, dir, 'package.json'), 'utf8')) as { version: string }).version;
    writeFileSync(
      join(source, 'package.json'),
      JSON.stringify({
        name: 'acme-scaivault',
        version: '1.0.0',
        description: 'ACME scaivault: secrets only',
        license: 'UNLICENSED',
        bin: { scaivault: './bin/scaivault.js' },
        files: ['bin'],
        scaivault: { plugins: ['@scaivault/plugin-secrets'] },
        dependencies: { '@scaivault/core': versions('core'), '@scaivault/plugin-secrets': versions('plugins/secrets') },
      }),
    );
    await registry.publish([source]);

    const base = join(work, 'enterprise');
    const installEnvironment = installEnv(base, registry.url);
    const install = await run('npm', ['install', '-g', 'acme-scaivault'], { env: installEnvironment });
    assert.equal(install.status, 0, install.stderr);
    assert.deepEqual(nativeAddons(join(base, 'prefix')), []);
    const bin = join(base, 'prefix', 'bin', 'scaivault');
    // From here on npm's registry is configured only where docs/plugins.md says: ~/.scaivault/plugins/.npmrc.
    const { npm_config_registry: _registry, ...env } = { ...installEnvironment, ...devEnv };
    mkdirSync(join(env.SCAIVAULT_HOME!, 'plugins'), { recursive: true });
    writeFileSync(join(env.SCAIVAULT_HOME!, 'plugins', '.npmrc'), `registry=${registry.url}\n`);

    const read = await run(bin, ['secrets', 'read', 'app/db/credentials', '--field', 'username'], { env });
    assert.deepEqual([read.status, read.stdout], [0, 'admin']);
    const missing = await run(bin, ['pki', 'ca', 'list'], { env });
    assert.deepEqual([missing.status, missing.stdout], [1, '']);
    assert.equal(
      missing.stderr,
      'error: `scaivault pki` is provided by @scaivault/plugin-pki, which is not installed — run `scaivault plugins install pki`\n',
    );

    const add = await run(bin, ['plugins', 'install', 'pki'], { env });
    assert.equal(add.status, 0, add.stderr);
    assert.match(add.stdout, /^Installed @scaivault\/plugin-pki@\d+\.\d+\.\d+: .*pki ca list/);
    const cas = await run(bin, ['pki', 'ca', 'list', '--json'], { env });
    assert.equal(cas.status, 0, cas.stderr);
    assert.deepEqual(JSON.parse(cas.stdout), { cas: [], cursor: null, has_more: false });
  });

  /** The example plugin as another version, with a `core` range of its own: a directory ready to publish. */
  function helloVersion(version: string, core: string): string {
    const dir = join(work, `hello-${version}`);
    for (const part of ['package.json', 'README.md', 'dist']) cpSync(join(EXAMPLE_PLUGIN, part), join(dir, part), { recursive: true });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; scaivault: { core: string } };
    pkg.version = version;
    pkg.scaivault.core = core;
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
    const manifest = JSON.parse(readFileSync(join(dir, 'dist', 'manifest.json'), 'utf8')) as { version: string };
    manifest.version = version;
    writeFileSync(join(dir, 'dist', 'manifest.json'), JSON.stringify(manifest));
    return dir;
  }
});
