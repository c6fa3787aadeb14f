import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { nodeCrypto } from '../fs/lazy-crypto.js';

/**
 * A digest of a package directory: every file's relative path and content (symbolic links by their
 * target). Nested `node_modules` are left out: npm may rearrange those whenever another package is
 * installed, and a digest that changes without anyone touching the plugin would cry wolf.
 */
export function digestPackage(dir: string): string {
  const digest = nodeCrypto().createHash('sha256');
  const walk = (absolute: string, relative: string): void => {
    const entries = readdirSync(absolute, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(absolute, entry.name);
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path, name);
      } else if (entry.isSymbolicLink()) {
        digest.update(`link\0${name}\0${readlinkSync(path)}\0`);
      } else if (entry.isFile()) {
        digest.update(`file\0${name}\0`).update(nodeCrypto().createHash('sha256').update(readFileSync(path)).digest());
      }
    }
  };
  walk(dir, '');
  return `sha256-${digest.digest('base64')}`;
}

/** Why an installed package no longer matches the digest recorded at install, or undefined when it does. */
export function integrityProblem(dir: string, recorded: string | null): string | undefined {
  if (recorded === null) return 'no digest of its files was recorded when it was installed: reinstall it';
  let actual: string;
  try {
    actual = digestPackage(dir);
  } catch (error) {
    return `cannot read its files to check them: ${(error as Error).message}`;
  }
  return actual === recorded ? undefined : 'its files changed after it was installed: reinstall it';
}
