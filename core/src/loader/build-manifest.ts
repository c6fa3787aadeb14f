import { Cli, type BaseContext, type CommandClass } from 'clipanion';
import type { ManifestCommand, PluginManifest } from './types.js';

/**
 * Describes command classes the way the manifest stores them, using clipanion's own definitions,
 * so help, completion and dispatch can work without importing plugin code.
 */
export function buildManifest(
  plugin: { name: string; version: string; commands: readonly CommandClass<BaseContext>[] },
  binaryName: string,
): PluginManifest {
  const commands: ManifestCommand[] = [];
  for (const commandClass of plugin.commands) {
    const cli = new Cli({ binaryName });
    cli.register(commandClass);
    const [definition] = cli.definitions();
    // A command may name an option's value where its name alone would mislead (`--webhook <id>`, not `<url>`).
    const placeholders = (commandClass as { placeholders?: Readonly<Record<string, string>> }).placeholders ?? {};
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
          ...placeholderOf(option.definition, placeholders),
        })),
      });
    }
  }
  return { manifestVersion: 1, name: plugin.name, version: plugin.version, commands };
}

/** The placeholder a command declared for any of the option's names, as `{ placeholder }`, or nothing. */
function placeholderOf(definition: string, placeholders: Readonly<Record<string, string>>): { placeholder?: string } {
  const names = (definition.split(' ')[0] ?? '').split(',');
  const declared = names.map((name) => placeholders[name]).find((value) => value !== undefined);
  return declared === undefined ? {} : { placeholder: declared };
}
