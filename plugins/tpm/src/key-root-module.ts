import { importOptionalPackage } from '@scaivault/core';
import type * as ServerModule from '@scaivault/server/key-root';

/**
 * The server's key-root module. `@scaivault/server` is an optional peer: the scaivault package brings it,
 * the lean @scaivault/cli-lean (and a trimmed distribution) may leave it and its native addons out,
 * so its absence is an install hint rather than a module-resolution error.
 */
export function importKeyRoot(): Promise<typeof ServerModule> {
  return importOptionalPackage('@scaivault/server', () => import('@scaivault/server/key-root'), SERVER_INSTALL_HINT);
}

export const SERVER_INSTALL_HINT =
  'the tpm commands need the local server, which this install leaves out: `npm install -g @scaivault/server` (or install scaivault, which includes it)';
