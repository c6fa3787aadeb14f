import { CliError } from '../errors/cli-error.js';

/** The exit code a parser's error carries: 0 when `parse` returns, -1 when it throws anything but a CliError. */
export function exitCodeOf(parse: () => unknown): number {
  try {
    parse();
  } catch (error) {
    return error instanceof CliError ? error.exitCode : -1;
  }
  return 0;
}
