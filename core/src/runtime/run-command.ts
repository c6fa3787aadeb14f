import { nodeFileSystem } from '../fs/node-file-system.js';
import { Cli, UsageError as ClipanionUsageError, type CommandClass } from 'clipanion';
import { ConfigStore } from '../config/config-store.js';
import { UsageError } from '../errors/cli-error.js';
import { describeError } from '../errors/describe-error.js';
import { ExitCode } from '../errors/exit-codes.js';
import { importPlugin } from '../loader/import-plugin.js';
import type { PluginRecord } from '../loader/types.js';
import type { PluginIndex } from '../loader/plugin-index.js';
import type { DependencyContainer } from 'tsyringe';
import type { PluginHost } from './plugin-host.js';
import { Output, oneLine } from '../output/output.js';
import { colorFor, terminalColumns } from '../output/color.js';
import { printError } from '../errors/print-error.js';
import { attachNegativeValues, explainUsageError, separateNegativeArguments } from '../help/explain-usage-error.js';
import { renderCommandHelp } from '../help/render-help.js';
import { commandLineFlags } from './command-line.js';
import { checkConfigValue, findConfigKey } from '../config/config-keys.js';
import type { ManifestCommand } from '../loader/types.js';
import type { CommandContext } from '../plugin/command-context.js';
import { isPlugin, type ScaiVaultPlugin } from '../plugin/define-plugin.js';
import { Tokens } from '../di/tokens.js';
import { apiClientFactory } from '../services/api-client.js';
import { isDebug } from '../services/debug.js';
import { systemClock } from '../services/clock.js';
import { Credentials } from '../services/credentials.js';
import { processSignals } from '../services/process-signals.js';
import { TerminalPrompt, type Prompt } from '../services/prompt.js';
import { Waits } from '../services/waits.js';
import { BINARY_NAME, loadPluginIndex, run as runCli, type RunOptions } from './run.js';
import { SHARED_ALIASES, SHARED_PACKAGES } from './shared-packages.js';

interface CommandRun extends RunOptions {
  home: string;
  index: PluginIndex;
  plugin: PluginRecord;
  commandPath: readonly string[];
  /** The command as its manifest describes it: usage errors are explained from it. */
  manifestCommand: ManifestCommand;
}

/** The connection flags every API command takes, and the config keys they set for one invocation. */
const CONNECTION_FLAGS = [
  ['url', '--url', 'base_url'],
  ['tenant', '--tenant', 'tenant_id'],
  ['partner', '--partner', 'partner_id'],
] as const;

function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text);
}

