import { importOptionalPackage } from '@scaivault/core';

/**
 * The server's key-root module. `@scaivault/server` is an optional dependency (a lean
 * `npm install -g scaivault --omit=optional` leaves it and its native addons out), so its absence
 * is an install hint rather than a module-resolution error.
 */
export function importKeyRoot(): Promise<typeof import('@scaivault/server/key-root')> {
  return importOptionalPackage('@scaivault/server', () => import('@scaivault/server/key-root'), SERVER_INSTALL_HINT);
}

export const SERVER_INSTALL_HINT =
  'the tpm commands need the local server package: `npm install -g @scaivault/server` beside a lean install (or install scaivault without --omit=optional)';
