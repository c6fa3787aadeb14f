import { importOptionalPackage } from '@scaivault/core';
import type * as ServerModule from '@scaivault/server';

/**
 * `@scaivault/server`, the local server. It is an optional peer: the scaivault package brings it, the
 * lean @scaivault/cli-lean (CI jobs that only read secrets) leaves it and its native SQLite build
 * out, and `scaivault dev` then says how to add it.
 */
export function importServer(): Promise<typeof ServerModule> {
  return importOptionalPackage('@scaivault/server', () => import('@scaivault/server'), SERVER_INSTALL_HINT);
}

export const SERVER_INSTALL_HINT =
  '`scaivault dev` runs the local server, which this install leaves out: `npm install -g @scaivault/server` (or install scaivault, which includes it)';
