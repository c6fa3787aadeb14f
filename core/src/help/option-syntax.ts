import type { ManifestCommand } from '../loader/types.js';

type ManifestOption = ManifestCommand['options'][number];

/** One option as help shows it: its names, whether it takes a value, and the value's placeholder. */
export interface OptionSyntax {
  names: string[];
  takesValue: boolean;
  placeholder: string | undefined;
  description: string | undefined;
  required: boolean;
}

// clipanion writes every value as `#0`; help names what the value is. Options not listed here are
// named after themselves (`--cursor <cursor>`); a command's own `static placeholders` outrank both.
const PLACEHOLDERS: Record<string, string> = {
  field: 'name',
  version: 'n',
  days: 'n',
  limit: 'n',
  port: 'n',
  timeout: 'seconds',
  'max-events': 'n',
  'max-versions': 'n',
  'buffer-size': 'n',
  'within-hours': 'hours',
  'expires-in': 'duration',
  'grace-period': 'duration',
  interval: 'duration',
  'warn-before': 'durations',
  at: 'time',
  'expires-at': 'time',
  start: 'time',
  end: 'time',
  url: 'url',
  webhook: 'url',
  host: 'address',
  'data-dir': 'dir',
  'source-ip': 'ip',
  'ip-range': 'cidr',
  tenant: 'id',
  partner: 'id',
  identity: 'id',
  'identity-id': 'id',
  'client-id': 'id',
  'root-token': 'token',
  'request-id': 'id',
  'secret-policy': 'id',
  policy: 'id',
  fields: 'json',
  'store-in': 'path',
  'credentials-path': 'path',
  'path-prefix': 'prefix',
  'bucket-prefix': 'prefix',
  events: 'types',
};

/** The placeholder for an option's value, from its first long name. */
export function placeholderFor(names: readonly string[]): string {
  const long = names.find((name) => name.startsWith('--')) ?? names[0] ?? '--value';
  const bare = long.replace(/^-+/, '');
  if (bare.endsWith('-file')) return '<file>';
  return `<${PLACEHOLDERS[bare] ?? bare}>`;
}

/** Reads a manifest option's definition, e.g. `--identity,--identity-id #0` or `--yes,--force`. */
export function optionSyntax(option: ManifestOption): OptionSyntax {
  const [namesPart = '', ...rest] = option.definition.split(' ');
  const names = namesPart.split(',').filter((name) => name.length > 0);
  const takesValue = rest.some((part) => part.startsWith('#'));
  const placeholder = takesValue ? (option.placeholder !== undefined ? `<${option.placeholder}>` : placeholderFor(names)) : undefined;
  return { names, takesValue, placeholder, description: option.description, required: option.required };
}

/** `--identity, --identity-id <id>`: the names comma-and-space separated, then the placeholder. */
export function formatOption(syntax: OptionSyntax): string {
  // Short names first, as `-f, --follow`.
  const names = [...syntax.names.filter((name) => !name.startsWith('--')), ...syntax.names.filter((name) => name.startsWith('--'))];
  return `${names.join(', ')}${syntax.placeholder ? ` ${syntax.placeholder}` : ''}`;
}

/** The options every output command shares, shown apart from the command's own. */
export const OUTPUT_OPTIONS = new Set(['--json', '--field']);
/** The connection flags every API command takes. */
export const CONNECTION_OPTIONS = new Set(['--url', '--tenant', '--partner']);

/** The command's options, split into its own, the output ones and the connection ones. */
export function groupedOptions(command: ManifestCommand): { own: OptionSyntax[]; output: OptionSyntax[]; connection: OptionSyntax[] } {
  const own: OptionSyntax[] = [];
  const output: OptionSyntax[] = [];
  const connection: OptionSyntax[] = [];
  for (const option of command.options) {
    const syntax = optionSyntax(option);
    const first = syntax.names[0] ?? '';
    if (OUTPUT_OPTIONS.has(first)) output.push(syntax);
    else if (CONNECTION_OPTIONS.has(first) && !(first === '--url' && command.path.join(' ') === 'auth login')) connection.push(syntax);
    else own.push(syntax);
  }
  return { own, output, connection };
}

/** The positional arguments a manifest usage line names after the command path. */
export function positionals(command: ManifestCommand): { required: string[]; optional: string[]; rest: boolean } {
  const words = command.usage.split(' ').slice(1 + command.path.length);
  return {
    required: words.filter((word) => /^<[^>]+>$/.test(word)),
    optional: words.filter((word) => /^\[[^\]-][^\]]*\]$/.test(word)),
    rest: words.includes('...'),
  };
}

/**
 * One line of usage: `scaivault secrets read <path> [--version <n>] [--field <name>]`. A command
 * with many options shows `[options]` instead of listing them.
 */
export function usageLine(binaryName: string, command: ManifestCommand): string {
  const { own, output } = groupedOptions(command);
  const args = command.usage.split(' ').slice(1 + command.path.length);
  const shown = [...own, ...output.filter((option) => option.names[0] !== '--json')];
  const text = (option: OptionSyntax) =>
    `${option.names.find((name) => name.startsWith('--')) ?? option.names[0]}${option.placeholder ? ` ${option.placeholder}` : ''}`;
  const required = shown.filter((option) => option.required).map(text);
  const optional = shown.filter((option) => !option.required);
  const rest = optional.length > 4 ? ['[options]'] : optional.map((option) => `[${text(option)}]`);
  return [binaryName, ...command.path, ...args, ...required, ...rest].join(' ');
}
