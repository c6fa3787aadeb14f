/** Where a plugin was found; earlier sources win command paths over later ones. */
export type PluginSourceKind = 'builtin' | 'bundled' | 'installed' | 'linked';

export const SOURCE_ORDER: readonly PluginSourceKind[] = ['builtin', 'bundled', 'installed', 'linked'];

/** The package.json field that makes a package a plugin. */
export interface PluginPackageField {
  /** Bumped on every breaking change of the plugin API. */
  apiVersion: number;
  /** Semver range of host versions the plugin works with. */
  core: string;
  /** Module (relative to the package) whose default export is the plugin definition. */
  entry: string;
  /** Build-time manifest (relative to the package). */
  manifest: string;
}

/**
 * What running a command does, for whatever acts on a user's behalf without a person reading each
 * command line (`scaivault mcp`): `read` changes nothing and prints no secret value; `reveal` reads and
 * prints secret values; `write` changes something (on the server or on this machine); `destroy` deletes
 * or revokes something. A command that declares nothing is treated as `write`.
 */
export type CommandEffect = 'read' | 'reveal' | 'write' | 'destroy';

export const COMMAND_EFFECTS: readonly CommandEffect[] = ['read', 'reveal', 'write', 'destroy'];

/** A positional argument as the command declared it. */
export interface ManifestArgument {
  name: string;
  required: boolean;
  /** Takes every remaining argument (`...`). */
  rest?: boolean;
}

/** One option as the manifest stores it. */
export interface ManifestOption {
  definition: string;
  description?: string;
  required: boolean;
  /** Names the option's value in help (`--webhook <id>`), where the command declared one. */
  placeholder?: string;
  /** May be given more than once, each value kept (`--san a --san b`). */
  repeatable?: boolean;
}

/** One command as the manifest describes it: enough for help, completion and dispatch. */
export interface ManifestCommand {
  path: string[];
  usage: string;
  description?: string;
  details?: string;
  examples?: Array<[string, string]>;
  options: ManifestOption[];
  /** The positional arguments, in order (absent in manifests built before they were recorded). */
  arguments?: ManifestArgument[];
  /** What the command does; absent means it was not declared, which is treated as `write`. */
  effect?: CommandEffect;
  /** Where its `--json` output holds secret values (dot paths, `*` for any key or index). */
  reveals?: string[];
  /** `false`: never offered as a tool (it runs until stopped, or needs a person at a terminal). */
  tool?: false;
  /** Options a tool must not offer (e.g. `--follow`, which would never return). */
  toolOmits?: string[];
}

export interface PluginManifest {
  manifestVersion: 1;
  name: string;
  version: string;
  commands: ManifestCommand[];
}

export type PluginStatus = 'active' | 'incompatible' | 'conflict' | 'invalid' | 'tampered';

/** Size, modification and change time of a file, to notice edits without reading it. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

export interface PluginRecord {
  name: string;
  version: string;
  source: PluginSourceKind;
  dir: string;
  status: PluginStatus;
  reason?: string;
  /** Absolute path of the entry module, when the package.json declared one. */
  entry?: string;
  manifestPath?: string;
  commands: ManifestCommand[];
  /** Stamps of the files the record was built from. */
  stamps: Record<string, FileStamp | null>;
  /** For an installed plugin: the stamp of every file of the package (`treeStampOf`), so any edit rebuilds. */
  treeStamp?: string | null;
}

/** A directory that may hold a plugin package, and the source it came from. */
export interface PluginCandidate {
  source: PluginSourceKind;
  dir: string;
  /**
   * The digest of the package's files recorded when it was installed, checked whenever the index is
   * rebuilt; `null` when one was expected but none was recorded. Absent: not checked.
   */
  digest?: string | null;
}
