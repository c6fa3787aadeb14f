import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileStamp } from './types.js';
import { nodeCrypto } from '../fs/lazy-crypto.js';

export function stampOf(path: string): FileStamp | null {
  try {
    // A missing file is an answer, not an exception: making its error and stack trace cost more than the stat.
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat === undefined ? null : { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs };
  } catch {
    return null;
  }
}

export function sameStamp(a: FileStamp | null | undefined, b: FileStamp | null): boolean {
  if (!a || !b) return a === b || (a === undefined && b === null);
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/**
 * One value that changes whenever any file or directory of a package does, from `lstat` alone:
 * for an installed plugin, so that an edit to any of its modules (not only the entry) makes the next
 * start rebuild the index and check the files against the install digest. The change time is in it
 * because it cannot be set back the way a modification time can (`touch -r`). Nested `node_modules`
 * are left out, as the digest leaves them out. Null when the directory cannot be read.
 */
export function treeStampOf(dir: string): string | null {
  const hash = nodeCrypto().createHash('sha256');
  const walk = (absolute: string, relative: string): void => {
    const names = readdirSync(absolute).sort();
    for (const name of names) {
      if (name === 'node_modules') continue;
      const path = join(absolute, name);
      const stat = lstatSync(path);
      hash.update(`${relative}/${name}\0${stat.ino}\0${stat.size}\0${stat.mtimeMs}\0${stat.ctimeMs}\0`);
      if (stat.isDirectory()) walk(path, `${relative}/${name}`);
    }
  };
  try {
    const top = lstatSync(dir);
    hash.update(`.\0${top.ino}\0${top.mtimeMs}\0${top.ctimeMs}\0`);
    walk(dir, '');
  } catch {
    return null;
  }
  return hash.digest('base64');
}