/** Imports the one plugin that owns the command, then parses and executes it. */
export async function runCommand(run: CommandRun): Promise<number> {
  let plugin: ScaiVaultPlugin;
  try {
    plugin = await loadPlugin(run.plugin, run);
  } catch (error) {
    return pluginUnavailable(run, error);
  }

  const { container: rootContainer } = await import('../vendor/tsyringe.js');
  const container = rootContainer.createChildContainer();
  // Filled from the connection flags once they are parsed: the config's highest-precedence source.
  const flagValues: Record<string, string | undefined> = {};
  const { config, apiClients } = registerCoreServices(container, run, flagValues);

  try {
    await plugin.register?.(container);
  } catch (error) {
    return pluginUnavailable(run, error);
  }

  const cli = new Cli<CommandContext>({
    binaryName: BINARY_NAME,
    binaryLabel: 'ScaiVault CLI',
    binaryVersion: run.distribution.version,
    enableColors: colorFor(run.env, run.stdout),
  });
  for (const command of commandsFor(plugin, run.commandPath)) cli.register(command as CommandClass<CommandContext>);

  const context: CommandContext = {
    // Read when a command reads it: the stream is made then (see run.ts's main()).
    get stdin() {
      return run.stdin;
    },
    stdout: run.stdout,
    stderr: run.stderr,
    env: run.env as Record<string, string | undefined>,
    colorDepth: colorFor(run.env, run.stdout) ? 8 : 1,
    container,
  };

  // Until the command's own flags are parsed, errors are reported as plain text.
  // `--json` on the line, else the `output` setting, as for the command's own output.
  let output = makeOutput(run, config, { json: commandLineFlags(run.argv).json || undefined, field: undefined });
  let exitCode: number;
  try {
    let command;
    const argv = separateNegativeArguments(run.manifestCommand, attachNegativeValues(run.manifestCommand, run.argv));
    try {
      command = cli.process(argv, context);
    } catch (error) {
      // clipanion's messages name its parser's states ("Not enough positional arguments"); the
      // manifest knows the argument and option names, so say which one is missing or wrong.
      const invocation = `${BINARY_NAME} ${run.commandPath.join(' ')}`;
      const problem = explainUsageError(BINARY_NAME, run.manifestCommand, argv.slice(run.commandPath.length));
      if (problem) throw new UsageError(problem.message, problem.hint);
      const message = clipanionMessage(error).replace(/^Command not found.*$/, `these arguments do not fit \`${invocation}\``);
      throw new UsageError(message, `run \`${invocation} --help\``);
    }
    // The runtime answers --help before the plugin loads; clipanion's own help command is not used.
    if (command.help || !plugin.commands.includes(command.constructor as CommandClass<CommandContext>)) {
      write(run.stdout, renderCommandHelp(run.manifestCommand, BINARY_NAME, { columns: terminalColumns(run.stdout) }));
      return ExitCode.Ok;
    }
    const flags = command as unknown as { json?: boolean; field?: string } & Partial<Record<'url' | 'tenant' | 'partner', string>>;
    output = makeOutput(run, config, { json: flags.json, field: flags.field });
    for (const [property, flag, key] of CONNECTION_FLAGS) {
      const value = flags[property];
      if (typeof value !== 'string') continue;
      const problem = checkConfigValue(findConfigKey(key)!, value);
      if (problem !== undefined) throw new UsageError(`invalid value for ${flag}: ${problem}`);
      flagValues[key] = value;
    }
    container.register(Tokens.Output, { useValue: output });
    const info = { path: run.commandPath, container };
    await plugin.hooks?.beforeCommand?.(info);
    try {
      exitCode = await validateAndExecute(command);
    } catch (error) {
      exitCode = report(output, error, run);
    }
    await plugin.hooks?.afterCommand?.({ ...info, exitCode });
  } catch (error) {
    exitCode = report(output, error, run);
  } finally {
    await apiClients.closeAll();
  }
  return exitCode;
}

/** Registers the services every command may resolve; the Output token follows once flags are parsed. */
function registerCoreServices(container: DependencyContainer, run: CommandRun, flags: Readonly<Record<string, string | undefined>>) {
  const fs = run.fs ?? nodeFileSystem;
  const clock = run.clock ?? systemClock;
  const config = new ConfigStore(fs, run.env, run.home, flags, {
    warn: (message) => write(run.stderr, `warning: ${message}\n`),
    now: () => clock.now(),
  });
  const credentials = new Credentials(config);
  const apiClients = apiClientFactory({
    config,
    credentials,
    env: run.env,
    stderr: run.stderr,
    userAgent: run.userAgent ?? `scaivault-cli/${run.distribution.version}`,
    dispatcher: run.dispatcher,
  });
  container.register(Tokens.Env, { useValue: run.env });
  container.register(Tokens.FileSystem, { useValue: fs });
  container.register(Tokens.Config, { useValue: config });
  container.register(Tokens.Credentials, { useValue: credentials });
  container.register(Tokens.Clock, { useValue: clock });
  // Made when a command asks for it: a terminal prompt reads stdin, which makes the stream.
  let prompt: Prompt | undefined = run.prompt;
  container.register(Tokens.Prompt, { useFactory: () => (prompt ??= new TerminalPrompt(run.stdin, run.stderr)) });
  container.register(Tokens.ApiClient, { useValue: apiClients });
  // An embedder's or a test's signals (given, or registered up the container chain) win over the process's.
  if (run.signals) container.register(Tokens.Signals, { useValue: run.signals });
  else if (!container.isRegistered(Tokens.Signals, true)) container.register(Tokens.Signals, { useValue: processSignals });
  container.register(Tokens.PluginHost, { useValue: pluginHost(run, container) });
  container.register(Tokens.Waits, { useFactory: (c) => new Waits(run.stderr, clock, c.resolve(Tokens.Signals)) });
  return { config, apiClients };
}

