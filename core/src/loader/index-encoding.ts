// How the plugin index's records are kept in its cache file. Every start parses that file, and most
// of it is text only help shows: usages, descriptions, details and examples. So the file holds, as
// objects, what routing and parsing a command line need (paths, option syntax, arguments, effects)
// with each distinct option once (most commands share --json, --field, --url, --tenant, --partner),
// and the help text as one JSON string inside it, parsed the first time a command's help text is read.
import type { ManifestCommand, ManifestOption, PluginRecord } from './types.js';

/** A command as the file holds it: its options by their place in the file's option table. */
type StoredCommand = Omit<ManifestCommand, HelpField | 'options'> & { options: number[] };
/** An option as the file holds it: its description is help text. */
type StoredOption = Omit<ManifestOption, 'description'>;
export type StoredRecord = Omit<PluginRecord, 'commands'> & { commands: StoredCommand[] };

export interface EncodedRecords {
  records: StoredRecord[];
  options: StoredOption[];
  /** JSON: for every command in file order, [usage, description, details, examples]; for every option, its description. */
  help: string;
}

const HELP_FIELDS = ['usage', 'description', 'details', 'examples'] as const;
type HelpField = (typeof HELP_FIELDS)[number];

interface HelpText {
  commands: Array<[string, string | undefined, string | undefined, Array<[string, string]> | undefined]>;
  options: Array<string | undefined>;
}

export function encodeRecords(plugins: readonly PluginRecord[]): EncodedRecords {
  const options: StoredOption[] = [];
  const help: HelpText = { commands: [], options: [] };
  const optionIds = new Map<string, number>();
  const optionId = (option: ManifestOption): number => {
    const key = JSON.stringify([option.definition, option.required, option.placeholder, option.repeatable, option.description]);
    let id = optionIds.get(key);
    if (id === undefined) {
      const { description, ...syntax } = option;
      id = options.push(syntax) - 1;
      help.options.push(description);
      optionIds.set(key, id);
    }
    return id;
  };
  const records = plugins.map((plugin) => ({
    ...plugin,
    commands: plugin.commands.map((command) => {
      const { usage, description, details, examples, options: commandOptions, ...rest } = command;
      help.commands.push([usage, description, details, examples]);
      return { ...rest, options: commandOptions.map(optionId) };
    }),
  }));
  return { records, options, help: JSON.stringify(help) };
}

/**
 * The records as the index uses them. The help fields of commands and options are properties read
 * through a getter: the first one read parses the help text of every command at once. Option ids
 * that do not match throw here, and the caller treats the cache as missing; help text that turns out
 * damaged when it is read calls `damaged` (which throws) — it was written whole, so only a damaged
 * disk gets there.
 */
export function decodeRecords(encoded: EncodedRecords, damaged: (problem: string) => never): PluginRecord[] {
  if (typeof encoded.help !== 'string' || !Array.isArray(encoded.options) || !Array.isArray(encoded.records))
    throw new Error('not an encoded index');
  let parsed: HelpText | undefined;
  const helpText = (): HelpText => {
    if (parsed) return parsed;
    try {
      parsed = JSON.parse(encoded.help) as HelpText;
    } catch (error) {
      damaged(`its help text does not parse (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed?.commands) || !Array.isArray(parsed.options)) damaged('its help text is not a list of commands and options');
    return parsed;
  };
  const options = encoded.options.map(
    (syntax, id) =>
      Object.defineProperty({ ...syntax }, 'description', {
        enumerable: true,
        configurable: true,
        get: () => helpText().options[id] ?? undefined,
      }) as ManifestOption,
  );
  let commandIndex = 0;
  return encoded.records.map((record) => ({
    ...record,
    commands: record.commands.map((stored) => {
      const at = commandIndex++;
      const commandOptions = stored.options.map((id) => {
        const option = options[id];
        if (option === undefined) throw new Error(`the index names option ${id}, which it does not hold`);
        return option;
      });
      const command = { ...stored, options: commandOptions } as unknown as ManifestCommand;
      for (const [field, name] of HELP_FIELDS.entries()) {
        Object.defineProperty(command, name, {
          enumerable: true,
          configurable: true,
          get: () => {
            const entry = helpText().commands[at];
            if (!Array.isArray(entry)) damaged(`it holds no help for command ${at}`);
            // JSON holds an absent field as null.
            return entry[field] ?? undefined;
          },
        });
      }
      return command;
    }),
  }));
}
