/**
 * The flags the runtime itself looks at before any command is parsed: `--json` (so that even an
 * unknown command reports its error as JSON) and `--help`/`-h`, which mean help wherever they are
 * on the line, as in gh and vault. Nothing after `--` counts: that is an argument.
 */
export function commandLineFlags(argv: readonly string[]): { json: boolean; help: boolean } {
  const end = argv.indexOf('--');
  const flags = end < 0 ? argv : argv.slice(0, end);
  return { json: flags.includes('--json'), help: flags.includes('--help') || flags.includes('-h') };
}
