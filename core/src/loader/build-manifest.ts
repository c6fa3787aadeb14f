import { Cli, type BaseContext, type CommandClass } from 'clipanion';
import { COMMAND_EFFECTS, type CommandEffect, type ManifestArgument, type ManifestCommand, type PluginManifest } from './types.js';

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
    const declared = declarationsOf(commandClass);
    const shape = declaredShape(commandClass);
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
          ...(shape.repeatable.has(namesOf(option.definition)) ? { repeatable: true } : {}),
        })),
        arguments: shape.arguments,
        ...declared,
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

function namesOf(definition: string): string {
  return definition.split(' ')[0] ?? '';
}

/** What the command declared about its effect, checked: a misspelt effect fails the build, not a user. */
function declarationsOf(commandClass: CommandClass<BaseContext>): Pick<ManifestCommand, 'effect' | 'reveals' | 'tool' | 'toolOmits'> {
  const statics = commandClass as { effect?: unknown; reveals?: unknown; tool?: unknown; toolOmits?: unknown; name: string };
  const result: Pick<ManifestCommand, 'effect' | 'reveals' | 'tool' | 'toolOmits'> = {};
  if (statics.effect !== undefined) {
    if (!COMMAND_EFFECTS.includes(statics.effect as CommandEffect)) {
      throw new Error(`${statics.name}: effect must be one of ${COMMAND_EFFECTS.join(', ')}, not ${JSON.stringify(statics.effect)}`);
    }
    result.effect = statics.effect as CommandEffect;
  }
  if (statics.reveals !== undefined) result.reveals = stringList(statics.reveals, `${statics.name}.reveals`);
  if (statics.tool === false) result.tool = false;
  if (statics.toolOmits !== undefined) result.toolOmits = stringList(statics.toolOmits, `${statics.name}.toolOmits`);
  return result;
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.length > 0)) {
    throw new Error(`${what} must be a list of non-empty strings`);
  }
  return [...value];
}

/**
 * The positional arguments in order, and which options keep every value they are given. clipanion's
 * definitions name neither (`...` for a rest argument, `#0` for any value), so each option's own
 * declaration is replayed into a recording builder, and asked what it makes of a value given twice.
 */
function declaredShape(commandClass: CommandClass<BaseContext>): { arguments: ManifestArgument[]; repeatable: Set<string> } {
  const args: ManifestArgument[] = [];
  const repeatable = new Set<string>();
  const command = new (commandClass as unknown as new () => Record<string, unknown>)();
  for (const key of Object.keys(command)) {
    const spec = command[key] as
      | { definition?: (builder: unknown, key: string) => void; transformer?: (builder: unknown, key: string, state: unknown) => unknown }
      | undefined;
    if (typeof spec !== 'object' || spec === null || typeof spec.definition !== 'function') continue;
    const options: Array<{ names: string[]; arity: number }> = [];
    spec.definition(
      {
        addPositional: ({ name = 'arg', required = true }: { name?: string; required?: boolean } = {}) => args.push({ name, required }),
        addRest: ({ name = 'arg', required = 0 }: { name?: string; required?: number } = {}) =>
          args.push({ name, required: required > 0, rest: true }),
        addProxy: () => args.push({ name: 'arg', required: false, rest: true }),
        addOption: ({ names, arity = 0 }: { names: string[]; arity?: number }) => options.push({ names, arity }),
      },
      key,
    );
    for (const option of options) {
      if (option.arity !== 1 || typeof spec.transformer !== 'function') continue;
      const name = option.names[0]!;
      const state = {
        options: [
          { name, value: 'a' },
          { name, value: 'b' },
        ],
        positionals: [],
      };
      try {
        const value = spec.transformer({}, key, state);
        if (Array.isArray(value) && value.length === 2) repeatable.add(option.names.join(','));
      } catch {
        // A validator refused the probe values: the option is described without it.
      }
    }
  }
  return { arguments: args, repeatable };
}
