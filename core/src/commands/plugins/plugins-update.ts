import semver from 'semver';
import { Option } from 'clipanion';
import { Tokens } from '../../di/tokens.js';
import { NotFoundError } from '../../errors/cli-error.js';
import { LocalCommand } from '../../plugin/scaivault-command.js';
import { readInstallRecords } from '../../runtime/install-records.js';
import { expandPluginSpec } from '../../runtime/known-plugins.js';
import { installedDependencies, pluginsHome } from '../../runtime/plugin-sources.js';
import { hostInfo } from '../../runtime/run.js';
import { installPlugin } from './plugins-install.js';
import { newestCompatibleVersion } from './registry-versions.js';

interface UpdateRow {
  name: string;
  from: string;
  to: string | null;
  status: 'updated' | 'up to date' | 'skipped';
  reason: string | null;
}

export class PluginsUpdateCommand extends LocalCommand {
  static override paths = [['plugins', 'update']];
  static override effect = 'write' as const;

  static override usage = LocalCommand.Usage({
    category: 'Plugins',
    description: 'Update installed plugins to the newest version this CLI can run',
    details: `
      For each installed plugin (or only NAME), asks npm's configured registry for its published versions and installs
      the newest one whose plugin API, \`core\` range and Node.js range this CLI meets — a newer version that needs a
      newer CLI is left alone. The update is an install: the exact version is pinned, its files' digest recorded, and a
      version the CLI would refuse is removed again in favour of the one you had. Plugins installed from a directory are
      skipped (install them again from there); bundled and linked plugins are not npm's to update.
    `,
    examples: [
      ['Update every installed plugin', 'scaivault plugins update'],
      ['Update one', 'scaivault plugins update scaivault-plugin-hello'],
    ],
  });

  name = Option.String({ name: 'name', required: false });

  async execute(): Promise<number> {
    const host = this.resolve(Tokens.PluginHost);
    const fs = this.resolve(Tokens.FileSystem);
    const env = this.resolve(Tokens.Env);
    const records = readInstallRecords(fs, host.home);
    const specs = installedDependencies(fs, host.home);
    let names = records.map((record) => record.name).filter((name) => specs[name] !== undefined);
    if (this.name !== undefined) {
      const wanted = expandPluginSpec(this.name);
      if (!names.includes(wanted))
        throw new NotFoundError(`${wanted} is not an installed plugin`, 'run `scaivault plugins list` to see what is installed');
      names = [wanted];
    }
    const rows: UpdateRow[] = [];
    for (const name of names) {
      const from = records.find((record) => record.name === name)!.version;
      if (/^(file|link):/.test(specs[name]!)) {
        rows.push({ name, from, to: null, status: 'skipped', reason: 'installed from a directory: install it again from there' });
        continue;
      }
      const newest = await newestCompatibleVersion(name, pluginsHome(host.home), env, hostInfo());
      if (newest === undefined || !semver.gt(newest, from)) {
        rows.push({
          name,
          from,
          to: null,
          status: 'up to date',
          reason: newest === undefined ? 'no published version this CLI can run' : null,
        });
        continue;
      }
      const installed = await installPlugin({ host, fs, env, output: this.output }, `${name}@${newest}`);
      rows.push({ name, from, to: installed.version, status: 'updated', reason: null });
    }
    this.output.list('plugins', rows, [
      { header: 'name', value: (row) => row.name },
      { header: 'from', value: (row) => row.from },
      { header: 'to', value: (row) => row.to ?? '' },
      { header: 'status', value: (row) => row.status },
      { header: 'reason', value: (row) => row.reason ?? '' },
    ]);
    return 0;
  }
}
