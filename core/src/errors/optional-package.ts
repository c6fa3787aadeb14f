import { CliError } from './cli-error.js';

/**
 * Imports a package the distribution installs as optional (the local server and its native addons are
 * left out of a lean `npm install --omit=optional`). When the package itself is absent, the command
 * answers with one line naming it and how to add it, instead of Node's module-resolution error; a
 * package that is there but fails to load (a missing dependency of its own, a stale native build)
 * keeps its own error.
 */
export async function importOptionalPackage<T>(packageName: string, load: () => Promise<T>, hint: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissingPackage(error, packageName)) {
      throw new CliError(`${packageName} is not installed`, { code: 'package_not_installed', hint });
    }
    throw error;
  }
}

/** Node's "cannot find package" error (ES or CommonJS resolution) for `packageName` or one of its subpaths. */
export function isMissingPackage(error: unknown, packageName: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  // "Cannot find package '@scaivault/server' imported from …" / "Cannot find module '@scaivault/server/key-root'".
  const named = /Cannot find (?:package|module) '([^']+)'/.exec(error.message)?.[1];
  return named !== undefined && (named === packageName || named.startsWith(`${packageName}/`));
}
