import { join } from 'node:path';
import type { FileSystem } from '../fs/file-system.js';
import { findPackageDir } from '../loader/find-package.js';
import type { PluginCandidate } from '../loader/types.js';
import { readInstallRecords } from './install-records.js';

/** The distribution being run: its package directory, version and the plugins it bundles. */
export interface Distribution {
  dir: string;
  name: string;
  version: string;
  /** Package names of the bundled plugins, from the distribution's package.json. */
  plugins: readonly string[];
}

export function pluginsHome(home: string): string {
  return join(home, 'plugins');
}

export function linksFile(home: string): string {
  return join(pluginsHome(home), 'links.json');
}

function readJsonOr<T>(fs: FileSystem, path: string, fallback: T): T {
  try {
    return JSON.parse(fs.readFileSync(path, 'utf8') as string) as T;
  } catch {
    return fallback;
  }
}

/** What `scaivault plugins install` put in the plugins home's package.json: package name → npm spec. */
export function installedDependencies(fs: FileSystem, home: string): Record<string, string> {
  const pkg = readJsonOr<{ dependencies?: Record<string, string> }>(fs, join(pluginsHome(home), 'package.json'), {});
  return { ...pkg.dependencies };
}

/**
 * Installed package names in install order (as recorded at install), so a plugin installed later
 * can never take a command group from one installed earlier; unrecorded ones come last.
 */
export function installedPluginNames(fs: FileSystem, home: string, records = readInstallRecords(fs, home)): string[] {
  const names = Object.keys(installedDependencies(fs, home));
  const recorded = records.map((record) => record.name).filter((name) => names.includes(name));
  return [...recorded, ...names.filter((name) => !recorded.includes(name)).sort()];
}

export function linkedPluginDirs(fs: FileSystem, home: string): string[] {
  const links = readJsonOr<unknown>(fs, linksFile(home), []);
  return Array.isArray(links) ? links.filter((dir): dir is string => typeof dir === 'string') : [];
}

/**
 * Every place a plugin may come from, in the order that decides who owns a command path:
 * core's own commands, the distribution's bundled plugins, installed ones, then linked ones.
 * The scaivault home is read through `fs`; the packages themselves are on disk.
 */
export function pluginCandidates(coreDir: string, distribution: Distribution, home: string, fs: FileSystem): PluginCandidate[] {
  const candidates: PluginCandidate[] = [{ source: 'builtin', dir: coreDir }];
  for (const name of distribution.plugins) {
    const dir = findPackageDir(name, distribution.dir);
    // A bundled plugin that is missing still shows up, as invalid, rather than vanishing quietly.
    candidates.push({ source: 'bundled', dir: dir ?? join(distribution.dir, 'node_modules', name) });
  }
  const installedRoot = join(pluginsHome(home), 'node_modules');
  const records = readInstallRecords(fs, home);
  const digests = new Map(records.map((record) => [record.name, record.digest]));
  for (const name of installedPluginNames(fs, home, records)) {
    candidates.push({ source: 'installed', dir: join(installedRoot, name), digest: digests.get(name) ?? null });
  }
  for (const dir of linkedPluginDirs(fs, home)) candidates.push({ source: 'linked', dir });
  return candidates;
}
