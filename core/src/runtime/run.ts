import { nodeFileSystem } from '../fs/node-file-system.js';
import { readFileSync } from 'node:fs';
import { homedir as osHomedir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { Env } from '../config/config-store.js';
import { scaivaultHome } from '../config/home.js';
import { describeError } from '../errors/describe-error.js';
import { writeCacheFile } from '../fs/write-cache.js';
import { ExitCode } from '../errors/exit-codes.js';
import type { FileSystem } from '../fs/file-system.js';
import type { Clock, ProcessSignals } from '../di/tokens.js';
import { renderCommandHelp, renderGroupHelp, renderMainHelp, suggestCommands } from '../help/render-help.js';
import { UsageError, CliError } from '../errors/cli-error.js';
import { printError } from '../errors/print-error.js';
import { colorFor, terminalColumns } from '../output/color.js';
import { commandLineFlags } from './command-line.js';
import { filesUnchanged, PluginIndex, type IndexOptions } from '../loader/plugin-index.js';
import { KNOWN_PLUGINS } from './known-plugins.js';
import { findCoreDir } from './core-dir.js';
import { PLUGIN_API_VERSION } from '../plugin/define-plugin.js';
import { pluginCandidates, type Distribution } from './plugin-sources.js';
import type { Prompt } from '../services/prompt.js';
import { isDebug } from '../services/debug.js';
import {
  isMainHelpRequest,
  mainHelpCacheFile,
  mainHelpInputs,
  mainHelpKey,
  mainHelpSourceInputs,
  pluginIndexFile,
  serialiseMainHelp,
} from '../startup/main-help-cache.js';

export type { Distribution } from './plugin-sources.js';

/** Everything one invocation touches; `main()` fills it from the process, tests fill it themselves. */
export interface RunOptions {
  argv: readonly string[];
  env: Env;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  distribution: Distribution;
  homedir?: string;
  /** Core's own files (config, credentials); node:fs unless a test hands in memfs. */
  fs?: FileSystem;
  dispatcher?: Dispatcher;
  clock?: Clock;
  prompt?: Prompt;
  /** The user agent of API requests; `scaivault-cli/<version>` unless a nested invocation names its own. */
  userAgent?: string;
  /** The process's signals; tests inject their own. */
  signals?: ProcessSignals;
}

export const BINARY_NAME = 'scaivault';
let coreDir: string | undefined;
let coreVersion: string | undefined;

/** Found on first use: a module's top level does no I/O. */
function getCoreDir(): string {
  return (coreDir ??= findCoreDir());
}

export function getCoreVersion(): string {
  return (coreVersion ??= (JSON.parse(readFileSync(join(getCoreDir(), 'package.json'), 'utf8')) as { version: string }).version);
}

/** The host facts a plugin's compatibility is checked against. */
export function hostInfo() {
  return { apiVersions: [PLUGIN_API_VERSION], version: getCoreVersion(), nodeVersion: process.versions.node };
}

/** Builds (or reads from cache) the index of every command the plugins provide; the home is read through `fs`. */
export function loadPluginIndex(
  distribution: Distribution,
  home: string,
  fs: FileSystem = nodeFileSystem,
  check: Pick<IndexOptions, 'checkTrees' | 'rebuild'> = {},
): Promise<PluginIndex> {
  return PluginIndex.load({
    ...check,
    packageField: 'scaivault',
    host: hostInfo(),
    candidates: pluginCandidates(getCoreDir(), distribution, home, fs),
    cacheFile: pluginIndexFile(home),
    readCache: (path) => fs.readFileSync(path, 'utf8') as string,
    writeCache: (path, text) => writeCacheFile(path, text, fs),
  });
}

function write(stream: Writable, text: string): void {
  stream.write(text);
}

/** Runs one invocation and resolves to its exit code. Never throws, never calls process.exit. */
export async function run(options: RunOptions): Promise<number> {
  const argv = [...options.argv];
  if (argv[0] === 'help') {
    // `scaivault help secrets read` is `scaivault secrets read --help`.
    argv.shift();
    argv.push('--help');
  }
  const { json, help: wantsHelp } = commandLineFlags(argv);
  try {
    if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
      write(options.stdout, `${options.distribution.version}\n`);
      return ExitCode.Ok;
    }

    const home = scaivaultHome(options.env, options.homedir ?? osHomedir());
    const words = leadingWords(argv);
    // The root help is kept for the CLI to print without loading core (see startup/main-help-cache.ts).
    const keepsHelp = isMainHelpRequest(options.argv) && options.env.SCAIVAULT_NO_CACHE !== '1';
    const helpSources = keepsHelp ? mainHelpSourceInputs(home, options.distribution, getCoreDir()) : undefined;
    // The plugins commands report and act on every plugin's integrity, so they walk every installed
    // plugin's files; any other command walks only those of the plugin whose code it is about to run.
    let index = await loadPluginIndex(options.distribution, home, options.fs, { checkTrees: words[0] === 'plugins' });
    const owner = words[0] === 'plugins' || wantsHelp ? undefined : index.match(words)?.plugin;
    if (owner && index.fromCache && !filesUnchanged(owner)) {
      // A file changed since the index was built: rebuilt, the plugin is checked against its install digest.
      index = await loadPluginIndex(options.distribution, home, options.fs, { rebuild: true });
    }
    const layout = { columns: terminalColumns(options.stdout) };

    if (words[0] === '__complete') {
      const { completeWords } = await import('./complete.js');
      write(options.stdout, completeWords(index, argv.slice(1)));
      return ExitCode.Ok;
    }
    if (words[0] !== 'plugins') warnAboutSkippedPlugins(index, options.stderr);
    if (words.length === 0) {
      if (argv.length === 0 || wantsHelp) {
        const help = renderMainHelp(index, BINARY_NAME, options.distribution.version, layout);
        write(options.stdout, help);
        if (helpSources) {
          const inputs = mainHelpInputs(helpSources, index, home);
          const text = serialiseMainHelp(mainHelpKey(options.distribution, layout.columns), inputs, help, skippedPluginWarnings(index));
          writeCacheFile(mainHelpCacheFile(home), text, options.fs);
        }
        return ExitCode.Ok;
      }
      const option = argv[0]!.replace(/=.*$/, '');
      // Options go after the command: `scaivault --json secrets list` names no command first.
      const problem = GLOBAL_OPTIONS.has(option) ? `missing command before ${option}` : `unknown option ${option}`;
      throw new UsageError(problem, `run \`${BINARY_NAME} --help\` for the commands and options`);
    }

    const match = index.match(words);
    if (!match) {
      const under = index.commandsUnder(words);
      if (under.length > 0) {
        write(
          options.stdout,
          renderGroupHelp(
            words,
            under.map(({ command }) => command),
            BINARY_NAME,
            layout,
          ),
        );
        return ExitCode.Ok;
      }
      throw unknownCommand(words, index);
    }
    // Help comes from the manifest, wherever --help is on the line: no plugin code is loaded for it.
    if (wantsHelp) {
      write(options.stdout, renderCommandHelp(match.command, BINARY_NAME, layout));
      return ExitCode.Ok;
    }

    const { runCommand } = await import('./run-command.js');
    // Descriptors, not a spread: a spread would read the lazy stdin and make the stream.
    const commandRun: Partial<Parameters<typeof runCommand>[0]> = {
      argv,
      home,
      index,
      plugin: match.plugin,
      commandPath: match.command.path,
      manifestCommand: match.command,
    };
    return await runCommand(
      Object.defineProperties(commandRun, withoutKeys(Object.getOwnPropertyDescriptors(options), ['argv'])) as Parameters<
        typeof runCommand
      >[0],
    );
  } catch (error) {
    return await reportUnexpected(error, options, json);
  }
}

