import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './workspace.js';

/**
 * A real npm registry (Verdaccio, tools/registry/registry.mjs) on loopback, holding every publishable
 * package of the workspace (published with `npm publish`) and every third-party package they run
 * with. The package list comes from scripts/check-packages.mjs, which derives it from the workspace.
 */
export interface TestRegistry {
  url: string;
  /** A user config that publishes to it (registry and token). */
  npmrc: string;
  /** `npm publish` of more package directories (built already). */
  publish(dirs: string[]): Promise<void>;
  stop(): Promise<void>;
}

interface RegistryTools {
  startRegistry(dir: string): Promise<{ url: string; token: string; npmrc: string; stop(): Promise<void> }>;
  publishDependencies(registry: { url: string; token: string }, npmCacheDir: string): Promise<number>;
  publishPackages(registry: { url: string; npmrc: string }, dirs: string[], npmCache: string): Promise<void>;
}

export async function startTestRegistry(dir: string): Promise<TestRegistry> {
  const tools = (await import(pathToFileURL(join(REPO, 'tools', 'registry', 'registry.mjs')).href)) as RegistryTools;
  const { publishableDirs } = (await import(pathToFileURL(join(REPO, 'scripts', 'check-packages.mjs')).href)) as {
    publishableDirs: () => string[];
  };
  const registry = await tools.startRegistry(join(dir, 'verdaccio'));
  const publishCache = join(dir, 'publish-cache');
  try {
    // The third-party tarballs come from the npm cache the workspace was installed with.
    await tools.publishDependencies(registry, npmConfig('cache'));
    await tools.publishPackages(registry, publishableDirs(), publishCache);
  } catch (error) {
    await registry.stop();
    throw error;
  }
  return {
    url: registry.url,
    npmrc: registry.npmrc,
    publish: (dirs) => tools.publishPackages(registry, dirs, publishCache),
    stop: () => registry.stop(),
  };
}

/** One npm setting as this machine has it (outside any npm script that runs the tests). */
function npmConfig(key: string): string {
  const result = spawnSync('npm', ['config', 'get', key], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/' },
  });
  return result.stdout.trim();
}

/**
 * The environment of a user who installs from `registry` into `prefix` with an empty npm cache:
 * nothing from the npm script running the tests, no proxy (the registry is on loopback and nothing
 * else may be reached), no ScaiVault settings.
 */
export function installEnv(base: string, registry: string): Record<string, string> {
  mkdirSync(base, { recursive: true });
  const env: Record<string, string> = {
    PATH: `${join(base, 'prefix', 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: process.env.HOME ?? base,
    SCAIVAULT_HOME: join(base, 'scaivault-home'),
    npm_config_registry: registry,
    npm_config_prefix: join(base, 'prefix'),
    npm_config_cache: join(base, 'npm-cache'),
    npm_config_userconfig: join(base, 'npmrc'),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_fetch_retries: '0',
  };
  // Offline, node-gyp cannot download Node's headers; where the running Node's own are installed
  // (a distribution's nodejs-dev), point it at them, as `npm config set nodedir` would.
  const nodePrefix = dirname(dirname(process.execPath));
  if (existsSync(join(nodePrefix, 'include', 'node', 'node_version.h'))) env.npm_config_nodedir = nodePrefix;
  return env;
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to its end, with a fresh environment. */
export function run(command: string, args: string[], options: { env: Record<string, string>; cwd?: string; input?: string }): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd ?? options.env.HOME, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.stdin.end(options.input ?? '');
    child.once('close', (status) => resolve({ status, stdout, stderr, ms: performance.now() - started }));
  });
}

/** Every native addon (`*.node`) under `dir`: what an install compiled or downloaded. */
export function nativeAddons(dir: string): string[] {
  const result = spawnSync('find', [dir, '-name', '*.node', '-type', 'f'], { encoding: 'utf8' });
  return result.stdout.split('\n').filter((line) => line !== '');
}

/** The version the scaivault package has in the workspace. */
export function cliVersion(): string {
  return (JSON.parse(readFileSync(join(REPO, 'cli', 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * What a user online gets for better-sqlite3: a prebuilt binary that prebuild-install downloads from the
 * project's release host instead of compiling. Served here on loopback from the binary the workspace
 * built (same version, same Node ABI), through the mirror variable prebuild-install reads. Undefined
 * when the workspace has no such build: the install then compiles it, as it does offline.
 */
export async function startPrebuildHost(): Promise<{ env: Record<string, string>; close(): Promise<void> } | undefined> {
  const pkgDir = join(REPO, 'node_modules', 'better-sqlite3');
  const binary = join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(binary)) return undefined;
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const tarball = spawnSync('tar', ['-czf', '-', '-C', pkgDir, 'build/Release/better_sqlite3.node'], { maxBuffer: 1 << 28 }).stdout;
  const file = `/v${version}/better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    if (req.url !== file) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/gzip');
    res.end(tarball);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    env: { npm_config_better_sqlite3_binary_host: `http://127.0.0.1:${port}` },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
