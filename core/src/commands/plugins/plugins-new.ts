import { dirname, join, relative, resolve } from 'node:path';
import { Option } from 'clipanion';
import { UsageError } from '../../errors/cli-error.js';
import { Tokens } from '../../di/tokens.js';
import { LocalCommand } from '../../plugin/scaivault-command.js';
import { KNOWN_PLUGINS } from '../../runtime/known-plugins.js';
import { getCoreVersion } from '../../runtime/run.js';
import { pluginTemplate } from './plugin-template.js';

const GROUP = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const PACKAGE = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

export class PluginsNewCommand extends LocalCommand {
  static override paths = [['plugins', 'new']];
  static override effect = 'write' as const;
  static override placeholders = { '--dir': 'dir', '--package': 'name' };

  static override usage = LocalCommand.Usage({
    category: 'Plugins',
    description: 'Start a plugin of your own: a package that builds, has a manifest, a test and a README',
    details: `
      NAME is the command group the plugin adds (\`scaivault NAME ...\`): lower-case letters, digits and hyphens, not
      a group another plugin already provides. The package (\`scaivault-plugin-NAME\` unless \`--package\` says
      otherwise) is written to \`--dir\` (default \`./scaivault-plugin-NAME\`), which must not exist or be empty. It
      holds one example command, \`NAME whoami\`, a test that replays a recorded exchange through the real CLI, and a
      README. Then: \`npm install && npm test\`, and \`scaivault plugins link <dir>\` to use it.
    `,
    examples: [
      ['Start a plugin for the acme-tools group', 'scaivault plugins new acme-tools'],
      [
        'Under your npm scope, in a directory of your choice',
        'scaivault plugins new acme-tools --package @acme/scaivault-plugin-tools --dir ./tools',
      ],
      [
        'Build, test and use it',
        'cd scaivault-plugin-acme-tools && npm install && npm test && scaivault plugins link . && scaivault acme-tools whoami',
      ],
    ],
  });

  name = Option.String({ name: 'name' });
  dir = Option.String('--dir', { description: 'Where to write the package (default ./scaivault-plugin-NAME)' });
  packageName = Option.String('--package', { description: 'npm package name (default scaivault-plugin-NAME)' });

  async execute(): Promise<number> {
    const group = this.name;
    if (!GROUP.test(group) || group.length > 40) {
      throw new UsageError(
        `invalid plugin name "${group}": a command group is lower-case letters, digits and single hyphens, e.g. acme-tools`,
      );
    }
    const host = this.resolve(Tokens.PluginHost);
    const owner = host.index.commandsUnder([group])[0]?.plugin.name ?? KNOWN_PLUGINS[group];
    if (owner !== undefined) {
      throw new UsageError(`the "${group}" command group belongs to ${owner}: choose another name for your plugin`);
    }
    const packageName = this.packageName ?? `scaivault-plugin-${group}`;
    if (!PACKAGE.test(packageName) || packageName.length > 214)
      throw new UsageError(`invalid --package "${packageName}": not an npm package name`);

    const fs = this.resolve(Tokens.FileSystem);
    const dir = resolve(this.dir ?? `scaivault-plugin-${group}`);
    if (fs.existsSync(dir)) {
      let entries: string[];
      try {
        entries = fs.readdirSync(dir) as string[];
      } catch {
        throw new UsageError(`${dir} exists and is not a directory`);
      }
      if (entries.length > 0) throw new UsageError(`${dir} already exists and is not empty: choose another --dir`);
    }
    const files = pluginTemplate({ group, packageName, coreVersion: getCoreVersion() });
    for (const [path, contents] of Object.entries(files)) {
      fs.mkdirSync(dirname(join(dir, path)), { recursive: true });
      fs.writeFileSync(join(dir, path), contents);
    }
    const shown = relative(process.cwd(), dir) || '.';
    this.output.success(
      `Created ${packageName} in ${shown}\nNext: cd ${shown} && npm install && npm test && scaivault plugins link . && scaivault ${group} whoami`,
      { name: group, package: packageName, dir, files: Object.keys(files).sort() },
    );
    return 0;
  }
}