/** Options every command (or every API command) takes: known, but only after a command. */
const GLOBAL_OPTIONS = new Set(['--json', '--field', '--url', '--tenant', '--partner']);

/** The words before the first option: the command path candidates. */
function leadingWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  return words;
}

function skippedPluginWarnings(index: PluginIndex): string {
  let text = '';
  for (const plugin of index.plugins) {
    if (plugin.status === 'active' || plugin.source === 'builtin') continue;
    text += `warning: plugin ${plugin.name} (${plugin.source}) skipped: ${plugin.reason ?? plugin.status}\n`;
  }
  return text;
}

function warnAboutSkippedPlugins(index: PluginIndex, stderr: Writable): void {
  const warnings = skippedPluginWarnings(index);
  if (warnings !== '') write(stderr, warnings);
}

/**
 * A command path nothing provides. When no installed plugin provides its first word but an
 * official plugin would, that plugin is named; otherwise it is a typo, and the closest commands
 * are suggested.
 */
function unknownCommand(words: readonly string[], index: PluginIndex): CliError {
  const group = words[0]!;
  const provider = KNOWN_PLUGINS[group];
  if (provider && index.commandsUnder([group]).length === 0) {
    return new CliError(`\`${BINARY_NAME} ${group}\` is provided by ${provider}, which is not installed`, {
      code: 'plugin_not_installed',
      hint: `run \`${BINARY_NAME} plugins install ${group}\``,
    });
  }
  // Name the typed command up to the first word no command continues with; the rest are arguments.
  let known = 0;
  while (known < words.length && index.commandsUnder(words.slice(0, known + 1)).length > 0) known++;
  const typed = words.slice(0, known + 1);
  const found = suggestCommands(typed, index).map((name) => `\`${BINARY_NAME} ${name}\``);
  const hint =
    found.length > 0
      ? `did you mean ${found.length === 1 ? found[0] : `${found.slice(0, -1).join(', ')} or ${found[found.length - 1]}`}?`
      : `run \`${BINARY_NAME} ${known > 0 ? `${typed.slice(0, known).join(' ')} ` : ''}--help\` for the list of commands`;
  return new CliError(`unknown command "${typed.join(' ')}"`, { exitCode: ExitCode.Validation, code: 'unknown_command', hint });
}

