import { importOptionalPackage } from '@scaivault/core';

/**
 * `@scaivault/server`, the local server. It is an optional dependency: a lean
 * `npm install -g scaivault --omit=optional` (CI jobs that only read secrets) leaves it and its
 * native SQLite build out, and `scaivault dev` then says how to add it.
 */
export function importServer(): Promise<typeof import('@scaivault/server')> {
  return importOptionalPackage('@scaivault/server', () => import('@scaivault/server'), SERVER_INSTALL_HINT);
}

export const SERVER_INSTALL_HINT =
  '`scaivault dev` runs the local server: `npm install -g @scaivault/server` beside a lean install (or install scaivault without --omit=optional)';
