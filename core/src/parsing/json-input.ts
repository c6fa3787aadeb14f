import { UsageError } from '../errors/cli-error.js';

/** Parses JSON given on the command line or in a file; a syntax error is exit 5 naming the source. */
export function parseJsonInput(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}
