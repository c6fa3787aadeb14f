// A runtime plugin loader for clipanion CLIs: discovery from package.json files, a build-time
// command manifest, a cached command index, compatibility checks before any plugin code runs,
// and imports that share the host's copy of common packages. It knows nothing of the host product.
export { PluginIndex, type CommandMatch, type IndexOptions } from './plugin-index.js';
export { importPlugin, type ImportOptions } from './import-plugin.js';
export { readPlugin } from './read-plugin.js';
export { assignPaths } from './command-ownership.js';
export { digestPackage, integrityProblem } from './package-digest.js';
export { bareSharedImports, type BareSharedImport } from './shared-imports.js';
export { incompatibility, type HostInfo } from './compatibility.js';
export { findPackageDir } from './find-package.js';
export { COMMAND_EFFECTS, SOURCE_ORDER } from './types.js';
export type {
  CommandEffect,
  FileStamp,
  ManifestArgument,
  ManifestOption,
  ManifestCommand,
  PluginCandidate,
  PluginManifest,
  PluginPackageField,
  PluginRecord,
  PluginSourceKind,
  PluginStatus,
} from './types.js';
