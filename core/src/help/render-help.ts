import type { PluginIndex } from '../loader/plugin-index.js';
import type { ManifestCommand } from '../loader/types.js';
import { KNOWN_PLUGINS } from '../runtime/known-plugins.js';

const ENVIRONMENT = [
  ['SCAIVAULT_URL', 'API base URL (overrides base_url)'],
  ['SCAIVAULT_TOKEN', 'bearer token (overrides the stored token)'],
  ['SCAIVAULT_TENANT_ID', 'tenant context, for partner admins'],
  ['SCAIVAULT_PARTNER_ID', 'partner context, for partner admins'],
  ['SCAIVAULT_HOME', 'directory for config, plugins and cache (default ~/.scaivault)'],
  ['SCAIVAULT_DEBUG=1', 'trace HTTP requests on stderr, credentials masked'],
  ['NO_COLOR', 'disable colour'],
] as const;

const EXIT_CODES = '0 ok · 1 error · 2 not authenticated · 3 permission denied · 4 not found · 5 invalid input';

function commandLines(commands: readonly ManifestCommand[], width = nameWidth(commands)): string[] {
  const names = commands.map((command) => command.path.join(' '));
  return commands.map((command, i) => `  ${names[i]!.padEnd(width)}  ${command.description ?? ''}`.trimEnd());
}

function nameWidth(commands: readonly ManifestCommand[]): number {
  return Math.max(0, ...commands.map((command) => command.path.join(' ').length));
}

/** `scaivault --help`: every available command, grouped, from the index alone (no plugin code). */
export function renderMainHelp(index: PluginIndex, binaryName: string, version: string): string {
  const commands = index.commands().map(({ command }) => command);
  const groups = new Map<string, ManifestCommand[]>();
  for (const command of commands) {
    const group = command.path[0] ?? '';
    groups.set(group, [...(groups.get(group) ?? []), command]);
  }
  const lines = [`${binaryName} ${version} — the ScaiVault command-line client`, '', `Usage: ${binaryName} <command> [options]`, ''];
  lines.push('Commands:');
  const width = nameWidth(commands);
  for (const group of [...groups.keys()].sort()) lines.push(...commandLines(groups.get(group)!, width));
  const missing = Object.keys(KNOWN_PLUGINS).filter((group) => !groups.has(group));
  if (missing.length > 0) {
    lines.push('', `Not installed (add with \`${binaryName} plugins install <name>\`): ${missing.join(', ')}`);
  }
  lines.push('', 'Options:', '  --json         print machine-readable JSON', '  --field F      print one field, raw', '  -h, --help     show help', '  -v, --version  show the version');
  lines.push('', 'Environment:');
  const envWidth = Math.max(...ENVIRONMENT.map(([name]) => name.length));
  for (const [name, text] of ENVIRONMENT) lines.push(`  ${name.padEnd(envWidth)}  ${text}`);
  lines.push('', `Exit codes: ${EXIT_CODES}`, '', `Run \`${binaryName} help <command>\` for a command's options and examples.`, '');
  return lines.join('\n');
}

/** `scaivault <group>`: the commands under a group. */
export function renderGroupHelp(prefix: readonly string[], commands: readonly ManifestCommand[], binaryName: string): string {
  const lines = [`Usage: ${binaryName} ${prefix.join(' ')} <command> [options]`, '', 'Commands:', ...commandLines(commands), ''];
  lines.push(`Run \`${binaryName} help ${prefix.join(' ')} <command>\` for a command's options and examples.`, '');
  return lines.join('\n');
}

/** The closest known command path to a mistyped one, for "did you mean". */
export function suggestCommand(words: readonly string[], index: PluginIndex): string | undefined {
  const typed = words.join(' ');
  let best: { name: string; distance: number } | undefined;
  for (const { command } of index.commands()) {
    const name = command.path.slice(0, words.length).join(' ');
    const distance = editDistance(typed, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(typed.length / 4)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
