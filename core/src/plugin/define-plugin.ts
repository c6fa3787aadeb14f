import type { CommandClass } from 'clipanion';
import type { DependencyContainer } from 'tsyringe';
import type { CommandContext } from './command-context.js';

/** The plugin API version this core implements; a plugin declares the one it was built for. */
export const PLUGIN_API_VERSION = 1;

export interface CommandInfo {
  path: readonly string[];
  container: DependencyContainer;
}

export interface PluginHooks {
  /** Runs before one of this plugin's commands executes. */
  beforeCommand?(info: CommandInfo): void | Promise<void>;
  /** Runs after one of this plugin's commands finished, with its exit code. */
  afterCommand?(info: CommandInfo & { exitCode: number }): void | Promise<void>;
}

export interface ScaiVaultPlugin {
  name: string;
  version: string;
  apiVersion: number;
  commands: ReadonlyArray<CommandClass<CommandContext>>;
  /** Registers the plugin's own services in the invocation's container. */
  register?(container: DependencyContainer): void | Promise<void>;
  hooks?: PluginHooks;
}

/** Declares a plugin: a plain object of commands, an optional `register` and hooks. */
export function definePlugin(plugin: ScaiVaultPlugin): ScaiVaultPlugin {
  if (!plugin.name || !plugin.version) throw new TypeError('a plugin needs a name and a version');
  if (!Number.isInteger(plugin.apiVersion)) throw new TypeError(`${plugin.name}: apiVersion must be an integer`);
  if (!Array.isArray(plugin.commands) || plugin.commands.length === 0) {
    throw new TypeError(`${plugin.name}: a plugin declares at least one command`);
  }
  return Object.freeze({ ...plugin });
}

/** Checks, at run time, that a plugin module exported what `definePlugin` returns. */
export function isPlugin(value: unknown): value is ScaiVaultPlugin {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<ScaiVaultPlugin>;
  return typeof candidate.name === 'string' && typeof candidate.version === 'string' && Array.isArray(candidate.commands);
}