/** What the `plugins` commands use: the index, where plugins live, and a way to try loading one. */
function pluginHost(run: CommandRun, container: DependencyContainer): PluginHost {
  return {
    distribution: run.distribution,
    home: run.home,
    index: run.index,
    reload: () => loadPluginIndex(run.distribution, run.home, run.fs),
    check: async (name) => {
      const record = run.index.plugins.find((plugin) => plugin.name === name);
      if (!record) return 'not found';
      try {
        const loaded = await loadPlugin(record, run);
        await loaded.register?.(container.createChildContainer());
        return undefined;
      } catch (error) {
        return oneLine(error instanceof Error ? error.message : String(error));
      }
    },
    invoke: (invocation) =>
      runCli({
        ...(run.fs ? { fs: run.fs } : {}),
        ...(run.dispatcher ? { dispatcher: run.dispatcher } : {}),
        ...(run.clock ? { clock: run.clock } : {}),
        ...(run.homedir ? { homedir: run.homedir } : {}),
        distribution: run.distribution,
        env: invocation.env ?? run.env,
        argv: invocation.argv,
        stdin: invocation.stdin,
        stdout: invocation.stdout,
        stderr: invocation.stderr,
        prompt: invocation.prompt,
        userAgent: invocation.userAgent,
      }),
  };
}

/**
 * The plugin's commands that answer to `path` (the one the index matched): clipanion builds a parser
 * state machine over every command it is given, which for a plugin of twenty commands is most of the
 * parsing time; the others cannot match anyway. All of them when none declares the path.
 */
function commandsFor(plugin: ScaiVaultPlugin, path: readonly string[]): ScaiVaultPlugin['commands'] {
  const same = (candidate: readonly string[]) => candidate.length === path.length && candidate.every((word, i) => word === path[i]);
  const matching = plugin.commands.filter((command) => (command as { paths?: string[][] }).paths?.some(same) === true);
  return matching.length > 0 ? matching : plugin.commands;
}

/** Imports a plugin's entry and checks that it exported a plugin definition. */
async function loadPlugin(record: PluginRecord, run: { env: RunOptions['env']; home: string }): Promise<ScaiVaultPlugin> {
  // Core's own commands are part of this very bundle: importing them through their ES entry point
  // would start Node's ES loader (and its fs/promises) for nothing.
  if (record.source === 'builtin') return (await import('../commands/index.js')).default;
  const exported = await importPlugin(record, {
    sharedPackages: SHARED_PACKAGES,
    aliases: SHARED_ALIASES,
    hostParentURL: import.meta.url,
    codeCache: { env: run.env, home: run.home },
  });
  if (!isPlugin(exported)) throw new Error('its entry does not export a plugin (use definePlugin)');
  return exported;
}

async function validateAndExecute(command: { validateAndExecute(): Promise<number | void> }): Promise<number> {
  try {
    return (await command.validateAndExecute()) ?? ExitCode.Ok;
  } catch (error) {
    // clipanion's schema and option validators throw its own UsageError: that is bad input, exit 5.
    if (error instanceof ClipanionUsageError) {
      throw new UsageError(clipanionMessage(error));
    }
    throw error;
  }
}

function makeOutput(run: CommandRun, config: ConfigStore, flags: { json: boolean | undefined; field: string | undefined }): Output {
  let json = flags.json;
  if (json === undefined) {
    try {
      json = config.value('output') === 'json';
    } catch {
      json = false;
    }
  }
  return new Output(run.stdout, run.stderr, {
    json,
    field: flags.field,
    color: colorFor(run.env, run.stderr),
    stdoutColor: colorFor(run.env, run.stdout),
    stdoutIsTTY: Boolean((run.stdout as { isTTY?: boolean }).isTTY),
    columns: terminalColumns(run.stdout),
  });
}

function report(output: Output, error: unknown, run: CommandRun): number {
  const details = describeError(error);
  output.error(details);
  if (isDebug(run.env) && error instanceof Error && error.stack) write(run.stderr, `${error.stack}\n`);
  return details.exitCode;
}

function pluginUnavailable(run: CommandRun, error: unknown): number {
  const reason = error instanceof Error ? error.message : String(error);
  write(run.stderr, `warning: plugin ${run.plugin.name} (${run.plugin.source}) skipped: ${oneLine(reason)}\n`);
  const report = {
    exitCode: ExitCode.General,
    code: 'plugin_unavailable',
    message: `\`${BINARY_NAME} ${run.commandPath.join(' ')}\` is unavailable because its plugin failed to load`,
  };
  printError(run.stderr, report, { json: commandLineFlags(run.argv).json, color: colorFor(run.env, run.stderr) });
  if (isDebug(run.env) && error instanceof Error && error.stack) write(run.stderr, `${error.stack}\n`);
  return ExitCode.General;
}

/** clipanion's parse errors span several lines with usage; the first line says what was wrong. */
function clipanionMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split('\n').find((line) => line.trim().length > 0) ?? text;
  return first.replace(/^Usage Error:\s*/i, '').trim();
}
