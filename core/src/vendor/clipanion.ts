// clipanion for plugins: one copy per process. Names are listed (not `export *`) so bundling keeps them.
export type * from 'clipanion';
export { Builtins, Cli, Command, Option, UsageError, formatMarkdownish, run, runExit } from 'clipanion';