async function reportUnexpected(error: unknown, options: RunOptions, json: boolean): Promise<number> {
  const report = describeError(error);
  printError(options.stderr, report, { json: json || (await outputSettingIsJson(options)), color: colorFor(options.env, options.stderr) });
  if (isDebug(options.env) && error instanceof Error && error.stack) write(options.stderr, `${error.stack}\n`);
  return report.exitCode;
}

/**
 * Whether `output` (SCAIVAULT_OUTPUT or config.json) asks for JSON, so a script that set it gets
 * JSON errors for unknown commands too. Read only on this error path, never at startup.
 */
async function outputSettingIsJson(options: RunOptions): Promise<boolean> {
  try {
    const { ConfigStore } = await import('../config/config-store.js');
    const home = scaivaultHome(options.env, options.homedir ?? osHomedir());
    return new ConfigStore(options.fs ?? nodeFileSystem, options.env, home, {}, { warn: () => undefined }).value('output') === 'json';
  } catch {
    return false; // an unreadable or invalid setting is reported by the commands that read it
  }
}

/** Runs the CLI for the current process and sets its exit code. */
export async function main(options: { argv: readonly string[]; distribution: Distribution }): Promise<void> {
  process.exitCode = await run({
    argv: options.argv,
    env: process.env,
    // process.stdin builds a stream on first access: only commands that read it pay for that.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    distribution: options.distribution,
  });
}

function withoutKeys<T extends object>(descriptors: T, keys: readonly string[]): T {
  for (const key of keys) delete (descriptors as Record<string, unknown>)[key];
  return descriptors;
}
