import { readFileSync } from 'node:fs';
import type { HostInfo } from './compatibility.js';
import { sameStamp, stampOf, treeStampOf } from './file-stamp.js';
import { decodeRecords, encodeRecords, type EncodedRecords } from './index-encoding.js';
import type { ManifestCommand, PluginCandidate, PluginRecord } from './types.js';

export interface IndexOptions {
  /** The package.json field that marks a plugin, e.g. "scaivault". */
  packageField: string;
  host: HostInfo;
  /** Plugin directories in discovery order: earlier ones keep a command path. */
  candidates: readonly PluginCandidate[];
  /** Where the index is cached between runs; undefined disables the cache. */
  cacheFile?: string | undefined;
  /** Reads the cache (node:fs by default: a test hands in its in-memory file system). */
  readCache?: (path: string) => string;
  /** Persists the cache; called only when the index was rebuilt. */
  writeCache?: (path: string, text: string) => void;
  /**
   * Whether a cache hit also walks every installed plugin's files (`treeStampOf`); true unless turned
   * off. The CLI turns it off except for the `plugins` commands and checks only the plugin whose code
   * it is about to run (`filesUnchanged`): a walk of every plugin on every start is what made fifty
   * installed plugins cost more than one. Turned off, an installed plugin's entry alone is stat-ed
   * (`stampedFiles`); other plugins' package.json, manifest and entry always are.
   */
  checkTrees?: boolean;
  /** Ignore the cache and rebuild (each installed plugin checked against its install digest). */
  rebuild?: boolean;
}

export interface CommandMatch {
  plugin: PluginRecord;
  command: ManifestCommand;
}

/**
 * Bumped whenever the rules that decide a plugin's status change, so no stale verdict survives, and
 * whenever the records' encoding does (index-encoding.ts).
 */
const CACHE_FORMAT = 5;

/**
 * The file is two lines: this, as JSON, and the records' help text (`EncodedRecords.help`). Only the
 * first is parsed on a start; the second stays a slice of the text read until help is shown.
 */
interface CacheHead extends Omit<EncodedRecords, 'help'> {
  formatVersion: typeof CACHE_FORMAT;
  host: HostInfo;
  candidates: PluginCandidate[];
}

const key = (path: readonly string[]) => path.join(' ');

/** Whether an installed plugin's files are as they were when its record was built (stats only, no reads). */
export function filesUnchanged(plugin: PluginRecord): boolean {
  return plugin.treeStamp === undefined || plugin.treeStamp === treeStampOf(plugin.dir);
}

/**
 * Which plugin owns which command path. Built from package.json files and manifests only, cached,
 * and rebuilt when any plugin's package.json, manifest or entry changes, any file of an installed
 * plugin changes, or plugins come or go. Installed plugins' files are checked against their recorded
 * digest on every rebuild. A hit costs a `stat` of each bundled and linked plugin's package.json,
 * manifest and entry; of an installed plugin, with `checkTrees` those three and one `lstat` per
 * file, else a `stat` of its entry alone (`stampedFiles`); never a read.
 */
export class PluginIndex {
  private readonly byPath = new Map<string, CommandMatch>();

  private constructor(
    readonly plugins: readonly PluginRecord[],
    readonly fromCache: boolean,
  ) {
    for (const plugin of plugins) {
      if (plugin.status !== 'active') continue;
      for (const command of plugin.commands) this.byPath.set(key(command.path), { plugin, command });
    }
  }

  static async load(options: IndexOptions): Promise<PluginIndex> {
    const cached = options.cacheFile && options.rebuild !== true ? readCache(options.cacheFile, options) : undefined;
    if (cached) return new PluginIndex(cached, true);
    // Reading plugins (semver for their ranges, digests of installed ones) is only paid for on a cache miss.
    const [{ readPlugin }, { assignPaths }] = await Promise.all([import('./read-plugin.js'), import('./command-ownership.js')]);
    const plugins = assignPaths(options.candidates.map((candidate) => readPlugin(candidate, options.packageField, options.host)));
    if (options.cacheFile && options.writeCache) {
      const { help, ...records } = encodeRecords(plugins);
      const head: CacheHead = { formatVersion: CACHE_FORMAT, host: options.host, candidates: [...options.candidates], ...records };
      try {
        options.writeCache(options.cacheFile, `${JSON.stringify(head)}\n${help}`);
      } catch {
        // A read-only home must not break the CLI; the index is simply rebuilt next time.
      }
    }
    return new PluginIndex(plugins, false);
  }

  /** The command whose path is the longest prefix of `words`. */
  match(words: readonly string[]): CommandMatch | undefined {
    for (let length = Math.min(words.length, 8); length > 0; length--) {
      const found = this.byPath.get(key(words.slice(0, length)));
      if (found) return found;
    }
    return undefined;
  }

  /** Active commands, in discovery order. */
  commands(): CommandMatch[] {
    return [...this.byPath.values()];
  }

  /** Commands whose path starts with `prefix` (for `scaivault <group>` and completion). */
  commandsUnder(prefix: readonly string[]): CommandMatch[] {
    return this.commands().filter(({ command }) => prefix.every((word, i) => command.path[i] === word));
  }
}

function readCache(path: string, options: IndexOptions): PluginRecord[] | undefined {
  let file: CacheHead;
  let help: string;
  try {
    const text = options.readCache ? options.readCache(path) : readFileSync(path, 'utf8');
    const newline = text.indexOf('\n');
    if (newline < 0) return undefined;
    file = JSON.parse(text.slice(0, newline)) as CacheHead;
    help = text.slice(newline + 1);
  } catch {
    return undefined;
  }
  if (file.formatVersion !== CACHE_FORMAT || JSON.stringify(file.host) !== JSON.stringify(options.host)) return undefined;
  if (JSON.stringify(file.candidates) !== JSON.stringify(options.candidates)) return undefined;
  let plugins: PluginRecord[];
  try {
    plugins = decodeRecords({ ...file, help }, (problem) => {
      // Written whole and read back broken: the disk. Emptied, the next run builds it afresh.
      try {
        options.writeCache?.(path, '');
      } catch {
        // Unwritable: the next run finds it damaged the same way.
      }
      throw new Error(`the plugin index ${path} is damaged: ${problem}; it is rebuilt on the next run`);
    });
  } catch {
    return undefined;
  }
  for (const plugin of plugins) {
    for (const filePath of stampedFiles(plugin, options.checkTrees !== false)) {
      if (!sameStamp(plugin.stamps[filePath], stampOf(filePath))) return undefined;
    }
    if (options.checkTrees !== false && !filesUnchanged(plugin)) return undefined;
  }
  return plugins;
}

/**
 * The files a cache hit stats for `plugin`. An installed plugin changes only through `plugins
 * install|update|remove`, which rewrite the install records the candidates carry, and any other edit
 * makes it tampered: a start that walks no trees stats its entry alone (a changed entry is reported
 * on any command, not only once the plugin's own runs), and the plugin's whole tree is walked before
 * its code runs. Bundled and linked plugins change with a rebuild: all three files, every start.
 */
function stampedFiles(plugin: PluginRecord, walksTrees: boolean): string[] {
  if (plugin.source === 'installed' && !walksTrees && plugin.entry !== undefined && plugin.entry in plugin.stamps) return [plugin.entry];
  return Object.keys(plugin.stamps);
}
