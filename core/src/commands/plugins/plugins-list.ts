import { Option } from 'clipanion';
import { Tokens } from '../../di/tokens.js';
import { LocalCommand } from '../../plugin/scaivault-command.js';

export class PluginsListCommand extends LocalCommand {
  static override paths = [['plugins', 'list']];

  static override usage = LocalCommand.Usage({
    category: 'Plugins',
    description: 'List plugins: bundled, installed and linked, with their status',
    details: `
      Status is \`active\`, \`incompatible\` (wrong plugin API, core or Node.js version), \`conflict\` (claims a command
      another plugin already provides), \`invalid\` (not a usable plugin package) or, with \`--check\`, \`failed\`
      (its code throws when imported or registered). The reason says which.
    `,
    examples: [
      ['List plugins', 'scaivault plugins list'],
      ['Also import each plugin to check that it loads', 'scaivault plugins list --check --json'],
    ],
  });

  check = Option.Boolean('--check', false, { description: 'Import every active plugin to check that it loads' });

  async execute(): Promise<number> {
    const host = this.resolve(Tokens.PluginHost);
    const plugins = [];
    for (const plugin of host.index.plugins) {
      if (plugin.source === 'builtin') continue;
      const failure = this.check && plugin.status === 'active' ? await host.check(plugin.name) : undefined;
      plugins.push({
        name: plugin.name,
        version: plugin.version,
        source: plugin.source,
        status: failure ? 'failed' : plugin.status,
        reason: failure ?? plugin.reason ?? null,
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
    return 0;
  }
}
