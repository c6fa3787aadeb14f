// A real npm registry (Verdaccio) on a loopback port, holding what `npm install -g scaivault` needs:
// every publishable package of the workspace, published with `npm publish` as a release would, and
// every third-party package they depend on, as the exact tarballs the lockfile names (from npm's
// cache). No uplinks: npm, pointed at it, installs with the network limited to 127.0.0.1.
// Used by test/test/registry-install.test.ts and bench/install.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const VERDACCIO = join(here, 'node_modules', 'verdaccio', 'bin', 'verdaccio');

/** Installs Verdaccio into tools/registry when it is not there yet (as scripts/lint.mjs does for its tools). */
export function ensureVerdaccio() {
  if (existsSync(VERDACCIO)) return;
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--silent'], { cwd: here, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('cannot install Verdaccio into tools/registry (npm ci failed): run it there by hand');
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts Verdaccio with its storage in `dir` and a publishing user. Resolves to its `url`, an
 * `npmrc` file that publishes to it (registry and token), and `stop()`.
 */
export async function startRegistry(dir) {
  ensureVerdaccio();
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`,
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    unpublish: $authenticated',
      'web:',
      '  enable: false',
      'log: { type: stdout, format: pretty, level: warn }',
      'max_body_size: 200mb',
      '',
    ].join('\n'),
  );
  const child = spawn(process.execPath, [VERDACCIO, '--config', config, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited before it answered: ${output.trim()}`);
    const ping = await fetch(`${url}-/ping`).catch(() => undefined);
    if (ping?.ok) break;
    if (attempt > 300) {
      await stop();
      throw new Error(`Verdaccio did not answer on ${url} within 30 s: ${output.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const user = await fetch(`${url}-/user/org.couchdb.user:publisher`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'publisher', password: 'publisher-password' }),
  });
  if (!user.ok) {
    await stop();
    throw new Error(`Verdaccio refused the publishing user: ${user.status} ${await user.text()}`);
  }
  const { token } = await user.json();
  const npmrc = join(dir, 'publish.npmrc');
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`, { mode: 0o600 });
  return { url, token, npmrc, stop };
}

/** The third-party packages the workspace's published packages run with: every non-dev lockfile entry. */
export function runtimeDependencies() {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const seen = new Map();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.includes('node_modules/') || entry.link || entry.dev) continue;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    seen.set(`${name}@${entry.version}`, { name, version: entry.version, integrity: entry.integrity, dir: join(root, path) });
  }
  return [...seen.values()];
}

/** The tarball npm downloaded for `integrity`, from npm's content-addressed cache; undefined when it is not there. */
function cachedTarball(cacheDir, integrity) {
  if (!integrity) return undefined;
  const [algorithm, base64] = integrity.split(' ')[0].split(/-(.*)/s);
  const hex = Buffer.from(base64, 'base64').toString('hex');
  const file = join(cacheDir, '_cacache', 'content-v2', algorithm, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
  return existsSync(file) ? readFileSync(file) : undefined;
}

/** The installed copy of a package as a tarball (package/…), for one npm's cache no longer holds. */
function packInstalled(dir) {
  const result = spawnSync('tar', ['-czf', '-', '--exclude=./node_modules', '--transform=s,^\\.,package,', '-C', dir, '.'], {
    maxBuffer: 1 << 30,
  });
  if (result.status !== 0) throw new Error(`cannot pack ${dir}: ${result.stderr}`);
  return result.stdout;
}

/** Publishes one tarball through the registry's publish endpoint (what `npm publish` sends). */
async function putTarball(registry, manifest, tarball) {
  const file = `${manifest.name.split('/').pop()}-${manifest.version}.tgz`;
  const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
  const shasum = createHash('sha1').update(tarball).digest('hex');
  const version = {
    ...manifest,
    _id: `${manifest.name}@${manifest.version}`,
    dist: { tarball: `${registry.url}${manifest.name}/-/${file}`, integrity, shasum },
  };
  const body = {
    _id: manifest.name,
    name: manifest.name,
    'dist-tags': { latest: manifest.version },
    versions: { [manifest.version]: version },
    _attachments: { [file]: { content_type: 'application/octet-stream', data: tarball.toString('base64'), length: tarball.length } },
  };
  const response = await fetch(`${registry.url}${manifest.name.replace('/', '%2f')}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${registry.token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`publishing ${manifest.name}@${manifest.version} failed: ${response.status} ${await response.text()}`);
}

/**
 * Publishes every third-party runtime dependency (lowest version first, so `latest` ends on the
 * newest), a few at a time. `cacheDir` is npm's cache (`npm config get cache`).
 */
export async function publishDependencies(registry, cacheDir) {
  const semver = createRequire(join(root, 'core', 'package.json'))('semver');
  const packages = runtimeDependencies().sort((a, b) => a.name.localeCompare(b.name) || semver.compare(a.version, b.version));
  const byName = new Map();
  for (const pkg of packages) byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg]);
  const queue = [...byName.values()];
  const worker = async () => {
    for (let versions = queue.shift(); versions; versions = queue.shift()) {
      for (const pkg of versions) {
        const manifest = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8'));
        const tarball = cachedTarball(cacheDir, pkg.integrity) ?? packInstalled(pkg.dir);
        await putTarball(registry, { ...manifest, name: pkg.name, version: pkg.version }, tarball);
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return packages.length;
}

/**
 * `npm publish` of each package directory in `dirs` (built already), as a release would publish them:
 * the workspace's packages in one npm run (`-w` for each), any other directory in one run of its own.
 */
export async function publishPackages(registry, dirs, npmCache) {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const inWorkspace = (dir) =>
    workspaces.some((pattern) => {
      const rel = relative(root, dir);
      return pattern.endsWith('/*') ? dirname(rel) === pattern.slice(0, -2) : rel === pattern;
    });
  const members = dirs.filter(inWorkspace);
  const runs = [
    ...(members.length > 0 ? [{ cwd: root, args: members.flatMap((dir) => ['-w', relative(root, dir)]) }] : []),
    ...dirs.filter((dir) => !inWorkspace(dir)).map((dir) => ({ cwd: dir, args: [] })),
  ];
  const publish = ({ cwd, args }) =>
    new Promise((resolve, reject) => {
      const child = spawn('npm', ['publish', ...args, '--ignore-scripts', '--userconfig', registry.npmrc, '--cache', npmCache], {
        cwd,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, npm_config_registry: registry.url },
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm publish in ${cwd} failed: ${stderr.trim()}`))));
    });
  await Promise.all(runs.map(publish));
}
