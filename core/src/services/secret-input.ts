import type { Readable } from 'node:stream';
import { UsageError } from '../errors/cli-error.js';
import type { Prompt } from './prompt.js';
import { readCredential } from './read-stdin.js';

export interface SecretInputSources {
  stdin: Readable;
  prompt: Prompt;
  /** Says how to pass the value when it was left out and there is no terminal to ask on. */
  missingHint: string;
}

/**
 * A secret (token, client secret) given on the command line, so that it need not be: `-` reads it
 * from stdin, and leaving it out asks for it. On a terminal both ask without echo, so it shows up
 * neither in the process list and shell history nor on the screen. An empty value or one with
 * whitespace is a usage error that does not repeat it.
 */
export async function readSecretInput(given: string | undefined, what: string, sources: SecretInputSources): Promise<string> {
  let value: string;
  if (given !== undefined && given !== '-') {
    value = given;
  } else if (sources.prompt.interactive) {
    value = await sources.prompt.secret(`${what[0]!.toUpperCase()}${what.slice(1)}: `);
    if (value.length === 0) throw new UsageError(`no ${what} given`);
  } else if (given === '-') {
    value = await readCredential(sources.stdin);
    if (value.length === 0) throw new UsageError(`empty ${what} on stdin`);
  } else {
    throw new UsageError(`no ${what} given`, sources.missingHint);
  }
  if (value.length === 0) throw new UsageError(`empty ${what}`);
  if (/\s/.test(value)) throw new UsageError(`the ${what} contains whitespace`);
  return value;
}
