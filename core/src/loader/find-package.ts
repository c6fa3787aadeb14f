import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Finds the directory of package `name` as Node would from `fromDir`: in `node_modules` of that
 * directory or of any parent. Returns undefined when it is not installed.
 */
export function findPackageDir(name: string, fromDir: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
