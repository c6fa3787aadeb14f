import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { Option } from 'clipanion';
import { CliError, UsageError } from '../../errors/cli-error.js';
import { Tokens } from '../../di/tokens.js';
import { LocalCommand } from '../../plugin/scaivault-command.js';
import { expandPluginSpec } from '../../runtime/known-plugins.js';
import { installedPluginNames, pluginsHome } from '../../runtime/plugin-sources.js';
import { runNpm } from './npm.js';

export class PluginsInstallCommand extends LocalCommand {
  static override paths = [['plugins', 'install']];

  static override usage = LocalCommand.Usage({
    category: 'Plugins',
    description: 'Install a plugin from npm or from a local directory',
    details: `
      Installs into the \`plugins\` folder of the scaivault home with npm, pinning the exact version and recording its
      integrity in that folder's package-lock.json. Install scripts never run. A local directory is packed first, so the
      installed copy does not change when you edit the source (use \`scaivault plugins link\` for that).
      Official groups can be named by their short name: \`scaivault plugins install pki\`.
      The package must be a scaivault plugin compatible with this CLI, or it is removed again.
    `,
    examples: [
      ['Install an official plugin', 'scaivault plugins install pki'],
      ['Install a pinned version from npm', 'scaivault plugins install @acme/scaivault-plugin-inventory@1.4.2'],
      ['Install from a local directory', 'scaivault plugins install ./my-plugin'],
    ],
  });

  spec = Option.String({ name: 'spec' });

  async execute(): Promise<number> {
    const host = this.resolve(Tokens.PluginHost);
    const home = pluginsHome(host.home);
    ensurePluginsHome(home);
    const before = new Set(installedPluginNames(host.home));

    const isPath = this.spec.startsWith('.') || isAbsolute(this.spec) || this.spec.startsWith('~');
    let spec = expandPluginSpec(this.spec);
    let packDir: string | undefined;
    try {
      if (isPath) {
        const dir = resolve(this.spec);
        if (!existsSync(join(dir, 'package.json'))) throw new UsageError(`${this.spec} is not a package directory (no package.json)`);
        packDir = mkdtempSync(join(tmpdir(), 'scaivault-pack-'));
        const packed = await runNpm(['pack', dir, '--pack-destination', packDir, '--json'], home);
        const [tarball] = JSON.parse(packed) as Array<{ filename: string }>;
        if (!tarball) throw new CliError(`npm pack produced nothing for ${this.spec}`);
        spec = join(packDir, tarball.filename.replace(/^.*\//, ''));
      }
      this.output.info(`installing ${spec} ...`);
      await runNpm(['install', '--save-exact', '--legacy-peer-deps', '--omit=peer', spec], home);
    } finally {
      if (packDir) rmSync(packDir, { recursive: true, force: true });
    }

    const added = installedPluginNames(host.home).filter((name) => !before.has(name));
    const name = added[0] ?? guessName(this.spec, spec);
    const record = (await host.reload()).plugins.find((plugin) => plugin.name === name && plugin.source === 'installed');
    if (!record || record.status !== 'active') {
      const reason = record?.reason ?? 'the package is not a scaivault plugin';
      if (added.length > 0) await runNpm(['uninstall', ...added], home).catch(() => undefined);
      await host.reload();
      throw new CliError(`${name} was not installed: ${reason}`, { exitCode: 5, code: 'invalid_plugin' });
    }
    this.output.success(
      `Installed ${record.name}@${record.version}: ${record.commands.map((c) => c.path.join(' ')).join(', ')}`,
      { name: record.name, version: record.version, source: record.source, commands: record.commands.map((c) => c.path.join(' ')) },
    );
    return 0;
  }
}

/** The plugins home is a private npm project: its package.json lists what is installed. */
function ensurePluginsHome(home: string): void {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const pkg = join(home, 'package.json');
  if (!existsSync(pkg)) {
    writeFileSync(pkg, `${JSON.stringify({ name: 'scaivault-plugins', private: true, dependencies: {} }, null, 2)}\n`, { mode: 0o600 });
  }
}

function guessName(original: string, spec: string): string {
  if (original.startsWith('.') || isAbsolute(original)) {
    try {
      return (JSON.parse(readFileSync(join(resolve(original), 'package.json'), 'utf8')) as { name: string }).name;
    } catch {
      return original;
    }
  }
  const at = spec.lastIndexOf('@');
  return at > 0 ? spec.slice(0, at) : spec;
}
