// The root help (`scaivault`, `--help`, `-h`, `help`) as last rendered, kept beside the plugin index
// so the CLI can print it without loading core: rendering it takes core's bundle and the index, which
// is most of what `--help` costs. It is used only while every file it was made from is as it was
// (a stat of each, never a read): the index itself, each plugin's package.json, manifest and entry,
// the plugins home's records and the distribution's and core's package.json and bundle. Installing,
// linking or removing a plugin changes one of them, so the next `--help` renders it afresh.
// Nothing here may import more than node:fs and node:path: the startup loader carries it.
import { statSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Bumped whenever what the help depends on, or this file's layout, changes. */
const FORMAT = 1;

/** A file's size, modification and change time (ms), or null when it does not exist. */
type Input = [path: string, stamp: [number, number, number] | null];

interface MainHelpCache {
  format: typeof FORMAT;
  key: string;
  inputs: Input[];
  stdout: string;
  stderr: string;
}

export interface MainHelpDistribution {
  dir: string;
  name: string;
  version: string;
  plugins: readonly string[];
}

/** What the rendered text also depends on besides files: the release, Node (plugin compatibility) and the width. */
export function mainHelpKey(distribution: MainHelpDistribution, columns: number | undefined): string {
  return [distribution.name, distribution.version, process.version, columns ?? '-'].join('\n');
}

export function mainHelpCacheFile(home: string): string {
  return join(home, 'cache', 'main-help.json');
}

export function pluginIndexFile(home: string): string {
  return join(home, 'cache', 'plugin-index.json');
}

/** The argument lists that print the root help and nothing else. */
export function isMainHelpRequest(argv: readonly string[]): boolean {
  return argv.length === 0 || (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help'));
}

function stampOf(path: string): Input[1] {
  try {
    // Without throwing for a missing file: most probes of where a bundled plugin might be find none,
    // and an exception (its stack trace) per probe was most of a cached help's stats.
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat === undefined ? null : [stat.size, stat.mtimeMs, stat.ctimeMs];
  } catch {
    return null;
  }
}

/**
 * Every package.json `findPackageDir` looks for to find a bundled plugin, up to the one it finds: a
 * package that appears earlier on that path (or the found one going) changes what the index holds.
 */
function bundledPluginProbes(name: string, fromDir: string): string[] {
  const probes: string[] = [];
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const probe = join(dir, 'node_modules', name, 'package.json');
    probes.push(probe);
    if (stampOf(probe) !== null || dirname(dir) === dir) return probes;
  }
}

/**
 * The files the index is built from besides the plugins' own, stamped *before* the index is loaded:
 * a change made while this run reads them leaves a stamp the next run does not match.
 */
export function mainHelpSourceInputs(home: string, distribution: MainHelpDistribution, coreDir: string): Input[] {
  const paths = new Set<string>([
    join(home, 'plugins', 'package.json'),
    join(home, 'plugins', 'installed.json'),
    join(home, 'plugins', 'links.json'),
    join(distribution.dir, 'package.json'),
    join(coreDir, 'package.json'),
    join(coreDir, 'dist', 'bundle', 'core.cjs'),
  ]);
  for (const name of distribution.plugins) for (const probe of bundledPluginProbes(name, distribution.dir)) paths.add(probe);
  return [...paths].map((path) => [path, stampOf(path)]);
}

/**
 * All the help's inputs: those above, each plugin's files with the stamps its record was built
 * from (taken before they were read), and the index file as it is now that this run has loaded or written it.
 */
export function mainHelpInputs(
  sources: Input[],
  index: { plugins: ReadonlyArray<{ stamps: Record<string, { size: number; mtimeMs: number; ctimeMs: number } | null> }> },
  home: string,
): Input[] {
  const inputs = new Map<string, Input[1]>(sources);
  for (const plugin of index.plugins) {
    for (const [path, stamp] of Object.entries(plugin.stamps)) inputs.set(path, stamp && [stamp.size, stamp.mtimeMs, stamp.ctimeMs]);
  }
  inputs.set(pluginIndexFile(home), stampOf(pluginIndexFile(home)));
  return [...inputs];
}

export function serialiseMainHelp(key: string, inputs: Input[], stdout: string, stderr: string): string {
  const file: MainHelpCache = { format: FORMAT, key, inputs, stdout, stderr };
  return JSON.stringify(file);
}

const sameStamp = (a: Input[1], b: Input[1]): boolean =>
  a === null || b === null ? a === b : a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

/** The cached help when it was made for `key` and none of its inputs changed since; otherwise undefined. */
export function readMainHelp(file: string, key: string): { stdout: string; stderr: string } | undefined {
  let cache: MainHelpCache;
  try {
    cache = JSON.parse(readFileSync(file, 'utf8')) as MainHelpCache;
  } catch {
    return undefined;
  }
  if (cache?.format !== FORMAT || cache.key !== key || !Array.isArray(cache.inputs)) return undefined;
  if (typeof cache.stdout !== 'string' || typeof cache.stderr !== 'string') return undefined;
  for (const input of cache.inputs) {
    if (!Array.isArray(input) || typeof input[0] !== 'string' || !sameStamp(input[1], stampOf(input[0]))) return undefined;
  }
  return { stdout: cache.stdout, stderr: cache.stderr };
}
