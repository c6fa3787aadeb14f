import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importModule } from './import-module.js';
import { requireCachedBundle } from '../startup/load-core.js';
import type { PluginRecord } from './types.js';

let hookRegistered = false;

export interface ImportOptions {
  /** Packages that plugins outside the host's node_modules must share with the host. */
  sharedPackages: readonly string[];
  /** Bare specifiers replaced by another (e.g. a package by the host's facade for it). */
  aliases?: Readonly<Record<string, string>>;
  /** A module URL inside the host from which the shared packages resolve. */
  hostParentURL: string;
  /** A bundled plugin's code cache: the scaivault home it lives in, and the environment (SCAIVAULT_NO_CACHE). None without it. */
  codeCache?: { env: Readonly<Record<string, string | undefined>>; home: string };
}

/**
 * Imports a plugin's entry module and returns its default export. Plugins that the host does not
 * bundle get a resolution hook first, so their imports of the shared packages reach the host's copy.
 */
export async function importPlugin(plugin: PluginRecord, options: ImportOptions): Promise<unknown> {
  if (!plugin.entry) throw new Error(`${plugin.name} has no entry module`);
  if (plugin.source === 'bundled') {
    const bundle = join(plugin.dir, PLUGIN_BUNDLE);
    if (existsSync(bundle)) {
      const loaded = options.codeCache
        ? requireCachedBundle(bundle, options.codeCache.env, options.codeCache.home)
        : createRequire(bundle)(bundle);
      return defaultExport(loaded as { default?: unknown });
    }
  }
  if (plugin.source !== 'bundled' && plugin.source !== 'builtin' && !hookRegistered) {
    const { register } = await import('node:module');
    register(hookModuleUrl(), {
      data: { packages: [...options.sharedPackages], aliases: { ...options.aliases }, hostParentURL: options.hostParentURL },
    });
    hookRegistered = true;
  }
  return defaultExport((await importModule(pathToFileURL(plugin.entry).href)) as { default?: unknown });
}

/**
 * A plugin the distribution bundles is built into this one CommonJS file beside its compiled code
 * (scripts/bundle-plugins.mjs), which requires core's bundle for `@scaivault/core`: loading one file
 * instead of the entry's dozens of ES modules is most of the plugin's load time. Without it (a
 * build that skipped the step) the entry module is imported as for any other plugin.
 */
export const PLUGIN_BUNDLE = join('dist', 'scaivault-bundle.cjs');

function defaultExport(module: { default?: unknown }): unknown {
  if (module.default === undefined) throw new Error('the entry module has no default export');
  return module.default;
}

/** The hook module sits beside this one, or — when this code was bundled into a chunk — one level up. */
function hookModuleUrl(): URL {
  const candidates = [new URL('./shared-modules-hook.js', import.meta.url), new URL('../shared-modules-hook.js', import.meta.url)];
  return candidates.find((url) => existsSync(fileURLToPath(url))) ?? candidates[0]!;
}
