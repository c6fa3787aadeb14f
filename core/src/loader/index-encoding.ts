// How the plugin index's records are kept in its cache file. Every start parses that file, and most
// of it is text only help shows: usages, descriptions, details and examples. So the file holds, as
// objects, what routing and parsing a command line need (paths, option syntax, arguments, effects)
// with each distinct option once (most commands share --json, --field, --url, --tenant, --partner),
// and the help text as JSON of its own, parsed the first time a command's help text is read.
import type { ManifestCommand, ManifestOption, PluginRecord } from './types.js';

/** A command as the file holds it: its options by their place in the file's option table. */
type StoredCommand = Omit<ManifestCommand, HelpField | 'options'> & { options: number[] };
/** An option as the file holds it: its description is help text. */
type StoredOption = Omit<ManifestOption, 'description'>;
type StoredRecord = Omit<PluginRecord, 'commands'> & { commands: StoredCommand[] };

export interface EncodedRecords {
  records: StoredRecord[];
  options: StoredOption[];
  /** JSON: for every command in file order, [usage, description, details, examples]; for every option, its description. */
  help: string;
}

type HelpField = 'usage' | 'description' | 'details' | 'examples';

interface HelpText {
  commands: Array<[string, string | undefined, string | undefined, Array<[string, string]> | undefined]>;
  options: Array<string | undefined>;
}

export function encodeRecords(plugins: readonly PluginRecord[]): EncodedRecords {
  const options: StoredOption[] = [];
  const help: HelpText = { commands: [], options: [] };
  const optionIds = new Map<string, number>();
  const optionId = (option: ManifestOption): number => {
    const key = JSON.stringify(option);
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
  // ASCII, as JSON may spell any character: the file then decodes as one-byte strings.
  const text = JSON.stringify(help).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return { records, options, help: text };
}

/** The help text of an encoded index, parsed the first time any of it is read. */
class HelpSource {
  #parsed: HelpText | undefined;

  constructor(
    private readonly text: string,
    private readonly damaged: (problem: string) => never,
  ) {}

  get(): HelpText {
    if (this.#parsed) return this.#parsed;
    let parsed: HelpText;
    try {
      parsed = JSON.parse(this.text) as HelpText;
    } catch (error) {
      this.damaged(`its help text does not parse (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed.commands) || !Array.isArray(parsed.options))
      this.damaged('its help text is not a list of commands and options');
    return (this.#parsed = parsed);
  }

  command(at: number): HelpText['commands'][number] {
    const entry = this.get().commands[at];
    if (!Array.isArray(entry)) this.damaged(`it holds no help for command ${at}`);
    return entry;
  }
}

// A command or option read from the cache: its help fields are getters on the class, so decoding
// sets nothing per field, and toJSON gives the same object a fresh record is. (JSON holds an absent
// field as null, hence `?? undefined`.)
class CachedOption implements ManifestOption {
  declare definition: string;
  declare required: boolean;
  declare placeholder?: string;
  declare repeatable?: boolean;
  readonly #help: HelpSource;
  readonly #id: number;

  constructor(syntax: StoredOption, help: HelpSource, id: number) {
    Object.assign(this, syntax);
    this.#help = help;
    this.#id = id;
  }

  get description(): string | undefined {
    return this.#help.get().options[this.#id] ?? undefined;
  }

  toJSON(): ManifestOption {
    return { ...this, description: this.description };
  }
}

class CachedCommand implements ManifestCommand {
  declare path: string[];
  declare options: ManifestOption[];
  readonly #help: HelpSource;
  readonly #at: number;

  constructor(stored: Omit<StoredCommand, 'options'>, options: ManifestOption[], help: HelpSource, at: number) {
    Object.assign(this, stored);
    this.options = options;
    this.#help = help;
    this.#at = at;
  }

  get usage(): string {
    return this.#help.command(this.#at)[0];
  }
  get description(): string | undefined {
    return this.#help.command(this.#at)[1] ?? undefined;
  }
  get details(): string | undefined {
    return this.#help.command(this.#at)[2] ?? undefined;
  }
  get examples(): Array<[string, string]> | undefined {
    return this.#help.command(this.#at)[3] ?? undefined;
  }

  toJSON(): ManifestCommand {
    return { ...this, usage: this.usage, description: this.description, details: this.details, examples: this.examples };
  }
}

/**
 * The records as the index uses them. Option ids that do not match throw here, and the caller
 * treats the cache as missing; help text that turns out damaged when it is read calls `damaged`
 * (which throws) — it was written whole, so only a damaged disk gets there.
 */
export function decodeRecords(encoded: EncodedRecords, damaged: (problem: string) => never): PluginRecord[] {
  if (typeof encoded.help !== 'string' || !Array.isArray(encoded.options) || !Array.isArray(encoded.records))
    throw new Error('not an encoded index');
  const help = new HelpSource(encoded.help, damaged);
  const options = encoded.options.map((syntax, id) => new CachedOption(syntax, help, id));
  let at = 0;
  return encoded.records.map((record) => ({
    ...record,
    commands: record.commands.map((stored) => {
      const commandOptions = stored.options.map((id) => {
        const option = options[id];
        if (option === undefined) throw new Error(`the index names option ${id}, which it does not hold`);
        return option;
      });
      return new CachedCommand(stored, commandOptions, help, at++);
    }),
  }));
}
