// The API plugins build on. clipanion, typanion, tsyringe and undici are re-exported through
// their own subpaths (`@scaivault/core/clipanion`, ...) so one copy of each serves every plugin.
export { ScaiVaultCommand, LocalCommand, PlainCommand } from './plugin/scaivault-command.js';
export { definePlugin, isPlugin, PLUGIN_API_VERSION } from './plugin/define-plugin.js';
export type { ScaiVaultPlugin, PluginHooks, CommandInfo } from './plugin/define-plugin.js';
export type { CommandContext } from './plugin/command-context.js';
export { Tokens } from './di/tokens.js';
export type { Token, Clock, ApiClientFactory, ApiClientOverrides } from './di/tokens.js';
export { CliError, UsageError, NotAuthenticatedError, NotFoundError, InterruptedError } from './errors/cli-error.js';
export { ExitCode, exitCodeForKind } from './errors/exit-codes.js';
export { importOptionalPackage } from './errors/optional-package.js';
export { describeError, type ErrorReport } from './errors/describe-error.js';
export { Output, type OutputOptions, type ObjectView } from './output/output.js';
export type { Column } from './output/table.js';
export { printPage } from './output/page.js';
export { streamList, type ListTarget, type StreamListOptions } from './output/stream-list.js';
export type { ConfigStore, Env, ConfigValue, ConfigSource } from './config/config-store.js';
export type { FileSystem } from './fs/file-system.js';
export { writeFileAtomic } from './fs/atomic-write.js';
export type { Credentials, AuthMaterial } from './services/credentials.js';
export type { Prompt } from './services/prompt.js';
export { readAll, readCredential } from './services/read-stdin.js';
export { parseDuration, parseDurationList, parseDurationMs } from './parsing/duration.js';
export { parseJsonInput, readJsonFile } from './parsing/json-input.js';
export { readInputFile, readFileOrStdin, type InputSources } from './parsing/input-file.js';
export { readPaging, collectPages, followPages, type Paging, type Page } from './parsing/paging.js';
export { parseInteger } from './parsing/positive-int.js';
export { renderTable, renderPairs } from './output/table.js';
export { requireSecretPath } from './parsing/secret-path.js';
