// The tools `scaivault mcp` offers: one per installed command, built from the plugins' manifests alone,
// so a plugin's commands become tools without any code here.
import type { CommandEffect, ManifestCommand, PluginRecord } from '@scaivault/core';
import { inputSchema, toolParameters, type ToolParameter } from './tool-parameters.js';

export interface ToolSpec {
  /** `secrets_read`, `pki_certs_issue`: the command path joined with `_`. */
  name: string;
  path: string[];
  plugin: string;
  /** The declared effect, or `write` for a command that declares none. */
  effect: CommandEffect;
  /** Where the output holds secret values; `undefined` with effect `reveal` means all of it. */
  reveals: string[] | undefined;
  title: string;
  description: string;
  parameters: ToolParameter[];
  inputSchema: ReturnType<typeof inputSchema>;
  /** Whether the command prints JSON under `--json` (a server-less document command may not have it). */
  json: boolean;
}

const EFFECT_TEXT: Record<CommandEffect, string> = {
  read: 'Reads; changes nothing.',
  reveal: 'Reads and returns secret values (redacted unless the server was started with --allow-reveal).',
  write: 'Changes something on the server or on this machine.',
  destroy: 'Deletes or revokes something.',
};

/** The tool name of a command path. */
export function toolName(path: readonly string[]): string {
  return path.join('_');
}

/** Every command of every active plugin that may be a tool, in discovery order; the first of a name wins. */
export function toolCatalog(plugins: readonly PluginRecord[]): ToolSpec[] {
  const tools: ToolSpec[] = [];
  const names = new Set<string>();
  for (const plugin of plugins) {
    if (plugin.status !== 'active') continue;
    for (const command of plugin.commands) {
      if (command.tool === false || command.path.length === 0) continue;
      const name = toolName(command.path);
      if (names.has(name) || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) continue;
      names.add(name);
      tools.push(toolSpec(plugin.name, command, name));
    }
  }
  return tools;
}

function toolSpec(plugin: string, command: ManifestCommand, name: string): ToolSpec {
  const effect: CommandEffect = command.effect ?? 'write';
  const parameters = toolParameters(command);
  const examples = (command.examples ?? []).slice(0, 3).map(([text, line]) => `- ${text}: \`${line}\``);
  const description = [
    command.description ?? `scaivault ${command.path.join(' ')}`,
    command.details,
    EFFECT_TEXT[effect] + (command.effect === undefined ? ' (The command declares no effect, so it is treated as writing.)' : ''),
    examples.length > 0 ? `As a command line:\n${examples.join('\n')}` : undefined,
  ]
    .filter((part): part is string => part !== undefined && part.length > 0)
    .join('\n\n');
  return {
    name,
    path: command.path,
    plugin,
    effect,
    reveals: command.reveals ?? (effect === 'reveal' ? undefined : []),
    title: `scaivault ${command.path.join(' ')}`,
    description,
    parameters,
    inputSchema: inputSchema(parameters),
    json: command.options.some((option) => option.definition.split(' ')[0]!.split(',').includes('--json')),
  };
}
