import { Option } from 'clipanion';
import { Tokens } from '../../di/tokens.js';
import { integrityProblem } from '../../loader/package-digest.js';
import type { PluginRecord } from '../../loader/types.js';
import { LocalCommand } from '../../plugin/scaivault-command.js';
import type { PluginHost } from '../../runtime/plugin-host.js';
import { readInstallRecords } from '../../runtime/install-records.js';

export class PluginsListCommand extends LocalCommand {
  static override paths = [['plugins', 'list']];
  static override effect = 'read' as const;

  static override usage = LocalCommand.Usage({
    category: 'Plugins',
    description: 'List plugins: bundled, installed and linked, with their status',
    details: `
      Status is \`active\`, \`incompatible\` (wrong plugin API, core or Node.js version), \`conflict\` (claims a command
      or command group another plugin already provides), \`invalid\` (not a usable plugin package), \`tampered\` (an
      installed plugin whose files changed after it was installed) or, with \`--check\`, \`failed\` (its code throws
      when imported or registered). The reason says which. Files are checked against their install-time digest when
      the plugin index is rebuilt; \`--check\` checks every installed plugin's files first, and imports only those
      that pass. With \`--check\` the exit code is 1 when any plugin listed will not run, so a CI job can use it as a gate.
    `,
    examples: [
      ['List plugins', 'scaivault plugins list'],
      ['Also import each plugin to check that it loads (exit 1 if any will not run)', 'scaivault plugins list --check --json'],
    ],
  });

  check = Option.Boolean('--check', false, {
    description: "Check every installed plugin's files against their install digest, then import every active plugin",
  });

  async execute(): Promise<number> {
    const host = this.resolve(Tokens.PluginHost);
    const digests = this.check
      ? new Map(readInstallRecords(this.resolve(Tokens.FileSystem), host.home).map((r) => [r.name, r.digest]))
      : undefined;
    const plugins = [];
    for (const plugin of host.index.plugins) {
      if (plugin.source === 'builtin') continue;
      const { status, reason } = digests ? await checked(plugin, host, digests) : plugin;
      plugins.push({
        name: plugin.name,
        version: plugin.version,
        source: plugin.source,
        status,
        reason: reason ?? null,
        commands: plugin.commands.map((command) => command.path.join(' ')),
        dir: plugin.dir,
      });
    }
    this.output.list('plugins', plugins, [
      { header: 'name', value: (p) => p.name },
      { header: 'version', value: (p) => p.version },
      { header: 'source', value: (p) => p.source },
      { header: 'status', value: (p) => p.status },
      { header: 'reason', value: (p) => p.reason },
    ]);
    // With --check this is a gate a CI job can use: any plugin that will not run fails it.
    const unusable = this.check ? plugins.filter((p) => p.status !== 'active') : [];
    if (unusable.length === 0) return 0;
    this.output.warn(`${unusable.length} plugin(s) will not run: ${unusable.map((p) => `${p.name} (${p.status})`).join(', ')}`);
    return 1;
  }
}

/** The status `--check` finds: an installed plugin's files are verified before any of its code is imported. */
async function checked(
  plugin: PluginRecord,
  host: PluginHost,
  digests: ReadonlyMap<string, string>,
): Promise<{ status: string; reason: string | undefined }> {
  if (plugin.source === 'installed' && plugin.status !== 'tampered') {
    const tampered = integrityProblem(plugin.dir, digests.get(plugin.name) ?? null);
    if (tampered !== undefined) return { status: 'tampered', reason: tampered };
  }
  if (plugin.status !== 'active') return { status: plugin.status, reason: plugin.reason };
  const failure = await host.check(plugin.name);
  return failure === undefined ? { status: 'active', reason: undefined } : { status: 'failed', reason: failure };
}
