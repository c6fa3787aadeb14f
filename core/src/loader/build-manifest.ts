import { Cli, type CommandClass } from 'clipanion';
import type { ManifestCommand, PluginManifest } from './types.js';

/**
 * Describes command classes the way the manifest stores them, using clipanion's own definitions,
 * so help, completion and dispatch can work without importing plugin code.
 */
export function buildManifest(
  plugin: { name: string; version: string; commands: readonly CommandClass<any>[] },
  binaryName: string,
): PluginManifest {
  const commands: ManifestCommand[] = [];
  for (const commandClass of plugin.commands) {
    const cli = new Cli({ binaryName });
    cli.register(commandClass);
    const [definition] = cli.definitions();
    for (const path of commandClass.paths ?? [[]]) {
      if (!definition) continue;
      commands.push({
        path,
        usage: definition.usage,
        ...(definition.description === undefined ? {} : { description: definition.description.trim() }),
        ...(definition.details === undefined ? {} : { details: definition.details.trim() }),
        ...(definition.examples === undefined
          ? {}
          : { examples: definition.examples.map(([text, command]): [string, string] => [text.trim(), command.trim()]) }),
        options: definition.options.map((option) => ({
          definition: option.definition,
          ...(option.description === undefined ? {} : { description: option.description }),
          required: option.required,
        })),
      });
    }
  }
  return { manifestVersion: 1, name: plugin.name, version: plugin.version, commands };
}
