import { validateSecretPath } from '@scaivault/sdk/secret-path';
import { UsageError } from '../errors/cli-error.js';

/**
 * Checks a secret path against the documented rules before any request: a bad one is exit 5 and
 * nothing reaches the server. `flag` names the option the path came from, when it is one.
 */
export function requireSecretPath(path: string, flag?: string): string {
  const problem = validateSecretPath(path);
  if (problem) throw new UsageError(`invalid secret path${flag ? ` for ${flag}` : ''} ${JSON.stringify(path)}: ${problem}`);
  return path;
}
