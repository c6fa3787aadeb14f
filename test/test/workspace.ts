import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Distribution } from '@scaivault/core/runtime';

/** The repository root, from test/dist/test/<file>.js. */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BIN = join(REPO, 'cli', 'bin', 'scaivault.js');
export const EXAMPLE_PLUGIN = join(REPO, 'docs', 'examples', 'plugin-hello');

/** The bundled distribution, exactly as `cli/bin/scaivault.js` describes it. */
export function bundledDistribution(): Distribution {
  const pkg = JSON.parse(readFileSync(join(REPO, 'cli', 'package.json'), 'utf8'));
  return { dir: join(REPO, 'cli'), name: pkg.name, version: pkg.version, plugins: pkg.scaivault.plugins };
}

/** A fresh SCAIVAULT_HOME; removed by the returned cleanup. */
export function tempHome(prefix = 'sv-home-'): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), prefix));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/**
 * A distribution package of its own (what an enterprise ships): a package.json listing the
 * bundled plugins and a node_modules where they are found.
 */
export function makeDistribution(root: string, plugins: Record<string, string>): Distribution {
  const dir = join(root, 'distribution');
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  for (const [name, source] of Object.entries(plugins)) {
    const target = join(dir, 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(source, target);
  }
  const pkg = { name: 'acme-scaivault', version: '3.1.0', scaivault: { plugins: Object.keys(plugins) } };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  return { dir, name: pkg.name, version: pkg.version, plugins: Object.keys(plugins) };
}

export interface FakePlugin {
  name: string;
  commands: string[][];
  /** Body of the entry module; by default a working plugin whose commands print their path. */
  entry?: string;
  apiVersion?: number;
  core?: string;
}

/** Writes a small plugin package (plain ESM, manifest included) for plugin-system tests. */
export function writePlugin(dir: string, plugin: FakePlugin): string {
  mkdirSync(dir, { recursive: true });
  const pkg = {
    name: plugin.name,
    version: '1.0.0',
    type: 'module',
    scaivault: { apiVersion: plugin.apiVersion ?? 1, core: plugin.core ?? '*', entry: './index.js', manifest: './manifest.json' },
    // As every real plugin does: core is provided by the CLI, never fetched from a registry.
    peerDependencies: { '@scaivault/core': '*' },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  const manifest = {
    manifestVersion: 1,
    name: plugin.name,
    version: '1.0.0',
    commands: plugin.commands.map((path) => ({
      path,
      usage: `scaivault ${path.join(' ')}`,
      description: `${plugin.name} command`,
      options: [],
    })),
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  const classes = plugin.commands
    .map(
      (path, i) => `class C${i} extends ScaiVaultCommand {
  static paths = [${JSON.stringify(path)}];
  async execute() { this.output.object({ ran: ${JSON.stringify(path.join(' '))} }, { human: 'ran ${path.join(' ')}' }); return 0; }
}`,
    )
    .join('\n');
  const working = `import { ScaiVaultCommand, definePlugin } from '@scaivault/core';
${classes}
export default definePlugin({ name: ${JSON.stringify(plugin.name)}, version: '1.0.0', apiVersion: 1, commands: [${plugin.commands.map((_, i) => `C${i}`).join(', ')}] });
`;
  writeFileSync(join(dir, 'index.js'), plugin.entry ?? working);
  return dir;
}

/**
 * A package registry on loopback that knows only `packages` (name → published versions) and records
 * every request, so a test can point npm at it and prove what npm asked for — or that it asked nothing.
 */
export async function startRegistry(
  packages: Record<string, string[]> = {},
): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    const versions = packages[name];
    res.setHeader('content-type', 'application/json');
    if (!versions) {
      res.statusCode = 404;
      res.end('{"error":"Not found"}');
      return;
    }
    const entries = Object.fromEntries(
      versions.map((v) => [v, { name, version: v, dist: { tarball: `http://127.0.0.1/${name}/-/${name}-${v}.tgz` } }]),
    );
    res.end(JSON.stringify({ name, 'dist-tags': { latest: versions.at(-1) }, versions: entries }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A loopback URL nothing listens on. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}

/** The environment for a CLI that runs npm: npm finds itself, keeps its cache and config in `home`, and asks `registry` only. */
export function npmEnv(home: string, registry: string): Record<string, string> {
  return {
    SCAIVAULT_HOME: home,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    npm_config_registry: registry,
    npm_config_cache: join(home, 'npm-cache'),
    npm_config_userconfig: join(home, 'npmrc'),
    // A registry that refuses connections is the point of some tests: npm's retries (~70 s) would only slow them.
    npm_config_fetch_retries: '0',
  };
}
