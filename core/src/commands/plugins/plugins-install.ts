import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Option } from 'clipanion';
import type { Env } from '../../config/config-store.js';
import { CliError, UsageError } from '../../errors/cli-error.js';
import { Tokens } from '../../di/tokens.js';
import type { FileSystem } from '../../fs/file-system.js';
import { digestPackage } from '../../loader/package-digest.js';
import { LocalCommand } from '../../plugin/scaivault-command.js';
import { readInstallRecords, withRecord, writeInstallRecords, type InstallRecord } from '../../runtime/install-records.js';
import { expandPluginSpec } from '../../runtime/known-plugins.js';
import { installedDependencies, pluginsHome } from '../../runtime/plugin-sources.js';
import type { PluginHost } from '../../runtime/plugin-host.js';
import type { Output } from '../../output/output.js';
import { runNpm } from './npm.js';
import { packDirectory, removePack } from './packs.js';

export class PluginsInstallCommand extends LocalCommand {
  static override paths = [['plugins', 'install']];
  static override effect = 'write' as const;

  static override usage = LocalCommand.Usage({
    category: 'Plugins',
    description: 'Install a plugin from npm or from a local directory',
    details: `
      Installs into the \`plugins\` folder of the scaivault home with npm, pinning the exact version, and records a
      digest of the plugin's files: a plugin whose files change afterwards is refused as \`tampered\`. Install scripts
      never run. npm uses its configured registry (\`.npmrc\`, \`npm_config_registry\`). A local directory is packed
      first, so the installed copy does not change when you edit the source (use \`scaivault plugins link\` for that).
      Official groups can be named by their short name: \`scaivault plugins install pki\`.
      The package must be a scaivault plugin compatible with this CLI that adds only command groups of its own,
      or it is removed again.
    `,
    examples: [
      ['Install an official plugin', 'scaivault plugins install pki'],
      ['Install a pinned version from npm', 'scaivault plugins install @acme/scaivault-plugin-inventory@1.4.2'],
      ['Install from a local directory', 'scaivault plugins install ./my-plugin'],
    ],
  });

  spec = Option.String({ name: 'spec' });

  async execute(): Promise<number> {
    const plugin = await installPlugin(
      { host: this.resolve(Tokens.PluginHost), fs: this.resolve(Tokens.FileSystem), env: this.resolve(Tokens.Env), output: this.output },
      this.spec,
    );
    this.output.success(`Installed ${plugin.name}@${plugin.version}: ${plugin.commands.join(', ')}`, plugin);
    return 0;
  }
}

export interface InstallDependencies {
  host: PluginHost;
  fs: FileSystem;
  env: Env;
  output: Output;
}

export interface InstalledPlugin {
  name: string;
  version: string;
  source: string;
  commands: string[];
}

/**
 * Installs one plugin from an npm spec or a directory, records its version and digest, and removes it
 * again (or puts back the version it replaces) when the CLI would not use it. `plugins update` runs it
 * with the exact version it chose.
 */
