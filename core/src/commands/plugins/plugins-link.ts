import { resolve } from 'node:path';
import { Option } from 'clipanion';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { UsageError } from '../../errors/cli-error.js';
import { Tokens } from '../../di/tokens.js';
import { readPlugin } from '../../loader/read-plugin.js';
import { LocalCommand } from '../../plugin/scaivault-command.js';
import { hostInfo } from '../../runtime/run.js';
import { linkedPluginDirs, linksFile } from '../../runtime/plugin-sources.js';

export class PluginsLinkCommand extends LocalCommand {
  static override paths = [['plugins', 'link']];
  static override effect = 'write' as const;

  static override usage = LocalCommand.Usage({
    category: 'Plugins',
    description: 'Use a plugin straight from a local directory, for development',
    details: `
      The directory is used in place: rebuild it and the next command picks up the change. Linked plugins come last in
      discovery, so they cannot take over a command that a bundled or installed plugin provides.
      Undo with \`scaivault plugins remove <name>\`.
    `,
    examples: [['Link a plugin you are developing', 'scaivault plugins link ./my-plugin']],
  });

  dir = Option.String({ name: 'dir' });

  async execute(): Promise<number> {
    const host = this.resolve(Tokens.PluginHost);
    const fs = this.resolve(Tokens.FileSystem);
    const dir = resolve(this.dir);
    const record = readPlugin({ source: 'linked', dir }, 'scaivault', hostInfo());
    if (record.status !== 'active') throw new UsageError(`${this.dir} cannot be linked: ${record.reason ?? record.status}`);
    const links = linkedPluginDirs(fs, host.home);
    if (!links.includes(dir)) {
      writeFileAtomic(fs, linksFile(host.home), `${JSON.stringify([...links, dir], null, 2)}\n`, { mode: 0o600 });
    }
    const linked = (await host.reload()).plugins.find((plugin) => plugin.dir === dir);
    if (linked?.status === 'conflict') this.output.warn(`${linked.name} is linked but skipped: ${linked.reason}`);
    this.output.success(`Linked ${record.name}@${record.version} from ${dir}`, {
      name: record.name,
      version: record.version,
      dir,
      status: linked?.status ?? 'active',
    });
    return 0;
  }
}
