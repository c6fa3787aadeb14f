import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { incompatibility, type HostInfo } from './compatibility.js';
import { stampOf, treeStampOf } from './file-stamp.js';
import { integrityProblem } from './package-digest.js';
import type { PluginCandidate, PluginManifest, PluginPackageField, PluginRecord } from './types.js';

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parsePackageField(value: unknown): PluginPackageField | string {
  if (!isObject(value)) return 'the plugin field must be an object';
  const { apiVersion, core, entry, manifest } = value;
  if (typeof apiVersion !== 'number' || !Number.isInteger(apiVersion)) return 'apiVersion must be an integer';
  if (typeof core !== 'string') return 'core must be a semver range';
  if (typeof entry !== 'string') return 'entry must be a module path';
  if (typeof manifest !== 'string') return 'manifest must be a file path';
  return { apiVersion, core, entry, manifest };
}

function parseManifest(value: unknown): PluginManifest | string {
  if (!isObject(value) || value.manifestVersion !== 1) return 'unsupported manifest format';
  if (typeof value.name !== 'string' || typeof value.version !== 'string' || !Array.isArray(value.commands)) {
    return 'manifest lacks name, version or commands';
  }
  for (const command of value.commands as unknown[]) {
    if (!isObject(command) || !Array.isArray(command.path) || command.path.some((word) => typeof word !== 'string')) {
      return 'manifest has a command without a path';
    }
  }
  return value as unknown as PluginManifest;
}

/**
 * Reads a plugin package's package.json and manifest — never its code — and says whether it
 * can run on this host. Conflicts between plugins are decided later, across all of them.
 */
export function readPlugin(candidate: PluginCandidate, packageField: string, host: HostInfo): PluginRecord {
  const dir = resolve(candidate.dir);
  const packageJsonPath = join(dir, 'package.json');
  const base: Pick<PluginRecord, 'source' | 'dir' | 'commands' | 'treeStamp'> = { source: candidate.source, dir, commands: [] };
  const stamps: PluginRecord['stamps'] = { [packageJsonPath]: stampOf(packageJsonPath) };
  const invalid = (name: string, version: string, reason: string): PluginRecord => ({
    ...base,
    name,
    version,
    status: 'invalid',
    reason,
    stamps,
  });

  let pkg: unknown;
  try {
    pkg = readJson(packageJsonPath);
  } catch (error) {
    return invalid(dir, '?', `cannot read package.json: ${(error as Error).message}`);
  }
  if (!isObject(pkg) || typeof pkg.name !== 'string' || typeof pkg.version !== 'string') {
    return invalid(dir, '?', 'package.json lacks name or version');
  }
  const { name, version } = pkg;
  const field = parsePackageField(pkg[packageField]);
  if (typeof field !== 'string') {
    stamps[join(dir, field.entry)] = stampOf(join(dir, field.entry));
    stamps[join(dir, field.manifest)] = stampOf(join(dir, field.manifest));
  }
  // Checked first: nothing a changed package.json says is to be believed. The tree is stamped
  // before the digest is taken, so a change made in between still rebuilds the index next time.
  if (candidate.digest !== undefined) {
    base.treeStamp = treeStampOf(dir);
    const tampered = integrityProblem(dir, candidate.digest);
    if (tampered !== undefined) return { ...base, name, version, status: 'tampered', reason: tampered, stamps };
  }
  if (typeof field === 'string') return invalid(name, version, `not a plugin: ${field} ("${packageField}" in package.json)`);

  const entry = join(dir, field.entry);
  const manifestPath = join(dir, field.manifest);
  const located = { ...base, name, version, entry, manifestPath, stamps };

  const engines = isObject(pkg.engines) ? pkg.engines : {};
  const nodeRange = typeof engines.node === 'string' ? engines.node : undefined;
  const problem = incompatibility({ apiVersion: field.apiVersion, core: field.core, nodeRange }, host);
  if (problem !== undefined) return { ...located, status: 'incompatible', reason: problem };

  let manifest: PluginManifest | string;
  try {
    manifest = parseManifest(readJson(manifestPath));
  } catch (error) {
    manifest = `cannot read manifest ${field.manifest}: ${(error as Error).message}`;
  }
  if (typeof manifest === 'string') return { ...located, status: 'invalid', reason: manifest };
  if (manifest.name !== name || manifest.version !== version) {
    return { ...located, status: 'invalid', reason: `stale manifest (built for ${manifest.name}@${manifest.version}): rebuild the plugin` };
  }
  if (stamps[entry] === null) return { ...located, status: 'invalid', reason: `entry ${field.entry} does not exist: build the plugin` };
  return { ...located, status: 'active', commands: manifest.commands };
}