export async function installPlugin(deps: InstallDependencies, rawSpec: string): Promise<InstalledPlugin> {
  const { host, fs, env, output } = deps;
  const home = pluginsHome(host.home);
  ensurePluginsHome(fs, home);
  const before = installedDependencies(fs, host.home);
  const recordsBefore = readInstallRecords(fs, host.home);

  const isPath = rawSpec.startsWith('.') || isAbsolute(rawSpec) || rawSpec.startsWith('~');
  let spec = expandPluginSpec(rawSpec);
  if (isPath) {
    const dir = resolve(rawSpec);
    if (!fs.existsSync(join(dir, 'package.json'))) throw new UsageError(`${rawSpec} is not a package directory (no package.json)`);
    spec = await packDirectory(fs, dir, home, env);
  }
  output.info(`installing ${spec} ...`);
  // npm leaves a package it considers current alone, changed files and all: a reinstall must get fresh ones.
  const previous = setAside(fs, home, isPath ? guessName(fs, rawSpec, spec) : nameInSpec(spec));
  try {
    await runNpm(['install', '--save-exact', '--omit=peer', spec], home, env, isPath ? rawSpec : spec);
  } catch (error) {
    if (isPath) removePack(fs, home, spec);
    previous.restore();
    throw error;
  }
  previous.discard();

  const after = installedDependencies(fs, host.home);
  const changed = Object.keys(after).filter((name) => after[name] !== before[name]);
  const name = changed[0] ?? guessName(fs, rawSpec, spec);
  const installed: Installation = { fs, env, home: host.home, name, previousSpec: before[name], recordsBefore };
  const packageDir = join(home, 'node_modules', name);
  let record: InstallRecord;
  try {
    const pkg = JSON.parse(fs.readFileSync(join(packageDir, 'package.json'), 'utf8') as string) as { version?: unknown };
    record = { name, version: String(pkg.version), digest: digestPackage(packageDir) };
  } catch {
    await rollBack(installed);
    throw new CliError(`${name} was not installed: npm did not put it in ${packageDir}`, { exitCode: 5, code: 'invalid_plugin' });
  }
  writeInstallRecords(fs, host.home, withRecord(readInstallRecords(fs, host.home), record));

  const plugin = (await host.reload()).plugins.find((p) => p.name === name && p.source === 'installed');
  if (!plugin || plugin.status !== 'active') {
    const reason = plugin?.reason ?? 'the package is not a scaivault plugin';
    const failure = await rollBack(installed);
    await host.reload();
    const also = failure === undefined ? '' : `; removing it again failed too: ${failure}`;
    throw new CliError(`${name} was not installed: ${reason}${also}`, { exitCode: 5, code: 'invalid_plugin' });
  }
  return { name: plugin.name, version: plugin.version, source: plugin.source, commands: plugin.commands.map((c) => c.path.join(' ')) };
}

interface Installation {
  fs: FileSystem;
  env: Env;
  home: string;
  name: string;
  /** The npm spec it had before this install, when this was an upgrade. */
  previousSpec: string | undefined;
  recordsBefore: readonly InstallRecord[];
}

/**
 * Undoes an install that must not stand: a new plugin is uninstalled (and its pack deleted), an
 * upgraded one goes back to its previous spec. Resolves to why that failed, or undefined.
 */
async function rollBack(installation: Installation): Promise<string | undefined> {
  const { fs, env, home, name, previousSpec } = installation;
  const spec = installedDependencies(fs, home)[name];
  try {
    if (previousSpec === undefined) await runNpm(['uninstall', name], pluginsHome(home), env, name);
    else await runNpm(['install', '--save-exact', '--omit=peer', previousSpec], pluginsHome(home), env, previousSpec);
  } catch (error) {
    return (error as Error).message;
  } finally {
    writeInstallRecords(fs, home, installation.recordsBefore);
  }
  if (spec !== undefined && spec !== previousSpec) removePack(fs, pluginsHome(home), spec);
  return undefined;
}

/** The package name in an npm spec (`@acme/x@1.2.0` → `@acme/x`), when it names one. */
function nameInSpec(spec: string): string | undefined {
  const match = /^((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)(?:@[^/]*)?$/i.exec(spec);
  return match?.[1];
}

/** Moves an installed package out of npm's way (outside node_modules, where npm would prune it). */
function setAside(fs: FileSystem, home: string, name: string | undefined): { restore(): void; discard(): void } {
  const dir = name === undefined ? undefined : join(home, 'node_modules', name);
  if (name === undefined || dir === undefined || !fs.existsSync(dir)) return { restore() {}, discard() {} };
  const root = join(home, '.previous');
  const aside = join(root, name);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(dirname(aside), { recursive: true, mode: 0o700 });
  fs.renameSync(dir, aside);
  return {
    restore() {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dirname(dir), { recursive: true });
      fs.renameSync(aside, dir);
      fs.rmSync(root, { recursive: true, force: true });
    },
    discard() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The plugins home is a private npm project: its package.json lists what is installed. */
function ensurePluginsHome(fs: FileSystem, home: string): void {
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const pkg = join(home, 'package.json');
  if (!fs.existsSync(pkg)) {
    fs.writeFileSync(pkg, `${JSON.stringify({ name: 'scaivault-plugins', private: true, dependencies: {} }, null, 2)}\n`, { mode: 0o600 });
  }
}

function guessName(fs: FileSystem, original: string, spec: string): string {
  if (original.startsWith('.') || isAbsolute(original)) {
    try {
      return (JSON.parse(fs.readFileSync(join(resolve(original), 'package.json'), 'utf8') as string) as { name: string }).name;
    } catch {
      return original;
    }
  }
  const at = spec.lastIndexOf('@');
  return at > 0 ? spec.slice(0, at) : spec;
}
