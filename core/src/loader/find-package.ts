import { existsSync } from 'node:fs';
import { dirname, sep } from 'node:path';

/**
 * Finds the directory of package `name` as Node would from `fromDir`: in `node_modules` of that
 * directory or of any parent. Returns undefined when it is not installed. Paths are put together
 * by hand: `fromDir` is absolute and normal, and path.join's normalising, for every bundled plugin at
 * every level on every start, was most of the time the lookups took.
 */
export function findPackageDir(name: string, fromDir: string): string | undefined {
  const tail = `node_modules${sep}${sep === '/' ? name : name.replace('/', sep)}`;
  let dir = fromDir.length > 1 && fromDir.endsWith(sep) ? fromDir.slice(0, -1) : fromDir;
  for (;;) {
    const candidate = dir.endsWith(sep) ? `${dir}${tail}` : `${dir}${sep}${tail}`;
    if (existsSync(`${candidate}${sep}package.json`)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
