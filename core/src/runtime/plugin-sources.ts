import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageDir } from '../loader/find-package.js';
import type { PluginCandidate } from '../loader/types.js';

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

function readJsonOr<T>(path: string, fallback: T): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

/** Package names installed with `scaivault plugins install`, from the plugins home's package.json. */
export function installedPluginNames(home: string): string[] {
  const pkg = readJsonOr<{ dependencies?: Record<string, string> }>(join(pluginsHome(home), 'package.json'), {});
  return Object.keys(pkg.dependencies ?? {}).sort();
}

export function linkedPluginDirs(home: string): string[] {
  const links = readJsonOr<unknown>(linksFile(home), []);
  return Array.isArray(links) ? links.filter((dir): dir is string => typeof dir === 'string') : [];
}

/**
 * Every place a plugin may come from, in the order that decides who owns a command path:
 * core's own commands, the distribution's bundled plugins, installed ones, then linked ones.
 */
export function pluginCandidates(coreDir: string, distribution: Distribution, home: string): PluginCandidate[] {
  const candidates: PluginCandidate[] = [{ source: 'builtin', dir: coreDir }];
  for (const name of distribution.plugins) {
    const dir = findPackageDir(name, distribution.dir);
    // A bundled plugin that is missing still shows up, as invalid, rather than vanishing quietly.
    candidates.push({ source: 'bundled', dir: dir ?? join(distribution.dir, 'node_modules', name) });
  }
  const installedRoot = join(pluginsHome(home), 'node_modules');
  for (const name of installedPluginNames(home)) candidates.push({ source: 'installed', dir: join(installedRoot, name) });
  for (const dir of linkedPluginDirs(home)) candidates.push({ source: 'linked', dir });
  return candidates;
}
