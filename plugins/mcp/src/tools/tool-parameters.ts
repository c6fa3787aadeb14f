// A command's arguments and options as the properties of a tool's input, and back into a command line.
import { optionSyntax, positionals, type ManifestCommand } from '@scaivault/core';

/** Options no tool offers: the tool always prints JSON itself, and never talks to another server than the user's. */
const ALWAYS_OMITTED = new Set(['--json', '--field', '--ndjson', '--url', '--help', '-h']);

export type ParameterType = 'string' | 'boolean' | 'string-list';

/** One property of a tool's input: a positional argument, the rest of them, or an option. */
export interface ToolParameter {
  property: string;
  type: ParameterType;
  required: boolean;
  description: string | undefined;
  /** The option's long name (`--version`); absent for positional arguments. */
  flag?: string;
  /** Takes every remaining argument. */
  rest?: boolean;
}

/** The parameters of a command, positional arguments first, in the order the command line takes them. */
export function toolParameters(command: ManifestCommand): ToolParameter[] {
  const parameters: ToolParameter[] = [];
  const taken = new Set<string>();
  for (const argument of argumentsOf(command)) {
    // `key=value ...` is the rest argument of `secrets write`: a property name is letters, digits, _ and -.
    const property = argument.name.replace(/[^A-Za-z0-9_-]+/g, '_');
    parameters.push({
      property,
      type: argument.rest ? 'string-list' : 'string',
      required: argument.required,
      description: argument.rest ? `${argument.name} ... (one value each, in order)` : undefined,
      ...(argument.rest ? { rest: true } : {}),
    });
    taken.add(property);
  }
  const omitted = new Set([...ALWAYS_OMITTED, ...(command.toolOmits ?? [])]);
  for (const option of command.options) {
    const syntax = optionSyntax(option);
    if (syntax.names.some((name) => omitted.has(name))) continue;
    const flag = syntax.names.find((name) => name.startsWith('--')) ?? syntax.names[0];
    if (flag === undefined) continue;
    let property = flag.replace(/^-+/, '');
    if (taken.has(property)) property = `${property}-option`;
    taken.add(property);
    parameters.push({
      property,
      type: !syntax.takesValue ? 'boolean' : option.repeatable ? 'string-list' : 'string',
      required: syntax.required,
      description: syntax.description,
      flag,
    });
  }
  return parameters;
}

/** The positional arguments the manifest records, or (from an older manifest) the ones its usage line names. */
function argumentsOf(command: ManifestCommand): Array<{ name: string; required: boolean; rest?: boolean }> {
  if (command.arguments) return command.arguments;
  const { required, optional, rest } = positionals(command);
  const bare = (word: string) => word.slice(1, -1);
  return [
    ...required.map((word) => ({ name: bare(word), required: true })),
    ...optional.map((word) => ({ name: bare(word), required: false })),
    ...(rest ? [{ name: 'args', required: false, rest: true }] : []),
  ];
}

/** The JSON Schema of a tool's input. */
export function inputSchema(parameters: readonly ToolParameter[]): {
  type: 'object';
  properties: Record<string, object>;
  required?: string[];
  additionalProperties: false;
} {
  const properties: Record<string, object> = {};
  for (const parameter of parameters) {
    const described = parameter.description === undefined ? {} : { description: parameter.description };
    properties[parameter.property] =
      parameter.type === 'boolean'
        ? { type: 'boolean', ...described }
        : parameter.type === 'string-list'
          ? { type: 'array', items: { type: 'string' }, ...(parameter.rest && parameter.required ? { minItems: 1 } : {}), ...described }
          : { type: 'string', ...described };
  }
  const required = parameters.filter((parameter) => parameter.required).map((parameter) => parameter.property);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

/** A tool call's arguments that do not fit its input, said in one sentence. */
export class ToolArgumentError extends Error {}

/**
 * The command line (after the command path) for a tool call's arguments. Options are bound
 * (`--name=value`) and positional arguments follow `--`, so no value can be read as an option.
 */
export function commandLineFor(parameters: readonly ToolParameter[], args: Readonly<Record<string, unknown>>): string[] {
  const known = new Map(parameters.map((parameter) => [parameter.property, parameter]));
  for (const name of Object.keys(args)) {
    if (!known.has(name)) throw new ToolArgumentError(`unknown argument "${name}"`);
  }
  const options: string[] = [];
  const positional: string[] = [];
  for (const parameter of parameters) {
    const value = args[parameter.property];
    if (value === undefined || value === null) {
      if (parameter.required) throw new ToolArgumentError(`missing argument "${parameter.property}"`);
      continue;
    }
    if (parameter.type === 'boolean') {
      if (typeof value !== 'boolean') throw new ToolArgumentError(`"${parameter.property}" must be true or false`);
      const flag = parameter.flag!;
      // `--no-wait` false is the default already; any other flag false is its negation.
      if (value) options.push(flag);
      else if (!flag.startsWith('--no-')) options.push(`--no-${flag.slice(2)}`);
      continue;
    }
    const given = parameter.type === 'string-list' ? value : [value];
    // A number where the command takes text (`version: 2`) is what a client means by "2".
    const values = Array.isArray(given)
      ? given.map((item) => (typeof item === 'number' && Number.isFinite(item) ? String(item) : item))
      : undefined;
    if (values === undefined || !values.every((item): item is string => typeof item === 'string')) {
      throw new ToolArgumentError(`"${parameter.property}" must be ${parameter.type === 'string-list' ? 'a list of strings' : 'a string'}`);
    }
    if (parameter.required && values.length === 0) throw new ToolArgumentError(`"${parameter.property}" needs at least one value`);
    if (parameter.flag === undefined) positional.push(...values);
    else for (const item of values) options.push(`${parameter.flag}=${item}`);
  }
  return positional.length > 0 ? [...options, '--', ...positional] : options;
}
