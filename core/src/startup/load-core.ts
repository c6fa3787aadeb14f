// How the CLI loads core: the one bundle (core.cjs) compiled with a V8 code cache kept under the
// scaivault home, so V8 deserialises core's compiled functions instead of parsing and compiling them
// on every run. The module is registered in require's cache under the bundle's path, so the package's
// ES entry points (which require core.cjs) and every plugin get this very copy.
import { isAscii } from 'node:buffer';
import { Module, createRequire } from 'node:module';
import { readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { crc32 } from './lazy-zlib.js';
import { scaivaultHome } from '../config/home.js';
import type * as Runtime from '../runtime/run.js';
import { pruneCodeCaches, readCodeCache, writeCodeCache } from './code-cache-file.js';
import { isMainHelpRequest, mainHelpCacheFile, mainHelpKey, readMainHelp, type MainHelpDistribution } from './main-help-cache.js';

export type CoreBundle = {
  runtime: typeof Runtime;
} & Record<string, unknown>;

export interface LoadCoreOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** A real import() for the bundle's one dynamic import of an ES module (a plugin's entry). */
  importModule: (specifier: string) => Promise<unknown>;
  /** Where the bundle is; core's own by default (tests point it at a copy). */
  bundleFile?: string;
  homedir?: string;
}

/** Modules the bundle's initialisers recorded as run (see scripts/bundle-core.mjs). */
function modulesRan(): string[] {
  return ((globalThis as Record<symbol, unknown>)[Symbol.for('scaivault.modulesRan')] as string[] | undefined) ?? [];
}

/** The file a cache for `key` lives in, under `<scaivault home>/cache/code/`. */
export function codeCacheFile(home: string, key: string, kind: 'core' | 'plugin' = 'core'): string {
  return join(home, 'cache', 'code', `${kind}-${crc32(key).toString(16).padStart(8, '0')}.bin`);
}

/**
 * What a cache must have been made for: this bundle's exact source, this Node, this architecture and
 * these V8 flags (a cache made under other flags is rejected by V8 — every run, were they to share a
 * file). The flags are the command line's and NODE_OPTIONS'; the CLI sets none of its own (a flag
 * set after startup would have to be set before compiling, or the cache is never accepted).
 */
export function codeCacheKey(source: Uint8Array, env: Readonly<Record<string, string | undefined>>): string {
  const flags = [...process.execArgv, env.NODE_OPTIONS ?? ''].join(' ');
  return ['scaivault-core', crc32(source).toString(16), source.length, process.version, process.arch, flags].join('\n');
}

export function loadCore(options: LoadCoreOptions): CoreBundle {
  const bundleFile = options.bundleFile ?? fileURLToPath(new URL('./core.cjs', import.meta.url));
  return runCachedCommonJs({
    file: bundleFile,
    kind: 'core',
    env: options.env,
    homedir: options.homedir,
    // The bundle's one import() of an ES module (a plugin's entry): a vm.Script has none of its own.
    extra: { __scaivaultImport: options.importModule },
  }) as CoreBundle;
}

/**
 * A bundled plugin's one CommonJS file (`<plugin>/dist/scaivault-bundle.cjs`), from a code cache of its
 * own beside core's: without one, V8 parses and compiles the plugin's code on every run.
 */
export function requireCachedBundle(file: string, env: Readonly<Record<string, string | undefined>>, home: string): unknown {
  // By its real path, as require() keys its cache: a require() of the same file elsewhere gets this module.
  return runCachedCommonJs({ file: realpathSync.native(file), kind: 'plugin', env, home, shared: loadedCore() });
}

/** What a plugin bundle requires core by (scripts/bundle-plugins.mjs). */
const CORE_SPECIFIER = '@scaivault/core/core.cjs';

/** Core's bundle as this process loaded it, when it did: this module is then part of it. */
function loadedCore(): Record<string, unknown> | undefined {
  const core = createRequire(import.meta.url).cache[fileURLToPath(new URL('./core.cjs', import.meta.url))];
  return core?.loaded ? { [CORE_SPECIFIER]: core.exports } : undefined;
}

const exitTasks: Array<() => void> = [];

/** One exit listener for every file loaded here (a test process may load every plugin). */
function atExit(task: () => void): void {
  if (exitTasks.length === 0) process.once('exit', () => exitTasks.splice(0).forEach((run) => run()));
  exitTasks.push(task);
}

interface CachedCommonJsOptions {
  file: string;
  /** Names the cache files (`core-…`, `plugin-…`), so each kind is pruned among its own. */
  kind: 'core' | 'plugin';
  env: Readonly<Record<string, string | undefined>>;
  homedir?: string | undefined;
  /** The scaivault home, when the caller has found it already. */
  home?: string;
  /** Further parameters of the module wrapper, by name. */
  extra?: Record<string, unknown>;
  /**
   * Modules the file's `require` returns without resolving them: a plugin bundle's require of core's
   * bundle, already loaded, would otherwise resolve it through core's "exports" map (1–2 ms).
   */
  shared?: Record<string, unknown> | undefined;
}

