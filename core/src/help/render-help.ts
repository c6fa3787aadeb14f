import type { PluginIndex } from '../loader/plugin-index.js';
import type { ManifestCommand } from '../loader/types.js';
import { KNOWN_PLUGINS } from '../runtime/known-plugins.js';
import { GROUP_SUMMARIES } from './group-summaries.js';
import { formatOption, groupedOptions, usageLine, type OptionSyntax } from './option-syntax.js';
import { suggestions } from './suggest.js';
import { wrapText } from '../output/wrap.js';

const ENVIRONMENT = [
  ['SCAIVAULT_URL', 'API base URL (overrides base_url)'],
  ['SCAIVAULT_TOKEN', 'bearer token (overrides the stored token)'],
  ['SCAIVAULT_TENANT_ID', 'tenant context, for partner admins'],
  ['SCAIVAULT_PARTNER_ID', 'partner context, for partner admins'],
  ['SCAIVAULT_HOME', 'directory for config, plugins and cache (default ~/.scaivault)'],
  ['SCAIVAULT_DEBUG=1', 'trace HTTP requests on stderr, credentials masked'],
  ['NO_COLOR', 'disable colour'],
] as const;

const EXIT_CODES = '0 ok · 1 error · 2 not authenticated · 3 permission denied · 4 not found · 5 invalid input · 130 interrupted';

/** Width help text is wrapped to: the terminal's, within reason, or 80. */
export interface HelpLayout {
  columns?: number | undefined;
}

function helpWidth(layout: HelpLayout): number {
  return Math.min(Math.max(layout.columns ?? 80, 40), 100);
}

function twoColumns(rows: ReadonlyArray<readonly [string, string]>, layout: HelpLayout): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  const textWidth = Math.max(20, helpWidth(layout) - width - 4);
  return rows.flatMap(([left, right]) => {
    const [first = '', ...more] = wrapText(right, textWidth);
    return [`  ${left.padEnd(width)}  ${first}`.trimEnd(), ...more.map((line) => `  ${' '.repeat(width)}  ${line}`)];
  });
}

function commandRows(commands: readonly ManifestCommand[]): Array<[string, string]> {
  return commands.map((command) => [command.path.join(' '), command.description ?? '']);
}

/** The one-line summary of a group: its known summary, its only command's description, or its commands. */
function groupSummary(group: string, commands: readonly ManifestCommand[]): string {
  const known = GROUP_SUMMARIES[group];
  if (known) return known;
  if (commands.length === 1 && commands[0]!.path.length === 1) return commands[0]!.description ?? '';
  return `${[...new Set(commands.map((command) => command.path.slice(1).join(' ')))].join(', ')}`;
}

/** `scaivault --help`: one line per command group, from the index alone (no plugin code). */
export function renderMainHelp(index: PluginIndex, binaryName: string, version: string, layout: HelpLayout = {}): string {
  const groups = new Map<string, ManifestCommand[]>();
  for (const { command } of index.commands()) {
    const group = command.path[0] ?? '';
    groups.set(group, [...(groups.get(group) ?? []), command]);
  }
  const lines = [`${binaryName} ${version} — the ScaiVault command-line client`, '', `Usage: ${binaryName} <command> [options]`, ''];
  lines.push('Commands:');
  lines.push(
    ...twoColumns(
      [...groups.keys()].sort().map((group) => [group, groupSummary(group, groups.get(group)!)] as const),
      layout,
    ),
  );
  const missing = Object.keys(KNOWN_PLUGINS).filter((group) => !groups.has(group));
  if (missing.length > 0) {
    lines.push('', `Not installed (add with \`${binaryName} plugins install <name>\`): ${missing.join(', ')}`);
  }
  lines.push('', 'Options:');
  lines.push(
    ...twoColumns(
      [
        ['--json', 'print machine-readable JSON'],
        ['--field <name>', 'print one field, raw'],
        ['--url, --tenant, --partner', 'connection for one call (API commands)'],
        ['-h, --help', 'show help (anywhere on the line)'],
        ['-v, --version', 'show the version'],
      ],
      layout,
    ),
  );
  lines.push('', 'Environment:', ...twoColumns(ENVIRONMENT, layout));
  lines.push(
    '',
    ...wrapText(`Exit codes: ${EXIT_CODES}`, helpWidth(layout)),
    '',
    `Run \`${binaryName} <command> --help\` for the commands of a group, or a command's options and examples.`,
    '',
  );
  return lines.join('\n');
}

/** `scaivault <group>`: the commands under a group. */
export function renderGroupHelp(
  prefix: readonly string[],
  commands: readonly ManifestCommand[],
  binaryName: string,
  layout: HelpLayout = {},
): string {
  const summary = prefix.length === 1 ? GROUP_SUMMARIES[prefix[0]!] : undefined;
  const lines = [...(summary ? [summary, ''] : []), `Usage: ${binaryName} ${prefix.join(' ')} <command> [options]`, '', 'Commands:'];
  lines.push(...twoColumns(commandRows(commands), layout), '');
  lines.push(`Run \`${binaryName} ${prefix.join(' ')} <command> --help\` for a command's options and examples.`, '');
  return lines.join('\n');
}

function optionRows(options: readonly OptionSyntax[]): Array<[string, string]> {
  return options.map((option) => [formatOption(option), `${option.description ?? ''}${option.required ? ' (required)' : ''}`]);
}

/** `scaivault <command> --help`: description, usage, options, details and examples, from the manifest alone. */
export function renderCommandHelp(command: ManifestCommand, binaryName: string, layout: HelpLayout = {}): string {
  const width = helpWidth(layout);
  const lines: string[] = [];
  if (command.description) lines.push(...wrapText(command.description, width), '');
  lines.push(`Usage: ${usageLine(binaryName, command)}`, '');
  const { own, output, connection } = groupedOptions(command);
  const ownRows = optionRows([...own, ...output]);
  ownRows.push(['-h, --help', 'Show this help']);
  lines.push('Options:', ...twoColumns(ownRows, layout), '');
  if (connection.length > 0) lines.push('Connection options:', ...twoColumns(optionRows(connection), layout), '');
  if (command.details) {
    for (const paragraph of command.details.split(/\n\s*\n/))
      lines.push(...wrapText(paragraph.replace(/\s*\n\s*/g, ' ').trim(), width), '');
  }
  if (command.examples?.length) {
    lines.push('Examples:');
    for (const [text, example] of command.examples) lines.push(`  ${text}`, `    $ ${example.replace(/\$0/g, binaryName)}`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The closest known command paths to a mistyped one, for "did you mean". */
export function suggestCommands(words: readonly string[], index: PluginIndex): string[] {
  const names = index.commands().map(({ command }) => command.path.slice(0, words.length).join(' '));
  return suggestions(words.join(' '), names);
}
