import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PluginRecord } from './types.js';

let hookRegistered = false;

export interface ImportOptions {
  /** Packages that plugins outside the host's node_modules must share with the host. */
  sharedPackages: readonly string[];
  /** Bare specifiers replaced by another (e.g. a package by the host's facade for it). */
  aliases?: Readonly<Record<string, string>>;
  /** A module URL inside the host from which the shared packages resolve. */
  hostParentURL: string;
}

/**
 * Imports a plugin's entry module and returns its default export. Plugins that the host does not
 * bundle get a resolution hook first, so their imports of the shared packages reach the host's copy.
 */
export async function importPlugin(plugin: PluginRecord, options: ImportOptions): Promise<unknown> {
  if (!plugin.entry) throw new Error(`${plugin.name} has no entry module`);
  if (plugin.source !== 'bundled' && plugin.source !== 'builtin' && !hookRegistered) {
    const { register } = await import('node:module');
    register(hookModuleUrl(), {
      data: { packages: [...options.sharedPackages], aliases: { ...options.aliases }, hostParentURL: options.hostParentURL },
    });
    hookRegistered = true;
  }
  const module = (await import(pathToFileURL(plugin.entry).href)) as { default?: unknown };
  if (module.default === undefined) throw new Error('the entry module has no default export');
  return module.default;
}

/** The hook module sits beside this one, or — when this code was bundled into a chunk — one level up. */
function hookModuleUrl(): URL {
  const candidates = [new URL('./shared-modules-hook.js', import.meta.url), new URL('../shared-modules-hook.js', import.meta.url)];
  return candidates.find((url) => existsSync(fileURLToPath(url))) ?? candidates[0]!;
}
