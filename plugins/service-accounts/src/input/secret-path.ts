import { UsageError } from '@scaivault/core';
import { validateSecretPath } from '@scaivault/core/sdk';

/** Checks a secret path before any request: a bad one is exit 5 and nothing reaches the server. */
export function requireSecretPath(path: string, flag: string): string {
  const problem = validateSecretPath(path);
  if (problem) throw new UsageError(`invalid secret path for ${flag} ${JSON.stringify(path)}: ${problem}`);
  return path;
}