/**
 * Runs a CommonJS file as `require` would, compiled with a V8 code cache under the scaivault home
 * (`codeCacheFile`), and puts it in require's cache under its own path, so a later require() of it
 * gets this very module.
 */
function runCachedCommonJs(options: CachedCommonJsOptions): unknown {
  const bundleFile = options.file;
  const require = createRequire(bundleFile);
  const debug = (message: string): void => {
    if (options.env.SCAIVAULT_DEBUG === '1' || options.env.SCAIVAULT_DEBUG === 'true')
      process.stderr.write(`debug: code cache${options.kind === 'core' ? '' : ` (${bundleFile})`}: ${message}\n`);
  };
  const cached = require.cache[bundleFile];
  if (cached?.loaded) return cached.exports;
  // Turned off: the plain require() any other user of the file goes through.
  if (options.env.SCAIVAULT_NO_CACHE === '1') {
    debug('off (SCAIVAULT_NO_CACHE=1)');
    return require(bundleFile);
  }

  // Hashed as bytes: a CRC of the decoded string would encode it back to UTF-8 first.
  const bytes = readFileSync(bundleFile);
  // The build keeps its bundles ASCII (scripts/ascii-only.mjs): Latin-1 is then the same text, decoded
  // faster and held by V8 as a one-byte string. Anything else (a hand-edited file) is read as UTF-8.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  // A vm.Script has no import() of its own, and none survives a code cache: a plugin bundle that
  // imports a package it keeps outside (a server module) is required as any file is.
  if (options.kind === 'plugin' && /\bimport\(/.test(source)) {
    debug('off (the bundle has an import())');
    return require(bundleFile);
  }
  const key = codeCacheKey(bytes, options.env);
  const file = codeCacheFile(options.home ?? scaivaultHome(options.env, options.homedir ?? homedir()), key, options.kind);
  const found = readCodeCache(file, key);
  const cache = typeof found === 'string' ? undefined : found;
  const extra = options.extra ?? {};
  const wrapped = `(function (${['exports', 'require', 'module', '__filename', '__dirname', ...Object.keys(extra)].join(', ')}) {${source}\n})`;
  const script = new Script(wrapped, {
    filename: bundleFile,
    ...(cache ? { cachedData: cache.data } : {}),
  });
  const usable = cache !== undefined && script.cachedDataRejected !== true;
  debug(`${usable ? 'used' : typeof found === 'string' ? found : 'rejected by V8'} ${file}`);

  const module = new Module(bundleFile);
  module.filename = bundleFile;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(bundleFile));
  require.cache[bundleFile] = module;
  try {
    const run = script.runInThisContext() as (...args: unknown[]) => void;
    const shared = options.shared;
    const moduleRequire =
      shared === undefined ? require : Object.assign((id: string) => (Object.hasOwn(shared, id) ? shared[id] : require(id)), require);
    run.call(module.exports, module.exports, moduleRequire, module, bundleFile, dirname(bundleFile), ...Object.values(extra));
  } catch (error) {
    delete require.cache[bundleFile];
    throw error;
  }
  module.loaded = true;

  // Written at exit, so it covers the functions this run compiled; rewritten when a run used modules
  // the cache did not cover yet (the first run may have been --help, the next one a command).
  atExit(() => {
    const ran = modulesRan();
    if (usable && ran.every((name) => cache.modules.has(name))) return;
    const covered = new Set([...(usable ? cache.modules : []), ...ran]);
    const written = writeCodeCache(file, key, covered, script.createCachedData());
    debug(`${written ? 'written' : 'could not write'} ${file}`);
    // A new file (this build or this Node is new here): the caches of builds long gone can go.
    if (written && !usable) pruneCodeCaches(file, Date.now());
  });
  return module.exports;
}

/**
 * The root help as last rendered, when `argv` asks for it and nothing it was made from has changed
 * (`main-help-cache.ts`): the CLI prints it without loading core. Undefined otherwise, and always
 * under SCAIVAULT_NO_CACHE=1.
 */
export function cachedMainHelp(options: {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  distribution: MainHelpDistribution;
  /** The terminal's width when stdout is one (the help wraps to it), else undefined. */
  columns: number | undefined;
  homedir?: string;
}): { stdout: string; stderr: string } | undefined {
  if (!isMainHelpRequest(options.argv) || options.env.SCAIVAULT_NO_CACHE === '1') return undefined;
  const home = scaivaultHome(options.env, options.homedir ?? homedir());
  return readMainHelp(mainHelpCacheFile(home), mainHelpKey(options.distribution, options.columns));
}
