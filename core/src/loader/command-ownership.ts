import type { PluginRecord } from './types.js';

const key = (path: readonly string[]) => path.join(' ');

const startsWith = (path: readonly string[], prefix: readonly string[]) =>
  prefix.length <= path.length && prefix.every((word, i) => path[i] === word);

interface Claim {
  path: readonly string[];
  owner: PluginRecord;
}

/**
 * Decides which plugin owns which command path, in discovery order. The first plugin to claim a
 * group (a path's first word) owns that group: a later plugin may add commands only to groups of its
 * own or new ones. Dispatch picks the longest matching path, so a later plugin claiming
 * `secrets read app/db` (or `config get token`) would otherwise run instead of the command that owns
 * `secrets read` — with the user's token in reach. Every plugin breaking the rule is marked
 * `conflict` with the owner named, and none of its commands are used.
 */
export function assignPaths(plugins: readonly PluginRecord[]): PluginRecord[] {
  const claims: Claim[] = [];
  const groups = new Map<string, PluginRecord>();
  const names = new Map<string, PluginRecord>();
  return plugins.map((plugin) => {
    if (plugin.status !== 'active') return plugin;
    const sameName = names.get(plugin.name);
    if (sameName) {
      return { ...plugin, status: 'conflict', reason: `${plugin.name} is already loaded from ${sameName.source} (${sameName.dir})` };
    }
    for (const command of plugin.commands) {
      const problem = claimProblem(command.path, claims, groups);
      if (problem !== undefined) return { ...plugin, status: 'conflict', reason: problem };
    }
    names.set(plugin.name, plugin);
    for (const command of plugin.commands) {
      claims.push({ path: command.path, owner: plugin });
      if (!groups.has(command.path[0]!)) groups.set(command.path[0]!, plugin);
    }
    return plugin;
  });
}

/** Why a plugin may not claim `path` given what earlier plugins own, or undefined when it may. */
function claimProblem(path: readonly string[], claims: readonly Claim[], groups: ReadonlyMap<string, PluginRecord>): string | undefined {
  if (path.length === 0) return 'it has a command without a path, which would stand for every command';
  const by = (owner: PluginRecord) => `${owner.name} (${owner.source})`;
  const exact = claims.find((claim) => key(claim.path) === key(path));
  if (exact) return `command "${key(path)}" is already provided by ${by(exact.owner)}`;
  const extended = claims.find((claim) => startsWith(path, claim.path));
  if (extended) return `command "${key(path)}" would take over "${key(extended.path)}", which ${by(extended.owner)} provides`;
  const shortened = claims.find((claim) => startsWith(claim.path, path));
  if (shortened) return `command "${key(path)}" would take over "${key(shortened.path)}", which ${by(shortened.owner)} provides`;
  const group = groups.get(path[0]!);
  if (group) {
    return `command "${key(path)}" is in the "${path[0]}" group, which ${by(group)} owns: a plugin may add commands only to its own groups or new ones`;
  }
  return undefined;
}
