import { Option } from 'clipanion';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { NotFoundError, UsageError } from '../../errors/cli-error.js';
import { Tokens } from '../../di/tokens.js';
import { LocalCommand } from '../../plugin/scaivault-command.js';
import { expandPluginSpec } from '../../runtime/known-plugins.js';
import { readInstallRecords, writeInstallRecords } from '../../runtime/install-records.js';
import { installedDependencies, linkedPluginDirs, linksFile, pluginsHome } from '../../runtime/plugin-sources.js';
import { runNpm } from './npm.js';
import { removePack } from './packs.js';

export class PluginsRemoveCommand extends LocalCommand {
  static override paths = [['plugins', 'remove']];
  static override effect = 'destroy' as const;

  static override usage = LocalCommand.Usage({
    category: 'Plugins',
    description: 'Remove an installed plugin, or unlink a linked one',
    details: `
      Bundled plugins belong to the distribution and cannot be removed. Removing an installed plugin needs no network:
      npm only takes it out of the plugins folder.
    `,
    examples: [
      ['Remove an installed plugin', 'scaivault plugins remove pki'],
      ['Unlink a plugin under development', 'scaivault plugins remove @acme/scaivault-plugin-inventory'],
    ],
  });

  name = Option.String({ name: 'name' });

  async execute(): Promise<number> {
    const host = this.resolve(Tokens.PluginHost);
    const fs = this.resolve(Tokens.FileSystem);
    const name = expandPluginSpec(this.name);
    const records = host.index.plugins.filter((plugin) => plugin.name === name && plugin.source !== 'builtin');
    if (records.length === 0) throw new NotFoundError(`no plugin named ${name}`, 'see `scaivault plugins list`');
    const removable = records.filter((plugin) => plugin.source === 'installed' || plugin.source === 'linked');
    if (removable.length === 0) throw new UsageError(`${name} is bundled with this distribution and cannot be removed`);

    for (const plugin of removable) {
      if (plugin.source === 'installed') {
        const spec = installedDependencies(fs, host.home)[name];
        await runNpm(['uninstall', name], pluginsHome(host.home), this.resolve(Tokens.Env), name);
        writeInstallRecords(
          fs,
          host.home,
          readInstallRecords(fs, host.home).filter((record) => record.name !== name),
        );
        if (spec !== undefined) removePack(fs, pluginsHome(host.home), spec);
      } else {
        const remaining = linkedPluginDirs(fs, host.home).filter((dir) => dir !== plugin.dir);
        writeFileAtomic(fs, linksFile(host.home), `${JSON.stringify(remaining, null, 2)}\n`, { mode: 0o600 });
      }
    }
    await host.reload();
    this.output.success(`Removed ${name} (${removable.map((p) => p.source).join(', ')})`, {
      name,
      removed: removable.map((p) => p.source),
    });
    return 0;
  }
}
